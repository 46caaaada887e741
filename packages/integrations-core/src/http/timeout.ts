/**
 * One attempt's deadline, joined with the caller's signal. A timeout is always the same error: a retryable
 * `CloudConnectionError` with code `TIMEOUT`, whichever connector or command ran out of time.
 */
import { type Clock, systemClock } from '../clock.js';
import { CloudConnectionError } from '../errors.js';

/** The reason a finished attempt's timer is cancelled with (one shared value: nothing is built per attempt). */
const TIMER_STOPPED = Object.freeze({ reason: 'the attempt finished before its timeout' });

/** The code of every timeout error. */
export const TIMEOUT_CODE = 'TIMEOUT';

/** The error for an operation that ran out of time: `CloudConnectionError` with code `TIMEOUT`, retryable. */
export function timeoutError(
  operation: string,
  timeoutMs: number,
  cause?: unknown,
  jobId?: string,
): CloudConnectionError {
  return new CloudConnectionError(`${operation} timed out after ${timeoutMs} ms`, {
    code: TIMEOUT_CODE,
    operation,
    jobId,
    cause,
  });
}

/** A running attempt timeout; see {@link startAttemptTimeout}. */
export interface AttemptTimeout {
  /** Aborts when the caller's signal does or when the time is up, whichever comes first. */
  readonly signal: AbortSignal;
  /** Whether the time ran out (as opposed to the caller aborting). */
  readonly timedOut: boolean;
  /** Disarms the timer; call it once the attempt is over (or once a streamed answer's headers are in). */
  stop(): void;
}

/**
 * Arms a timeout of `timeoutMs` for one attempt and joins it with the caller's `signal`. On the system clock
 * this is a bare `setTimeout`: cancelling a `clock.sleep` goes through an abort, which builds two stack traces
 * on every request. An injected clock keeps the `clock.sleep` path, so tests drive timeouts without waiting.
 */
export function startAttemptTimeout(options: {
  readonly timeoutMs: number;
  readonly clock?: Clock | undefined;
  readonly signal?: AbortSignal | undefined;
}): AttemptTimeout {
  const { timeoutMs, signal } = options;
  const clock = options.clock ?? systemClock;
  const timeout = new AbortController();
  let timedOut = false;
  const fire = () => {
    timedOut = true;
    timeout.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
  };
  let stop: () => void;
  if (clock === systemClock) {
    const timer = setTimeout(fire, timeoutMs);
    stop = () => clearTimeout(timer);
  } else {
    const stopper = new AbortController();
    clock.sleep(timeoutMs, stopper.signal).then(fire, () => {});
    stop = () => stopper.abort(TIMER_STOPPED);
  }
  return {
    signal: signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal,
    get timedOut() {
      return timedOut;
    },
    stop,
  };
}
