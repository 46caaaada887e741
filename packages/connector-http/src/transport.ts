/**
 * One HTTP request, done right: bearer token attached (and refreshed once on a 401), a timeout per attempt,
 * the caller's `AbortSignal` honoured, transient failures retried through core `withRetry`, non-2xx answers
 * mapped by `errorFromResponse`, JSON bodies validated with zod, and every error scrubbed of secrets.
 * Platform-neutral: a copy of this connector usually keeps this file unchanged.
 */
import {
  AuthenticationError,
  type Clock,
  CloudConnectionError,
  CloudException,
  findStructureLimitBreach,
  type Logger,
  OperationAbortedError,
  type RateLimiter,
  type Redactor,
  type RetryPolicy,
  systemClock,
  withRetry,
} from '@neural/integrations-core';
import type { z } from 'zod';
import { type ErrorContext, errorFromResponse, excerpt, invalidResponse } from './errors.js';

/** The reason a finished attempt's timer is cancelled with (one shared value: nothing is built per request). */
const TIMER_STOPPED = Object.freeze({ reason: 'the attempt finished before its timeout' });

/** A request, relative to the API's base URL. */
export interface HttpRequest {
  /** The HTTP method. */
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path under the base URL, already percent-encoded, such as `/jobs/job_1`. */
  readonly path: string;
  /** Query parameters; `undefined` values are left out. */
  readonly query?: Readonly<Record<string, string | number | undefined>> | undefined;
  /** A JSON body. */
  readonly json?: unknown;
  /** A raw body, made afresh for every attempt (a stream can be read only once). */
  readonly body?: (() => NonNullable<RequestInit['body']>) | undefined;
  /** Extra headers. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Whether to send the bearer token. Default `true`. */
  readonly auth?: boolean | undefined;
  /** The connector operation, for messages and logs (`getJobStatus`). */
  readonly operation: string;
  /** The job the request is about, so a 404 becomes `JobNotFoundError`. */
  readonly jobId?: string | undefined;
  /** The caller's signal. */
  readonly signal?: AbortSignal | undefined;
  /**
   * The body is a long stream (a download, a log follow): the timeout covers only the wait for the response
   * headers, and reading the body is bounded by the caller's signal alone.
   */
  readonly streaming?: boolean | undefined;
}

/** What {@link HttpTransport} needs. */
export interface HttpTransportOptions {
  /** The API's base URL, such as `https://platform.example.com/v1`. */
  readonly baseUrl: string;
  /** The `fetch` to call. */
  readonly fetch: typeof globalThis.fetch;
  /** Longest wait for one attempt. */
  readonly timeoutMs: number;
  /** How attempts are retried (`signal` and `clock` are supplied per request). */
  readonly retry: Omit<RetryPolicy, 'signal' | 'clock'>;
  /** Where time is read and waited on (backoff and timeouts). */
  readonly clock: Clock;
  /** Already redacting. */
  readonly logger: Logger;
  /** Scrubs secrets from every error thrown. */
  readonly redactor: Redactor;
  /** The `User-Agent` header. */
  readonly userAgent: string;
  /** A valid bearer token (cached). */
  readonly getToken: (signal: AbortSignal | undefined) => Promise<string>;
  /** Called when the platform rejected `token`, before it is asked for a new one. */
  readonly invalidateToken: (token: string) => void;
  /** Waited on before every attempt (retries and token requests included), shared by all of the connector's calls. */
  readonly rateLimiter?: RateLimiter | undefined;
}

/** Sends requests for a connector; see the file comment. */
export class HttpTransport {
  readonly #options: HttpTransportOptions;
  /** Token failures were already retried by the token request itself; retrying them again would multiply. */
  readonly #tokenFailures = new WeakSet<object>();

  constructor(options: HttpTransportOptions) {
    this.#options = options;
  }

