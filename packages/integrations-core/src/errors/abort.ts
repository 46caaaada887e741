import { CloudException, type CloudExceptionOptions } from './cloud-exception.js';
import { hasMarker, marker } from './marker.js';

const abortedMarker = marker('OperationAbortedError');

/**
 * The caller aborted the call through its `AbortSignal`. The signal's reason is the cause.
 * A `CloudException`, so "every error a connector throws is a `CloudException`" holds for aborts too.
 */
export class OperationAbortedError extends CloudException {
  protected readonly [abortedMarker] = true;
  constructor(message = 'The operation was aborted', options: CloudExceptionOptions = {}) {
    super(message, { code: 'ABORTED', ...options, retryable: false });
  }
  /** Whether `value` is an `OperationAbortedError` from any copy of this package. */
  static override isInstance(value: unknown): value is OperationAbortedError {
    return hasMarker(value, abortedMarker);
  }
}

/** Throws {@link OperationAbortedError} when `signal` has been aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new OperationAbortedError(undefined, { cause: signal.reason });
}

/** Whether `error` is an abort, ours or the platform's (`AbortError`, `TimeoutError` from `AbortSignal.timeout`). */
export function isAbortError(error: unknown): boolean {
  if (OperationAbortedError.isInstance(error)) return true;
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * Settles like `promise`, or rejects with {@link OperationAbortedError} as soon as `signal` aborts, even when
 * the work behind `promise` ignores the signal. The losing promise's outcome is swallowed.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(new OperationAbortedError(undefined, { cause: signal.reason }));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new OperationAbortedError(undefined, { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
