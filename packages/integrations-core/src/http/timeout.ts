/**
 * One attempt's deadline, joined with the caller's signal. A timeout is always the same error: a retryable
 * `CloudConnectionError` with code `TIMEOUT`, whichever connector or command ran out of time.
 */
import { type Clock, systemClock, timeoutSignal } from '../clock.js';
import { CloudConnectionError } from '../errors.js';

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
 * Arms a timeout of `timeoutMs` for one attempt and joins it with the caller's `signal`, telling which of the
 * two ended it. The timer is core's `timeoutSignal`: on the system clock a bare, unref'd `setTimeout` (a
 * `clock.sleep` cancelled by an abort builds two stack traces on every request, the cost benchmark 1
 * measured), and on an injected clock a `clock.sleep`, so tests drive timeouts without waiting.
 */
export function startAttemptTimeout(options: {
  readonly timeoutMs: number;
  readonly clock?: Clock | undefined;
  readonly signal?: AbortSignal | undefined;
}): AttemptTimeout {
  const { signal } = options;
  const timer = timeoutSignal(options.clock ?? systemClock, options.timeoutMs);
  return {
    signal: signal ? AbortSignal.any([signal, timer.signal]) : timer.signal,
    get timedOut() {
      // Only the time running out aborts the timer's own signal.
      return timer.signal.aborted;
    },
    stop: timer.clear,
  };
}
