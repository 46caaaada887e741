import { z } from 'zod';
import type { LogFields, Logger, LogLevel } from './logger.js';
import type { RetryPolicy } from './retry.js';
import { strictOptions } from './strict-options.js';
import { parseOptionsOrThrow } from './validation.js';

/** What {@link withRetry} tells its `onRetry` hook before each wait. */
export type RetryEvent = Parameters<NonNullable<RetryPolicy['onRetry']>>[0];

/** Options of {@link logRetries}. */
export interface LogRetriesOptions {
  /**
   * The level each retry is logged at. Default `'debug'`: a retry that succeeds is routine detail. A caller
   * whose retries are worth an operator's attention (a submit resent after its answer was lost) picks `'warn'`.
   */
  level?: LogLevel | undefined;
}

const LogRetriesOptionsSchema = strictOptions({
  level: z.enum(['debug', 'info', 'warn', 'error'] as const satisfies readonly LogLevel[]).optional(),
});

/**
 * An `onRetry` hook for {@link withRetry} that logs each retry (at debug level unless `options.level` says
 * otherwise), with `fields`, the attempt that failed, the wait and the error's message (the message only: the
 * error object may carry a request with secrets), then calls `next` (the caller's own `onRetry`, which a
 * connector's hook would otherwise replace).
 *
 * @throws InvalidParameterError for an unknown option or a level that is not a {@link LogLevel}, when the hook
 * is made rather than at the first retry.
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
  options: LogRetriesOptions = {},
): (event: RetryEvent) => void {
  const level = parseOptionsOrThrow(LogRetriesOptionsSchema, options, 'logRetries options').level ?? 'debug';
  return (event) => {
    logger[level](message, {
      ...fields,
      attempt: event.attempt,
      delayMs: event.delayMs,
      error: event.error instanceof Error ? event.error.message : String(event.error),
    });
    next?.(event);
  };
}
