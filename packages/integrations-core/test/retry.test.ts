import { describe, expect, it } from 'vitest';
import {
  CloudConnectionError,
  CloudExecutionError,
  computeRetryDelay,
  InvalidParameterError,
  isRetryableError,
  OperationAbortedError,
  RateLimitError,
  withRetry,
} from '../src/index.js';
import { createManualClock } from '../src/testing/index.js';
import { until } from './support.js';

/** A function that fails with `errors` in turn, then returns 'ok'; records the clock time of each attempt. */
function flaky(errors: unknown[], clock: { now(): number }) {
  const attempts: number[] = [];
  const fn = async () => {
    attempts.push(clock.now());
    const error = errors[attempts.length - 1];
    if (error !== undefined) throw error;
    return 'ok';
  };
  return { fn, attempts };
}

describe('computeRetryDelay', () => {
  it('grows exponentially up to the cap, with full jitter', () => {
    const top = { random: () => 0.999999, initialDelayMs: 100, maxDelayMs: 1000 };
    expect(Math.round(computeRetryDelay(1, new Error(), top))).toBe(100);
    expect(Math.round(computeRetryDelay(2, new Error(), top))).toBe(200);
    expect(Math.round(computeRetryDelay(3, new Error(), top))).toBe(400);
    expect(Math.round(computeRetryDelay(10, new Error(), top))).toBe(1000);
    expect(computeRetryDelay(3, new Error(), { ...top, random: () => 0 })).toBe(0);
    expect(computeRetryDelay(3, new Error(), { ...top, random: () => 0.5 })).toBe(200);
  });

  it('never waits less than a RateLimitError asks, and spreads clients told the same wait', () => {
    const error = new RateLimitError('slow down', { retryAfterMs: 5000 });
    expect(computeRetryDelay(1, error, { random: () => 0 })).toBe(5000);
    expect(computeRetryDelay(1, error, { random: () => 0.5 })).toBeGreaterThan(5000);
  });
});

describe('withRetry', () => {
  it('retries retryable failures with backoff, then returns the result', async () => {
    const clock = createManualClock(0);
    const { fn, attempts } = flaky([new CloudConnectionError('a'), new CloudConnectionError('b')], clock);
    const done = withRetry(fn, { clock, random: () => 0.5, initialDelayMs: 100 });
    await until(() => attempts.length === 1);
    await clock.advance(50);
    await until(() => attempts.length === 2);
    await clock.advance(100);
    await expect(done).resolves.toBe('ok');
    expect(attempts).toEqual([0, 50, 150]);
  });

  it('does not retry what is not retryable', async () => {
    const clock = createManualClock(0);
    const { fn, attempts } = flaky([new CloudExecutionError('refused')], clock);
    await expect(withRetry(fn, { clock })).rejects.toBeInstanceOf(CloudExecutionError);
    expect(attempts).toHaveLength(1);
    expect(isRetryableError(new Error('plain'))).toBe(false);
  });

  it('honours a custom isRetryable', async () => {
    const clock = createManualClock(0);
    const { fn, attempts } = flaky([new Error('flaky')], clock);
    const done = withRetry(fn, { clock, isRetryable: () => true, random: () => 0 });
    await until(() => attempts.length === 1);
    await clock.advance(0);
    await expect(done).resolves.toBe('ok');
  });

  it('waits as long as RateLimitError.retryAfterMs says', async () => {
    const clock = createManualClock(0);
    const { fn, attempts } = flaky([new RateLimitError('429', { retryAfterMs: 3000 })], clock);
    const done = withRetry(fn, { clock, random: () => 0 });
    await until(() => attempts.length === 1);
    await clock.advance(2999);
    expect(attempts).toHaveLength(1);
    await clock.advance(1);
    await expect(done).resolves.toBe('ok');
    expect(attempts).toEqual([0, 3000]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const clock = createManualClock(0);
    const errors = [1, 2, 3, 4].map((n) => new CloudConnectionError(`fail ${n}`));
    const { fn, attempts } = flaky(errors, clock);
    const done = withRetry(fn, { clock, maxAttempts: 3, random: () => 0 });
    done.catch(() => {});
    // Zero-length waits: one advance lets every retry that falls due at this instant run.
    await clock.advance(0);
    await expect(done).rejects.toBe(errors[2]);
    expect(attempts).toHaveLength(3);
  });

  it('gives up when the next wait would pass maxElapsedMs', async () => {
    const clock = createManualClock(0);
    const { fn, attempts } = flaky([new RateLimitError('429', { retryAfterMs: 10_000 })], clock);
    await expect(withRetry(fn, { clock, maxElapsedMs: 5_000 })).rejects.toBeInstanceOf(RateLimitError);
    expect(attempts).toHaveLength(1);
  });

  it('stops at once when aborted during a wait', async () => {
    const clock = createManualClock(0);
    const controller = new AbortController();
    const { fn, attempts } = flaky([new CloudConnectionError('a')], clock);
    const done = withRetry(fn, { clock, signal: controller.signal, initialDelayMs: 1000, random: () => 0.9 });
    await until(() => clock.pendingSleepers === 1);
    controller.abort();
    await expect(done).rejects.toSatisfy(OperationAbortedError.isInstance);
    expect(attempts).toHaveLength(1);
    expect(clock.pendingSleepers).toBe(0);
  });

  it('stops at once when aborted during an attempt that ignores the signal', async () => {
    const controller = new AbortController();
    const done = withRetry(() => new Promise<never>(() => {}), { signal: controller.signal });
    controller.abort();
    await expect(done).rejects.toSatisfy(OperationAbortedError.isInstance);
  });

  it('does not start when the signal is already aborted', async () => {
    let calls = 0;
    const done = withRetry(async () => ++calls, { signal: AbortSignal.abort() });
    await expect(done).rejects.toSatisfy(OperationAbortedError.isInstance);
    expect(calls).toBe(0);
  });

  it('refuses a policy that would not be bounded, naming every bad field', async () => {
    const error = await withRetry(async () => 1, {
      maxAttempts: Number.NaN,
      maxElapsedMs: -1,
      factor: 0.5,
    }).catch((caught: unknown) => caught);
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    expect((error as InvalidParameterError).issues.map((issue) => issue.field)).toEqual([
      'maxAttempts',
      'factor',
      'maxElapsedMs',
    ]);
  });

  it('tells onRetry about each wait', async () => {
    const clock = createManualClock(0);
    const events: number[] = [];
    const { fn } = flaky([new CloudConnectionError('a')], clock);
    const done = withRetry(fn, { clock, random: () => 0, onRetry: (event) => events.push(event.attempt) });
    await until(() => clock.pendingSleepers === 1);
    await clock.advance(0);
    await done;
    expect(events).toEqual([1]);
  });
});
