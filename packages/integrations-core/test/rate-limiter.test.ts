import { describe, expect, it } from 'vitest';
import { createRateLimiter, InvalidParameterError, OperationAbortedError } from '../src/index.js';
import { createManualClock } from '../src/testing/index.js';
import { caught } from './support.js';

describe('createRateLimiter', () => {
  it('lets a burst through at once, then one call per interval, never faster', async () => {
    const clock = createManualClock(0);
    const limiter = createRateLimiter({ requestsPerSecond: 10, burst: 3, clock });
    const sentAt: number[] = [];
    const calls = Array.from({ length: 8 }, () => limiter.acquire().then(() => sentAt.push(clock.now())));
    while (sentAt.length < 8) await clock.runNext();
    await Promise.all(calls);
    expect(sentAt).toEqual([0, 0, 0, 100, 200, 300, 400, 500]);
  });

  it('refills while idle, up to the burst only', async () => {
    const clock = createManualClock(0);
    const limiter = createRateLimiter({ requestsPerSecond: 10, burst: 2, clock });
    await limiter.acquire();
    await limiter.acquire();
    await clock.advance(10_000);
    const sentAt: number[] = [];
    const calls = Array.from({ length: 4 }, () => limiter.acquire().then(() => sentAt.push(clock.now())));
    while (sentAt.length < 4) await clock.runNext();
    await Promise.all(calls);
    expect(sentAt).toEqual([10_000, 10_000, 10_100, 10_200]);
  });

  it('rejects an aborted waiter with OperationAbortedError and keeps the others on schedule', async () => {
    const clock = createManualClock(0);
    const limiter = createRateLimiter({ requestsPerSecond: 1, clock });
    await limiter.acquire();
    const stop = new AbortController();
    const aborted = caught(() => limiter.acquire(stop.signal));
    stop.abort();
    expect(OperationAbortedError.isInstance(await aborted)).toBe(true);
    const next = limiter.acquire();
    await clock.advance(1_000);
    await next;
    expect(clock.now()).toBe(1_000);
  });

  it('refuses options that could not limit anything, naming each field', () => {
    const error = (() => {
      try {
        createRateLimiter({ requestsPerSecond: 0, burst: 1.5 });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    expect((error as InvalidParameterError).issues.map((issue) => issue.field)).toEqual([
      'requestsPerSecond',
      'burst',
    ]);
    expect(() => createRateLimiter({ requestsPerSecond: Number.NaN })).toThrow(/requestsPerSecond/);
  });
});
