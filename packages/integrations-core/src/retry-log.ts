import type { LogFields, Logger } from './logger.js';
import type { RetryPolicy } from './retry.js';

/** What {@link withRetry} tells its `onRetry` hook before each wait. */
export type RetryEvent = Parameters<NonNullable<RetryPolicy['onRetry']>>[0];

/**
 * An `onRetry` hook for {@link withRetry} that logs each retry at debug level, with `fields`, the attempt that
 * failed, the wait and the error's message (the message only: the error object may carry a request with
 * secrets), then calls `next` (the caller's own `onRetry`, which a connector's hook would otherwise replace).
 *
 * @example
 * ```ts
 * await withRetry(send, { ...policy, onRetry: logRetries(logger, 'retrying an AWS call', { operation }, policy.onRetry) });
 * ```
 */
export function logRetries(
  logger: Logger,
  message: string,
  fields: LogFields = {},
  next?: (event: RetryEvent) => void,
): (event: RetryEvent) => void {
  return (event) => {
    logger.debug(message, {
      ...fields,
      attempt: event.attempt,
      delayMs: event.delayMs,
      error: event.error instanceof Error ? event.error.message : String(event.error),
    });
    next?.(event);
  };
}
