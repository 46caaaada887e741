import { InvalidParameterError, OperationAbortedError, throwIfAborted } from './errors.js';

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

/** The reason a cleared timeout's sleep is cancelled with: one shared value, so clearing builds nothing. */
const TIMEOUT_CLEARED = Object.freeze({ reason: 'the timeout was cleared before its time was up' });

function timeoutReason(ms: number): DOMException {
  return new DOMException(`timed out after ${ms} ms`, 'TimeoutError');
}

/** `timer`, set not to keep the process alive where timers have `unref` (Node.js, Bun). */
function unrefTimer<Timer>(timer: Timer): Timer {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

/** A running {@link timeoutSignal}. */
export interface ClockTimeout {
  /** Aborts, with a `TimeoutError` `DOMException` as its reason, once the time is up. */
  readonly signal: AbortSignal;
  /** Disarms the timer; call it once the work it bounds is over. */
  clear(): void;
}

/**
 * `AbortSignal.timeout(ms)` on `clock`, so an injected clock drives it. On the system clock its timer is
 * unref'd, as `AbortSignal.timeout`'s is: a bound on someone else's work never keeps the process alive by itself.
 * Arming and clearing it on the system clock is a bare timer, with no promise and no abort: the HTTP transport
 * arms one per request attempt (`startAttemptTimeout`), where a `clock.sleep` cancelled by an abort cost two
 * stack traces per call (benchmark 1).
 *
 * @throws InvalidParameterError when `ms` is NaN or negative (as `AbortSignal.timeout` throws a `RangeError`);
 *   `Infinity` never times out.
 */
export function timeoutSignal(clock: Clock, ms: number): ClockTimeout {
  if (typeof ms !== 'number' || !(ms >= 0)) {
    throw InvalidParameterError.forField('ms', `must be a number of at least 0 (got ${String(ms)})`, {
      subject: 'timeoutSignal',
    });
  }
  const timeout = new AbortController();
  if (clock === systemClock) {
    // A real timer rather than `systemClock.sleep`, which cannot be unref'd; chained past setTimeout's limit.
    // Two closures and one timer per arming, as few as a bare `setTimeout` with its `clearTimeout` takes.
    // Measured on the monotonic clock: a wall clock stepped back (NTP) must not stretch the timeout.
    const wakeAt = performance.now() + ms;
    const check = () => {
      const left = wakeAt - performance.now();
      if (left <= 0) timeout.abort(timeoutReason(ms));
      else timer = unrefTimer(setTimeout(check, Math.min(left, MAX_TIMER_MS)));
    };
    let timer = unrefTimer(setTimeout(check, Math.min(ms, MAX_TIMER_MS)));
    return { signal: timeout.signal, clear: () => clearTimeout(timer) };
  }
  const fire = () => timeout.abort(timeoutReason(ms));
  const disarmed = new AbortController();
  clock.sleep(ms, disarmed.signal).then(fire, () => undefined);
  return { signal: timeout.signal, clear: () => disarmed.abort(TIMEOUT_CLEARED) };
}
