import { OperationAbortedError, throwIfAborted } from './errors.js';

/**
 * Where the library reads time and waits. Every helper that waits takes one, so tests drive time instead of
 * sleeping on it.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with {@link OperationAbortedError} as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A delay fit to wait on: NaN and negative delays mean "no wait"; `Infinity` stays (never wakes).
 *
 * @internal
 */
export function sanitizeDelay(ms: number): number {
  return Number.isNaN(ms) ? 0 : Math.max(0, ms);
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      throwIfAborted(signal);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new OperationAbortedError(undefined, { cause: signal?.reason }));
      };
      // setTimeout fires at once for delays past 2^31-1 ms (about 24.8 days), so long sleeps are chained.
      const wakeAt = Date.now() + sanitizeDelay(ms);
      let timer: ReturnType<typeof setTimeout>;
      const arm = () => {
        const left = wakeAt - Date.now();
        if (left <= 0) {
          signal?.removeEventListener('abort', onAbort);
          resolve();
          return;
        }
        timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(arm, Math.min(sanitizeDelay(ms), MAX_TIMER_MS));
    });
  },
});
