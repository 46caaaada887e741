/**
 * `waitForStatusChange` over the fake platform's long-poll, and `waitForCompletion` through a stretch of
 * injected outage (issue 13: unreachable is not failed). Time is the fake platform's manual clock, shared with
 * the connector and the waiting helpers: no test waits on the wall clock. The clock moves only once every request
 * is answered or parked in a long-poll (`createSettledTime`), so no attempt timeout fires on a request that was
 * merely slow to travel.
 */
import { createFakePlatform } from '@neural/fake-platform';
import {
  InvalidParameterError,
  JobNotFoundError,
  type JobUnreachableEvent,
  OperationAbortedError,
  waitForCompletion,
} from '@neural/integrations-core';
import { createManualClock, type ManualClock } from '@neural/integrations-core/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpConnector } from '../src/index.js';
import { createSettledTime } from './support/settled-time.js';

const API_KEY = 'sk-fake-platform-long-poll-secret';

type SettledTime = ReturnType<typeof createSettledTime>;

/** Moves the shared clock in `stepMs` steps until `promise` settles (bounded, so a hang fails the test). */
async function settle<T>(time: SettledTime, promise: Promise<T>, stepMs = 50, maxSteps = 20_000) {
  let outcome: { value?: T; error?: unknown } | undefined;
  promise.then(
    (value) => {
      outcome = { value };
    },
    (error: unknown) => {
      outcome = { error };
    },
  );
  for (let step = 0; step < maxSteps && !outcome; step++) await time.advance(stepMs);
  if (!outcome) throw new Error(`still running after ${maxSteps} steps of ${stepMs} ms`);
  return outcome;
}

