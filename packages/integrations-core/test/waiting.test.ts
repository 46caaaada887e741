import { describe, expect, it } from 'vitest';
import {
  CloudConnectionError,
  type Connector,
  cappedPollDelay,
  InvalidParameterError,
  type JobReachableEvent,
  JobResult,
  type JobStatus,
  type JobUnreachableEvent,
  type LogFields,
  OperationAbortedError,
  pollForStatusChange,
  type StatusChange,
  waitForCompletion,
  watchJob,
} from '../src/index.js';
import { createManualClock, type ManualClock } from '../src/testing/index.js';
import { driveUntilSettled, NO_CAPABILITIES, scriptedConnector } from './support.js';

/**
 * A job that runs until `endsAt` on the clock, then SUCCEEDED. With `push`, it claims `waitForStatusChange`,
 * answered on the clock (the way a long-poll is answered by the platform).
 */
function timedJob(clock: ManualClock, endsAt: number, options: { push?: boolean } = {}) {
  const calls = { getJobStatus: 0, waitForStatusChange: 0 };
  const statusAt = (now: number): JobStatus => (now >= endsAt ? 'succeeded' : 'running');
  const connector: Connector = {
    ...scriptedConnector(['running']),
    capabilities: { ...NO_CAPABILITIES, waitForStatusChange: options.push === true },
    async getJobStatus() {
      calls.getJobStatus++;
      return statusAt(clock.now());
    },
    ...(options.push
      ? {
          async waitForStatusChange(
            _jobId: string,
            { since, timeoutMs, signal }: { since: JobStatus; timeoutMs: number; signal?: AbortSignal },
          ): Promise<StatusChange> {
            calls.waitForStatusChange++;
            if (statusAt(clock.now()) === since && since === 'running') {
              await clock.sleep(Math.min(timeoutMs, endsAt - clock.now()), signal);
            }
            const status = statusAt(clock.now());
            return { status, changed: status !== since };
          },
        }
      : {}),
  };
  return { connector, calls };
}

/** The time the terminal status was observed, for a job ending `durationMs` after the watch starts. */
async function noticedAt(durationMs: number, options: { push?: boolean; pollIntervalMs?: number } = {}) {
  const clock = createManualClock(0);
  const { connector, calls } = timedJob(clock, durationMs, options);
  let endSeenAt = Number.NaN;
  await driveUntilSettled(
    clock,
    waitForCompletion(connector, 'job-1', {
      clock,
      pollIntervalMs: options.pollIntervalMs ?? 100,
      timeoutMs: Number.POSITIVE_INFINITY,
      onStatus: (change) => {
        if (change.status === 'succeeded') endSeenAt = change.observedAt;
      },
    }),
  );
  return { lateness: endSeenAt - durationMs, calls };
}

describe('waiting without push: the delay is capped by the time waited', () => {
  it('caps each delay at 5% of the time waited so far, never below the minimum interval nor above the maximum', () => {
    const policy = { minIntervalMs: 500, maxIntervalMs: 30_000 };
    expect(cappedPollDelay(0, policy)).toBe(500);
    expect(cappedPollDelay(5_000, policy)).toBe(500);
    expect(cappedPollDelay(60_000, policy)).toBe(3_000);
    expect(cappedPollDelay(3_600_000, policy)).toBe(30_000);
    expect(cappedPollDelay(100_000, { ...policy, latenessRatio: 0.01 })).toBe(1_000);
  });

  it.each([500, 5_000, 60_000, 600_000, 3_600_000])(
    'notices the end of a %i ms job within 5% of its duration or one interval',
    async (durationMs) => {
      const { lateness, calls } = await noticedAt(durationMs);
      expect(lateness).toBeGreaterThanOrEqual(0);
      expect(lateness).toBeLessThanOrEqual(Math.max(100, durationMs * 0.05));
      // And it still backs off: far fewer reads than one per interval.
      if (durationMs >= 60_000) expect(calls.getJobStatus).toBeLessThan(durationMs / 100 / 5);
    },
  );
});

