import {
  type Clock,
  CloudConnectionError,
  CloudException,
  type Logger,
  OperationAbortedError,
  type Redactor,
  type RetryPolicy,
  withRetry,
} from '@neural/integrations-core';
import type { SlurmApiAdapter } from './api/adapter.js';
import { errorFromSlurmResponse, excerpt } from './errors.js';

/** One request to slurmrestd. */
export interface SlurmRequest<T> {
  /** The HTTP method. */
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** The path under the server URL, from the adapter. */
  readonly path: string;
  /** A JSON body. */
  readonly json?: unknown;
  /** The connector operation, for messages and logs. */
  readonly operation: string;
  /** The job the request is about, so that Slurm's "invalid job id" becomes `JobNotFoundError`. */
  readonly jobId?: string | undefined;
  /** Validates the JSON body of a 200 answer (throws on a malformed one). */
  readonly parse: (body: unknown) => T;
  /**
   * Whether sending the request twice is harmless. Slurm has no idempotency keys, so a submit is retried
   * only when the connection was refused (the request never left), never after it may have arrived.
   */
  readonly idempotent: boolean;
  /** The caller's signal. */
  readonly signal?: AbortSignal | undefined;
}

/** What {@link SlurmTransport} needs. */
export interface SlurmTransportOptions {
  /** The server URL, without a trailing slash (`http://127.0.0.1:6820`). */
  readonly baseUrl: string;
  /** Sent as `X-SLURM-USER-NAME`. */
  readonly user: string;
  /** Sent as `X-SLURM-USER-TOKEN`. */
  readonly token: string;
  /** The API version's adapter (for error payloads). */
  readonly api: SlurmApiAdapter;
  /** The `fetch` to call. */
  readonly fetch: typeof globalThis.fetch;
  /** Longest wait for one attempt. */
  readonly timeoutMs: number;
  /** How failed attempts are retried. */
  readonly retry: Omit<RetryPolicy, 'signal' | 'clock'>;
  /** Where time is read and waited on. */
  readonly clock: Clock;
  /** Already redacting. */
  readonly logger: Logger;
  /** Scrubs secrets from every error. */
  readonly redactor: Redactor;
}

/** A connection refused before anything was sent: safe to retry even a non-idempotent request. */
class NotSentError extends CloudConnectionError {}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Sends requests to slurmrestd: auth headers, a timeout per attempt, retries, error mapping, validation. */
export class SlurmTransport {
  readonly #options: SlurmTransportOptions;

  constructor(options: SlurmTransportOptions) {
    this.#options = options;
  }

  /** Sends `request` (retrying as its `idempotent` flag allows) and returns its validated body. */
  async send<T>(request: SlurmRequest<T>): Promise<T> {
    const { retry, clock, logger } = this.#options;
    return withRetry(({ attempt, signal }) => this.#attempt(request, attempt, signal), {
      ...retry,
      clock,
      signal: request.signal,
      isRetryable: (error) =>
        request.idempotent
          ? (retry.isRetryable ?? ((e) => CloudException.isInstance(e) && e.retryable))(error)
          : error instanceof NotSentError,
      onRetry: (event) => {
        logger.warn('slurmrestd request failed, retrying', {
          operation: request.operation,
          attempt: event.attempt,
          delayMs: Math.round(event.delayMs),
          error: event.error instanceof Error ? event.error.message : String(event.error),
        });
        retry.onRetry?.(event);
      },
    });
  }

  async #attempt<T>(request: SlurmRequest<T>, attempt: number, signal: AbortSignal | undefined): Promise<T> {
    const { baseUrl, user, token, fetch, timeoutMs, clock, logger, redactor, api } = this.#options;
    const url = `${baseUrl}${request.path}`;
    const attemptController = new AbortController();
    const stopTimer = new AbortController();
    const onCallerAbort = () => attemptController.abort(signal?.reason);
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    let timedOut = false;
    clock.sleep(timeoutMs, stopTimer.signal).then(
      () => {
        timedOut = true;
        attemptController.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
      },
      () => undefined,
    );
    const started = clock.now();
    try {
      let response: Response;
      try {
        response = await fetch(url, {
          method: request.method,
          headers: {
            accept: 'application/json',
            'x-slurm-user-name': user,
            'x-slurm-user-token': token,
            ...(request.json === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: request.json === undefined ? undefined : JSON.stringify(request.json),
          signal: attemptController.signal,
        });
      } catch (error) {
        throw this.#networkError(request, error, signal, timedOut);
      }
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw this.#networkError(request, error, signal, timedOut);
      }
      logger.debug('slurmrestd answered', {
        operation: request.operation,
        method: request.method,
        path: request.path,
        status: response.status,
        attempt,
        ms: clock.now() - started,
      });
      let body: unknown;
      let isJson = false;
      try {
        body = text.length > 0 ? JSON.parse(text) : undefined;
        isJson = body !== undefined;
      } catch {
        body = undefined;
      }
      if (!response.ok) {
        const errors = isJson ? api.parseErrors(body) : [];
        throw scrub(errorFromSlurmResponse(response.status, errors, isJson ? '' : text, request), redactor);
      }
      if (!isJson) {
        throw new CloudConnectionError(
          `${request.operation} failed: slurmrestd answered HTTP ${response.status} without a JSON body${
            text ? ` (${redactor.redactText(excerpt(text))})` : ''
          }`,
          { retryable: false },
        );
      }
      // A 200 can still carry errors (a partial failure); a non-empty list is a failure for our calls.
      const embedded = api
        .parseErrors(body)
        .filter((entry) => entry.number !== undefined && entry.number !== 0);
      if (embedded.length > 0) {
        throw scrub(errorFromSlurmResponse(response.status, embedded, '', request), redactor);
      }
      try {
        return request.parse(body);
      } catch (error) {
        throw new CloudConnectionError(
          `${request.operation} failed: slurmrestd's answer does not match the ${api.version} schema: ${
            error instanceof Error ? redactor.redactText(excerpt(error.message)) : 'invalid body'
          }`,
          { retryable: false },
        );
      }
    } finally {
      stopTimer.abort();
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  #networkError(
    request: SlurmRequest<unknown>,
    error: unknown,
    signal: AbortSignal | undefined,
    timedOut: boolean,
  ): CloudException {
    if (signal?.aborted) return new OperationAbortedError(undefined, { cause: signal.reason });
    const { redactor, timeoutMs, baseUrl } = this.#options;
    if (timedOut) {
      return new CloudConnectionError(`${request.operation} timed out after ${timeoutMs} ms`);
    }
    const code = causeCode(error);
    const reason = error instanceof Error ? error.message : String(error);
    const message = redactor.redactText(
      `${request.operation} failed: cannot reach slurmrestd at ${baseUrl}: ${reason}${code ? ` (${code})` : ''}`,
    );
    return code === 'ECONNREFUSED'
      ? new NotSentError(message, { cause: error })
      : new CloudConnectionError(message, { cause: error });
  }
}

function scrub(error: CloudException, redactor: Redactor): CloudException {
  if (redactor.contains(error.message)) {
    Object.defineProperty(error, 'message', { value: redactor.redactText(error.message) });
  }
  return error;
}