  /**
   * Sends `request` and hands the successful response to `handle`, inside the same attempt: if reading the
   * body fails (a dropped connection, a truncated or malformed body), the whole attempt is retried.
   */
  async send<T>(request: HttpRequest, handle: (response: Response) => Promise<T>): Promise<T> {
    const { clock, logger, redactor, retry } = this.#options;
    try {
      return await withRetry((attempt) => this.#attempt(request, handle, attempt.attempt), {
        ...retry,
        clock,
        signal: request.signal,
        isRetryable: (error) => this.#isRetryable(error),
        onRetry: (event) => {
          logger.warn(`${request.operation}: retrying`, {
            attempt: event.attempt,
            delayMs: Math.round(event.delayMs),
            error: event.error,
          });
          retry.onRetry?.(event);
        },
      });
    } catch (error) {
      throw redactor.redactError(error);
    }
  }

  #isRetryable(error: unknown): boolean {
    if (typeof error === 'object' && error !== null && this.#tokenFailures.has(error)) return false;
    // A fresh token that expired at once (a clock skew, a platform revoking tokens): the next attempt gets
    // another one. Any other 401 after a refresh means the credentials are refused, and is final.
    if (AuthenticationError.isInstance(error) && error.code === 'TOKEN_EXPIRED') return true;
    const isRetryable =
      this.#options.retry.isRetryable ?? ((e) => CloudException.isInstance(e) && e.retryable);
    return isRetryable(error);
  }

  /** Sends `request` and returns its JSON body validated by `schema`. */
  json<S extends z.ZodType>(schema: S, request: HttpRequest): Promise<z.output<S>> {
    return this.send(request, (response) => readJson(response, schema, this.#context(request)));
  }

  async #attempt<T>(
    request: HttpRequest,
    handle: (response: Response) => Promise<T>,
    attempt: number,
  ): Promise<T> {
    let refreshed = false;
    for (;;) {
      const token = request.auth === false ? undefined : await this.#token(request.signal);
      const outcome = await this.#exchange(
        request,
        token,
        refreshed ? undefined : token,
        attempt,
        handle,
      ).catch((error: unknown) => {
        // A token refused even after a refresh is not reused by the next attempt or call.
        if (token !== undefined && AuthenticationError.isInstance(error))
          this.#options.invalidateToken(token);
        throw error;
      });
      if ('result' in outcome) return outcome.result;
      // An expired or revoked token: get a new one, once, and try again.
      this.#options.logger.info(`${request.operation}: token rejected, refreshing`);
      this.#options.invalidateToken(token as string);
      refreshed = true;
    }
  }

  async #token(signal: AbortSignal | undefined): Promise<string> {
    try {
      return await this.#options.getToken(signal);
    } catch (error) {
      if (typeof error === 'object' && error !== null) this.#tokenFailures.add(error);
      throw error;
    }
  }

  /**
   * One fetch with its timeout; a non-2xx answer is thrown as the mapped error, except a 401 for a token that
   * may be refreshed (`refreshable`), which asks the caller to get a new token.
   */
  async #exchange<T>(
    request: HttpRequest,
    token: string | undefined,
    refreshable: string | undefined,
    attempt: number,
    handle: (response: Response) => Promise<T>,
  ): Promise<{ result: T } | { refreshToken: true }> {
    const { fetch, logger, timeoutMs, rateLimiter } = this.#options;
    // Before the timer: waiting for a turn is not the platform being slow.
    if (rateLimiter) await rateLimiter.acquire(request.signal);
    const timeout = new AbortController();
    const stopTimer = this.#startTimer(timeout);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
    const url = this.#url(request);
    logger.debug(`${request.operation}: ${request.method} ${url.pathname}`, { attempt });
    try {
      const response = await fetch(url, {
        method: request.method,
        headers: this.#headers(request, token),
        body: request.json !== undefined ? JSON.stringify(request.json) : request.body?.(),
        signal,
        // `redirect: 'error'` with `window: null` stops undici's fetch from cloning the request, a clone
        // that tees a streamed body and keeps the unsent branch: a 1 GiB upload held 1 GiB in memory. A
        // streamed body cannot be replayed to follow a redirect anyway.
        ...(request.body ? { duplex: 'half', redirect: 'error', window: null } : {}),
      } as RequestInit);
      logger.debug(`${request.operation}: HTTP ${response.status}`, { attempt });
      if (request.streaming) stopTimer();
      if (response.status === 401 && refreshable !== undefined) {
        void response.body?.cancel().catch(() => {});
        return { refreshToken: true };
      }
      if (!response.ok) throw await errorFromResponse(response, this.#context(request));
      return { result: await handle(response) };
    } catch (error) {
      if (request.signal?.aborted) {
        throw OperationAbortedError.isInstance(error)
          ? error
          : new OperationAbortedError(`${request.operation} was aborted`, { cause: request.signal.reason });
      }
      if (timeout.signal.aborted) {
        throw new CloudConnectionError(`${request.operation} timed out after ${timeoutMs} ms`, {
          code: 'TIMEOUT',
          cause: error,
        });
      }
      if (CloudException.isInstance(error)) throw error;
      throw new CloudConnectionError(
        `${request.operation}: could not reach the platform: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    } finally {
      if (!request.streaming) stopTimer();
    }
  }

  /**
   * Arms the per-attempt timeout and returns the function that disarms it. On the system clock this is a
   * bare `setTimeout`: cancelling a `clock.sleep` goes through an abort, which builds a `DOMException` and an
   * `OperationAbortedError` (two stack traces) on every request, a quarter of the connector's own cost per
   * call. An injected clock keeps the `clock.sleep` path, so tests still drive timeouts.
   */
  #startTimer(timeout: AbortController): () => void {
    const { clock, timeoutMs } = this.#options;
    const fire = () => timeout.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
    if (clock === systemClock) {
      const timer = setTimeout(fire, timeoutMs);
      return () => clearTimeout(timer);
    }
    const stop = new AbortController();
    clock.sleep(timeoutMs, stop.signal).then(fire, () => {});
    return () => stop.abort(TIMER_STOPPED);
  }

  #url(request: HttpRequest): URL {
    const url = new URL(`${this.#options.baseUrl}${request.path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  #headers(request: HttpRequest, token: string | undefined): Record<string, string> {
    return {
      accept: 'application/json, application/problem+json',
      'user-agent': this.#options.userAgent,
      ...(request.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
      ...request.headers,
    };
  }

  #context(request: HttpRequest): ErrorContext {
    return { operation: request.operation, jobId: request.jobId, now: this.#options.clock.now() };
  }
}

/**
 * Reads a JSON body and validates it: an HTML page, a truncated body or a wrong-typed field becomes a
 * `CloudConnectionError` that says which, never a `SyntaxError` or a `TypeError` later on.
 */
export async function readJson<S extends z.ZodType>(
  response: Response,
  schema: S,
  context: ErrorContext,
  options: { quote?: boolean } = {},
): Promise<z.output<S>> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const type = response.headers.get('content-type') ?? 'no content type';
    const seen = options.quote === false ? `${text.length} characters` : excerpt(text);
    throw invalidResponse(context, `expected JSON, got ${type}: ${seen}`, error);
  }
  return parseWith(schema, body, context);
}

/** Validates an already-parsed value, with the failing fields listed in the error. */
export function parseWith<S extends z.ZodType>(schema: S, body: unknown, context: ErrorContext): z.output<S> {
  // Before the schema: a body nested 1,200 levels deep would overflow the stack of any recursive check.
  const breach = findStructureLimitBreach(body);
  if (breach)
    throw invalidResponse(context, `${breach.path.slice(0, 2).join('.') || '(body)'}: ${breach.rule}`);
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  throw invalidResponse(context, problems, parsed.error);
}
