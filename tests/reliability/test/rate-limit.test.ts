import { HttpConnector } from '@neural/connector-http';
import { createFakePlatform } from '@neural/fake-platform';
import { createManualClock, type ManualClock } from '@neural/integrations-core/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Moves the shared clock forward in small steps until every call settled (bounded: a hang fails the test). */
async function drive(clock: ManualClock, calls: Promise<unknown>[], stepMs = 5, maxSteps = 20_000) {
  let settled = 0;
  for (const call of calls)
    call.then(
      () => settled++,
      () => settled++,
    );
  for (let step = 0; step < maxSteps && settled < calls.length; step++) await clock.advance(stepMs);
  expect(settled).toBe(calls.length);
  return Promise.allSettled(calls);
}

describe('HttpConnector rateLimit against the fake platform', () => {
  it('never sends a request faster than the limit, retries of 429s and 503s included', async () => {
    const clock = createManualClock(0);
    const platform = createFakePlatform({
      clock,
      latencyClock: clock,
      seed: 9,
      faults: { rate: 0.3, kinds: ['rate-limit', 'unavailable'], retryAfterSeconds: 1 },
    });
    server.use(...platform.handlers);
    const sentAt: number[] = [];
    const connector = new HttpConnector(
      { apiKey: platform.apiKey, endpoint: platform.url },
      {
        clock,
        allowInsecureHttp: true, // the in-process fake answers on http://fake-platform.test
        rateLimit: { requestsPerSecond: 20, burst: 1 },
        retry: { maxAttempts: 10, maxElapsedMs: 600_000 },
        fetch: (input, init) => {
          sentAt.push(clock.now());
          return globalThis.fetch(input, init);
        },
      },
    );
    const outcomes = await drive(
      clock,
      Array.from({ length: 40 }, (_, index) => connector.submitJob({ code: `print(${index})` })),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    expect(platform.model.jobCount).toBe(40);

    const gaps = sentAt.slice(1).map((at, index) => at - sentAt[index]!);
    // 50 ms at 20 requests per second; retry jitter makes the times fractional, hence the float epsilon.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(50 - 1e-6);
    // The platform saw the same requests, retries of its own 429s among them, at the same pace.
    const received = platform.requests;
    expect(received).toHaveLength(sentAt.length);
    expect(received.filter((request) => request.fault === 'rate-limit').length).toBeGreaterThanOrEqual(3);
    const receivedAt = received.map((request) => Date.parse(request.at));
    const receivedGaps = receivedAt.slice(1).map((at, index) => at - receivedAt[index]!);
    // The platform records whole milliseconds: a 50 ms gap can read 49.
    expect(Math.min(...receivedGaps)).toBeGreaterThanOrEqual(49);
  });

  it('spreads the retries of 100 concurrent callers told to wait by a 429 over a wide window', async () => {
    const clock = createManualClock(0);
    const platform = createFakePlatform({ clock, latencyClock: clock, seed: 4 });
    server.use(...platform.handlers);
    const delays: number[] = [];
    const connector = new HttpConnector(
      { apiKey: platform.apiKey, endpoint: platform.url },
      {
        clock,
        allowInsecureHttp: true,
        retry: { maxAttempts: 3, onRetry: ({ delayMs }) => delays.push(delayMs) },
      },
    );
    const jobId = await connector.submitJob({ code: 'print(1)\n# @fake forever' });
    const before = platform.requests.length;

    platform.setFaults({ rate: 1, kinds: ['rate-limit'], retryAfterSeconds: 1 });
    const calls = Array.from({ length: 100 }, () => connector.getJobStatus(jobId));
    for (let turn = 0; turn < 10_000 && delays.length < 100; turn++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    expect(delays).toHaveLength(100);
    platform.setFaults({ rate: 0 });
    const outcomes = await drive(clock, calls);
    expect(outcomes.every((outcome) => outcome.status === 'fulfilled')).toBe(true);

    const retries = platform.requests.slice(before).filter((request) => request.status === 200);
    expect(retries).toHaveLength(100);
    const retryAt = retries.map((request) => Date.parse(request.at));
    // Retry-After is honoured by everyone...
    expect(Math.min(...retryAt)).toBeGreaterThanOrEqual(1_000);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(1_000);
    // ...and the jitter on top of it (a window of max(backoff, Retry-After / 2) = 500 ms) keeps them apart:
    // the spread covers most of the window, and no 10 ms slice holds more than a handful of callers.
    const spread = Math.max(...retryAt) - Math.min(...retryAt);
    expect(spread).toBeGreaterThan(350);
    const perSlice = new Map<number, number>();
    for (const at of retryAt) perSlice.set(Math.floor(at / 10), (perSlice.get(Math.floor(at / 10)) ?? 0) + 1);
    expect(Math.max(...perSlice.values())).toBeLessThanOrEqual(10);
  });
});
