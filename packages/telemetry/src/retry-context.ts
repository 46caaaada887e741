import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span } from '@opentelemetry/api';

/** The call being traced, as seen by code running inside it (the connector's retry loop). */
export interface TracedCall {
  /** The call's span. */
  readonly span: Span;
  /** Retries counted so far. */
  retries: number;
}

const current = new AsyncLocalStorage<TracedCall>();

/** Runs `work` as the body of `call`, so {@link recordRetry} inside it finds the call. */
export function runTraced<T>(call: TracedCall, work: () => T): T {
  return current.run(call, work);
}

/**
 * Counts a retry against the traced call it happens in and adds a `retry` event to its span. It has the shape
 * of `RetryPolicy.onRetry`, so a connector's retry option can take it as is:
 * `new HttpConnector(credentials, { retry: { onRetry: recordRetry } })`. Outside a traced call it does
 * nothing.
 *
 * @example
 * ```ts
 * const connector = withTelemetry(new HttpConnector(credentials, { retry: { onRetry: recordRetry } }), { tracer, meter });
 * ```
 */
export function recordRetry(event: { attempt: number; delayMs: number; error?: unknown }): void {
  const call = current.getStore();
  if (!call) return;
  call.retries++;
  const code =
    event.error !== null &&
    typeof event.error === 'object' &&
    typeof (event.error as { code?: unknown }).code === 'string'
      ? (event.error as { code: string }).code
      : 'UNKNOWN';
  // Only the attempt, the delay and the error's code: an error's message may quote what it was sent.
  call.span.addEvent('retry', {
    'neural.retry.attempt': event.attempt,
    'neural.retry.delay_ms': event.delayMs,
    'neural.error.code': code,
  });
}