describe('waiting with push (waitForStatusChange)', () => {
  it('notices the end the moment the connector reports it, with no polling after the first read', async () => {
    const { lateness, calls } = await noticedAt(5_000, { push: true });
    expect(lateness).toBe(0);
    expect(calls.getJobStatus).toBe(1);
    expect(calls.waitForStatusChange).toBe(1);
  });

  it('waits in long-poll slices of longPollMs and still notices at once', async () => {
    const clock = createManualClock(0);
    const { connector, calls } = timedJob(clock, 95_000, { push: true });
    const changes: { status: string; observedAt: number }[] = [];
    await driveUntilSettled(
      clock,
      (async () => {
        for await (const change of watchJob(connector, 'job-1', { clock, longPollMs: 30_000 }))
          changes.push(change);
      })(),
    );
    expect(changes.map((change) => [change.status, change.observedAt])).toEqual([
      ['running', 0],
      ['succeeded', 95_000],
    ]);
    expect(calls.waitForStatusChange).toBe(4);
  });

  it('polls instead when usePush is false', async () => {
    const clock = createManualClock(0);
    const { connector, calls } = timedJob(clock, 5_000, { push: true });
    await driveUntilSettled(clock, waitForCompletion(connector, 'job-1', { clock, usePush: false }));
    expect(calls.waitForStatusChange).toBe(0);
    expect(calls.getJobStatus).toBeGreaterThan(1);
  });

  it('does not spin on a connector that answers "no change" at once', async () => {
    const clock = createManualClock(0);
    let waits = 0;
    const connector: Connector = {
      ...scriptedConnector(['running']),
      capabilities: { ...NO_CAPABILITIES, waitForStatusChange: true },
      async waitForStatusChange(_jobId, { since }) {
        waits++;
        return { status: since, changed: false };
      },
    };
    const { error } = await driveUntilSettled(
      clock,
      waitForCompletion(connector, 'job-1', { clock, pollIntervalMs: 1_000, timeoutMs: 10_000 }),
    );
    expect(error).toBeDefined();
    expect(waits).toBeLessThanOrEqual(11);
  });
});

describe('unreachable is not failed', () => {
  /** A job that runs until 600 s, whose status cannot be read between `downFrom` and `downUntil`. */
  function flakyPlatform(clock: ManualClock, downFrom: number, downUntil: number) {
    const calls: string[] = [];
    const connector: Connector = {
      ...scriptedConnector(['running']),
      async getJobStatus() {
        calls.push('getJobStatus');
        const now = clock.now();
        if (now >= downFrom && now < downUntil) {
          throw new CloudConnectionError('connect ECONNREFUSED 10.0.0.1:443', { code: 'ECONNREFUSED' });
        }
        return now >= 600_000 ? 'succeeded' : 'running';
      },
      async cancelJob() {
        calls.push('cancelJob');
        return true;
      },
      async getJobResult(jobId) {
        return new JobResult({ jobId, status: clock.now() >= 600_000 ? 'succeeded' : 'running' });
      },
    };
    return { connector, calls };
  }

  function recordingLogger() {
    const lines: { level: string; message: string; fields?: LogFields }[] = [];
    const at =
      (level: string) =>
      (message: string, fields?: LogFields): void => {
        lines.push({ level, message, ...(fields ? { fields } : {}) });
      };
    return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  }

  it('keeps waiting through an outage, reports the job unreachable since the first failed read, and never cancels', async () => {
    const clock = createManualClock(0);
    const { connector, calls } = flakyPlatform(clock, 60_000, 360_000);
    const logger = recordingLogger();
    const unreachable: JobUnreachableEvent[] = [];
    const reachable: JobReachableEvent[] = [];
    const statuses: string[] = [];
    const { value, error } = await driveUntilSettled(
      clock,
      waitForCompletion(connector, 'job-1', {
        clock,
        cancelOnTimeout: true,
        retry: { maxAttempts: 2 },
        logger,
        onStatus: (change) => statuses.push(change.status),
        onUnreachable: (event) => unreachable.push(event),
        onReachable: (event) => reachable.push(event),
      }),
    );
    expect(error).toBeUndefined();
    expect(value?.status).toBe('succeeded');
    expect(statuses).toEqual(['running', 'succeeded']);
    expect(unreachable).toHaveLength(1);
    const [event] = unreachable;
    expect(event?.since).toBeGreaterThanOrEqual(60_000);
    expect(event?.since).toBeLessThan(
      60_000 + cappedPollDelay(60_000, { minIntervalMs: 1_000, maxIntervalMs: 30_000 }),
    );
    expect(event?.lastStatus).toBe('running');
    expect(event?.error.code).toBe('ECONNREFUSED');
    expect(reachable).toHaveLength(1);
    expect(reachable[0]?.since).toBe(event?.since);
    expect(reachable[0]?.observedAt).toBeGreaterThanOrEqual(360_000);
    expect(calls).not.toContain('cancelJob');
    const warning = logger.lines.find((line) => line.level === 'warn');
    expect(warning?.message).toContain(`unreachable since ${new Date(event!.since).toISOString()}`);
    expect(
      logger.lines.some((line) => line.level === 'info' && line.message.includes('reachable again')),
    ).toBe(true);
  });

  it('gives up past the budget with JOB_UNREACHABLE, never a FAILED status, never a cancel', async () => {
    const clock = createManualClock(0);
    const { connector, calls } = flakyPlatform(clock, 60_000, Number.POSITIVE_INFINITY);
    const statuses: string[] = [];
    const { error } = await driveUntilSettled(
      clock,
      waitForCompletion(connector, 'job-1', {
        clock,
        cancelOnTimeout: true,
        unreachableBudgetMs: 120_000,
        onStatus: (change) => statuses.push(change.status),
      }),
    );
    expect(CloudConnectionError.isInstance(error)).toBe(true);
    expect((error as CloudConnectionError).code).toBe('JOB_UNREACHABLE');
    expect((error as Error).message).toMatch(/could not be reached since .*not cancelled/);
    expect(clock.now()).toBeGreaterThanOrEqual(60_000 + 120_000);
    expect(clock.now()).toBeLessThan(60_000 + 120_000 + 30_000);
    expect(statuses).toEqual(['running']);
    expect(calls).not.toContain('cancelJob');
  });

  it('does not cancel on timeout while the job is unreachable', async () => {
    const clock = createManualClock(0);
    const { connector, calls } = flakyPlatform(clock, 60_000, Number.POSITIVE_INFINITY);
    const { error } = await driveUntilSettled(
      clock,
      waitForCompletion(connector, 'job-1', { clock, cancelOnTimeout: true, timeoutMs: 120_000 }),
    );
    expect((error as { code?: string }).code).toBe('JOB_TIMEOUT');
    expect(calls).not.toContain('cancelJob');
  });

  it('dates an outage met by a long push wait from when the failure was seen, not from when the wait began', async () => {
    const clock = createManualClock(0);
    const unreachable: JobUnreachableEvent[] = [];
    const connector: Connector = {
      ...scriptedConnector(['running']),
      capabilities: { ...NO_CAPABILITIES, waitForStatusChange: true },
      async waitForStatusChange(_jobId, { since, signal }) {
        // The platform answers the long wait for two hours, then goes away.
        if (clock.now() < 7_200_000) await clock.sleep(7_200_000 - clock.now(), signal);
        if (clock.now() < 7_300_000) throw new CloudConnectionError('socket hang up', { code: 'ECONNRESET' });
        return { status: 'succeeded', changed: since !== 'succeeded' };
      },
    };
    const { error } = await driveUntilSettled(
      clock,
      waitForCompletion(connector, 'job-1', {
        clock,
        retry: { maxAttempts: 1 },
        timeoutMs: Number.POSITIVE_INFINITY,
        onUnreachable: (event) => unreachable.push(event),
      }),
    );
    expect(error).toBeUndefined();
    expect(unreachable.map((event) => event.since)).toEqual([7_200_000]);
  });

  it('refuses a negative budget before any call', async () => {
    const { connector, calls } = flakyPlatform(createManualClock(0), 0, 0);
    await expect(waitForCompletion(connector, 'job-1', { unreachableBudgetMs: -1 })).rejects.toSatisfy(
      InvalidParameterError.isInstance,
    );
    expect(calls).toEqual([]);
  });
});