describe('HttpConnector.waitForStatusChange (the platform long-poll)', () => {
  let clock: ManualClock;
  let time: SettledTime;
  let platform: ReturnType<typeof createFakePlatform>;
  let connector: HttpConnector;
  const server = setupServer();
  const requests = (operationId: string) =>
    platform.requests.filter((request) => request.operationId === operationId).length;

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  beforeEach(() => {
    clock = createManualClock();
    platform = createFakePlatform({ clock, apiKey: API_KEY, tokenTtlMs: 86_400_000 });
    server.resetHandlers(...platform.handlers);
    time = createSettledTime(clock, platform);
    connector = new HttpConnector(
      { apiKey: API_KEY, endpoint: platform.url },
      {
        clock,
        fetch: time.fetch,
        allowInsecureHttp: true,
        retry: { initialDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 3 },
      },
    );
  });

  it('claims the capability', () => {
    expect(connector.capabilities.waitForStatusChange).toBe(true);
  });

  it('returns the moment the status changes, without polling', async () => {
    const jobId = await connector.submitJob({ code: '# @fake queue=1s starting=1s duration=5s' });
    const started = clock.now();
    const { value } = await settle(
      time,
      connector.waitForStatusChange(jobId, { since: 'pending', timeoutMs: 60_000 }),
    );
    expect(value).toEqual({ status: 'running', changed: true });
    expect(clock.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(clock.now() - started).toBeLessThanOrEqual(2_100);
    // QUEUED -> STARTING is still pending: waited past (one more long-poll), never reported as a change.
    expect(requests('waitForJob')).toBeLessThanOrEqual(3);
  });

  it('resolves unchanged once its timeout has passed, in long-poll slices', async () => {
    const jobId = await connector.submitJob({ code: '# @fake forever' });
    await settle(time, connector.waitForStatusChange(jobId, { since: 'pending', timeoutMs: 60_000 }));
    const started = clock.now();
    const { value } = await settle(
      time,
      connector.waitForStatusChange(jobId, { since: 'running', timeoutMs: 60_000 }),
    );
    expect(value).toEqual({ status: 'running', changed: false });
    expect(clock.now() - started).toBeGreaterThanOrEqual(60_000);
    expect(clock.now() - started).toBeLessThanOrEqual(60_100);
  });

  it('stops when its signal aborts, and refuses bad options or an unknown job', async () => {
    const jobId = await connector.submitJob({ code: '# @fake forever' });
    await time.advance(1_000);
    const controller = new AbortController();
    const waiting = connector.waitForStatusChange(jobId, {
      since: 'running',
      timeoutMs: 600_000,
      signal: controller.signal,
    });
    await time.advance(5_000);
    controller.abort();
    await expect(waiting).rejects.toSatisfy(OperationAbortedError.isInstance);
    await expect(
      connector.waitForStatusChange(jobId, { since: 'done' as never, timeoutMs: 1 }),
    ).rejects.toSatisfy(InvalidParameterError.isInstance);
    await expect(
      connector.waitForStatusChange('job_nope', { since: 'running', timeoutMs: 0 }),
    ).rejects.toSatisfy(JobNotFoundError.isInstance);
  });

  it('lets waitForCompletion notice the end at once, with a handful of requests', async () => {
    const jobId = await connector.submitJob({ code: '# @fake queue=100ms starting=100ms duration=90s' });
    const endsAt = clock.now() + 90_200;
    let endSeenAt = 0;
    const { value } = await settle(
      time,
      waitForCompletion(connector, jobId, {
        clock,
        onStatus: (change) => {
          if (change.status === 'succeeded') endSeenAt = change.observedAt;
        },
      }),
    );
    expect(value?.status).toBe('succeeded');
    expect(endSeenAt - endsAt).toBeLessThanOrEqual(50);
    expect(requests('waitForJob')).toBeLessThanOrEqual(10);
  });

  it('waits through a stretch of 100% faults: unreachable since the outage, never failed, never cancelled', async () => {
    const jobId = await connector.submitJob({ code: '# @fake queue=100ms starting=100ms duration=10m' });
    const unreachable: JobUnreachableEvent[] = [];
    const statuses: string[] = [];
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (message: string) => warnings.push(message) };
    const waiting = waitForCompletion(connector, jobId, {
      clock,
      logger,
      cancelOnTimeout: true,
      timeoutMs: 3_600_000,
      onStatus: (change) => statuses.push(change.status),
      onUnreachable: (event) => unreachable.push(event),
    });
    await time.advance(60_000);
    const outageStart = clock.now();
    platform.setFaults({ rate: 1, kinds: ['unavailable', 'internal', 'drop-before'] });
    // Five minutes of nothing but faults, on the injected clock.
    for (let i = 0; i < 3_000; i++) await time.advance(100);
    platform.setFaults({ rate: 0 });
    const { value, error } = await settle(time, waiting, 500);
    expect(error).toBeUndefined();
    expect(value?.status).toBe('succeeded');
    expect(statuses).toEqual(['pending', 'running', 'succeeded']);
    expect(unreachable).toHaveLength(1);
    expect(unreachable[0]!.since).toBeGreaterThanOrEqual(outageStart - 25_000);
    expect(unreachable[0]!.since).toBeLessThan(outageStart + 30_000);
    expect(warnings.some((line) => line.includes('unreachable since'))).toBe(true);
    expect(platform.requests.some((request) => request.operationId === 'cancelJob')).toBe(false);
  });

  it('gives up past the unreachable budget with JOB_UNREACHABLE and leaves the job running', async () => {
    const jobId = await connector.submitJob({ code: '# @fake forever' });
    const waiting = waitForCompletion(connector, jobId, {
      clock,
      cancelOnTimeout: true,
      unreachableBudgetMs: 120_000,
    });
    await time.advance(1_000);
    platform.setFaults({ rate: 1, kinds: ['unavailable'] });
    const { error } = await settle(time, waiting, 500);
    platform.setFaults({ rate: 0 });
    expect((error as { code?: string }).code).toBe('JOB_UNREACHABLE');
    expect(await connector.getJobStatus(jobId)).toBe('running');
    expect(platform.requests.some((request) => request.operationId === 'cancelJob')).toBe(false);
  });
});
