/**
 * Whether a failed request may have reached the platform. A request that was never sent (the connection was
 * refused, the host name did not resolve) is safe to send again even when sending it twice would not be (a
 * submit without an idempotency key); one that failed after it may have arrived is not.
 */
import { CloudConnectionError } from '../errors.js';

/** `CloudConnectionError` codes for a request that never left this machine. */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set(['CONNECTION_REFUSED', 'HOST_NOT_FOUND']);

/** Node's network error codes (on the error or its causes) that mean nothing was sent, and their error code. */
const NOT_SENT_CAUSES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'CONNECTION_REFUSED',
  ENOTFOUND: 'HOST_NOT_FOUND',
  EAI_AGAIN: 'HOST_NOT_FOUND',
};

/** The first string `code` on `error` or its chain of causes (`fetch failed` hides the socket's code there). */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The `CloudConnectionError` code for a `fetch` that threw: `CONNECTION_REFUSED` or `HOST_NOT_FOUND` when the
 * request never left, `CONNECTION_FAILED` (maybe sent) otherwise.
 */
export function connectionFailureCode(error: unknown): string {
  const code = networkErrorCode(error);
  return (code !== undefined && NOT_SENT_CAUSES[code]) || 'CONNECTION_FAILED';
}

/** Whether `error` says the request never reached the platform, so sending it again cannot duplicate it. */
export function isNotSent(error: unknown): boolean {
  return CloudConnectionError.isInstance(error) && NOT_SENT_CODES.has(error.code);
}