describe('pollForStatusChange (waitForStatusChange by bounded polling)', () => {
  it('resolves as soon as a read differs from since, within the capped delay', async () => {
    const clock = createManualClock(0);
    const read = async (): Promise<JobStatus> => (clock.now() >= 42_000 ? 'succeeded' : 'running');
    const { value } = await driveUntilSettled(
      clock,
      pollForStatusChange(read, { since: 'running', timeoutMs: 100_000, clock, minIntervalMs: 500 }),
    );
    expect(value).toEqual({ status: 'succeeded', changed: true });
    expect(clock.now() - 42_000).toBeLessThanOrEqual(Math.max(500, 42_000 * 0.05));
  });

  it('never reports the status it was given as a change, and resolves unchanged at the timeout', async () => {
    const clock = createManualClock(0);
    const { value } = await driveUntilSettled(
      clock,
      pollForStatusChange(async () => 'running', { since: 'running', timeoutMs: 10_000, clock }),
    );
    expect(value).toEqual({ status: 'running', changed: false });
    expect(clock.now()).toBe(10_000);
  });

  it('stops when its signal aborts', async () => {
    const clock = createManualClock(0);
    const controller = new AbortController();
    const waiting = pollForStatusChange(async () => 'running', {
      since: 'running',
      timeoutMs: 60_000,
      clock,
      signal: controller.signal,
    });
    await clock.advance(1_000);
    controller.abort();
    await expect(waiting).rejects.toSatisfy(OperationAbortedError.isInstance);
  });

  it('refuses a bad since or timeout, naming the field', async () => {
    const read = async (): Promise<JobStatus> => 'running';
    await expect(pollForStatusChange(read, { since: 'finished' as JobStatus, timeoutMs: 1 })).rejects.toThrow(
      /since/,
    );
    await expect(pollForStatusChange(read, { since: 'running', timeoutMs: -5 })).rejects.toThrow(/timeoutMs/);
  });
});
