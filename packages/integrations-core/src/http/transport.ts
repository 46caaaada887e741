/**
 * One HTTP request, done right, for any connector: an injectable `fetch`, a timeout per attempt joined with
 * the caller's signal, retries with jitter that honour `Retry-After` (core `withRetry`), an optional shared
 * rate limiter, an idempotency header, a bearer token refreshed once on a 401, non-2xx answers mapped by the
 * connector's error table, and every error scrubbed by the connector's `Redactor` before it is thrown.
 *
 * Retries are safe by construction: a request that is not idempotent (a `POST` without an idempotency key)
 * is sent again only when the first attempt provably never left (see `isNotSent`).
 */

import type { z } from 'zod';
import { type Clock, systemClock } from '../clock.js';
import {
  AuthenticationError,
  CloudConnectionError,
  CloudException,
  InvalidParameterError,
  OperationAbortedError,
} from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { boundedNumber } from '../option-value-schemas.js';
import { createRateLimiter, type RateLimiter, type RateLimiterOptions } from '../rate-limiter.js';
import { Redactor } from '../redact.js';
import { isRetryableError, RetryOptionSchema, type RetryPolicy, retryWithCheckedPolicy } from '../retry.js';
import { parseOptionsOrThrow } from '../validation.js';
import { connectionFailureCode, isNotSent } from './delivery.js';
import { discardBody, readJson } from './response.js';
import { type ErrorContext, errorFromResponse, type ResponseErrorTable } from './response-errors.js';
import { startAttemptTimeout, timeoutError } from './timeout.js';

/** A request, relative to the transport's base URL. */
export interface HttpRequest {
  /** The HTTP method. */
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
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
  /** Whether to send the bearer token (when the transport has `auth`). Default `true`. */
  readonly auth?: boolean | undefined;
  /** Sent in the transport's idempotency header; makes the request safe to retry. */
  readonly idempotencyKey?: string | undefined;
  /**
   * Whether sending the request twice is harmless. Default: `true` except for a `POST` without an
   * `idempotencyKey`. A request that is not is retried only when it was never sent.
   */
  readonly idempotent?: boolean | undefined;
  /** The connector operation, for messages and logs (`getJobStatus`). */
  readonly operation: string;
  /** The job the request is about, so the error table can make a 404 a `JobNotFoundError`. */
  readonly jobId?: string | undefined;
  /** The caller's signal. */
  readonly signal?: AbortSignal | undefined;
  /**
   * The body is a long stream (a download, a log follow): the timeout covers only the wait for the response
   * headers, and reading the body is bounded by the caller's signal alone.
   */
  readonly streaming?: boolean | undefined;
}

/** A bearer token source, typically a `TokenCache`. */
export interface BearerAuth {
  /** A valid token. */
  readonly getToken: (signal: AbortSignal | undefined) => Promise<string>;
  /** Called when the platform rejected `token` with a 401, before a new one is asked for. */
  readonly invalidateToken: (token: string) => void;
  /** The headers that carry `token`. Default `authorization: Bearer <token>`. */
  readonly headers?: ((token: string) => Record<string, string>) | undefined;
}

/** What an {@link HttpTransport} needs. Only `baseUrl` and `errors` are required. */
export interface HttpTransportOptions<P> {
  /** The API's base URL, such as `https://platform.example.com/v1`. */
  readonly baseUrl: string;
  /** The platform's error table (see `ResponseErrorTable`). */
  readonly errors: ResponseErrorTable<P>;
  /** The `fetch` to call. Default: the global `fetch`. */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** Longest wait for one attempt, in ms. Default 30 000. */
  readonly timeoutMs?: number | undefined;
  /** How attempts are retried (`signal` and `clock` are supplied per request). */
  readonly retry?: Omit<RetryPolicy, 'signal' | 'clock'> | undefined;
  /** Where time is read and waited on (backoff and timeouts). Default: the system clock. */
  readonly clock?: Clock | undefined;
  /** Already redacting. Default: silent. */
  readonly logger?: Logger | undefined;
  /** Scrubs secrets from every error thrown. Default: one that knows no secret. */
  readonly redactor?: Redactor | undefined;
  /** Headers sent with every request (a `User-Agent`, a user name). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** A bearer token, attached to requests unless they say `auth: false`, and refreshed once on a 401. */
  readonly auth?: BearerAuth | undefined;
  /**
   * Waited on before every attempt (retries included), shared by all of the connector's calls: a
   * `RateLimiter` (share one between connectors on the same account), or the settings of one of its own on the
   * transport's clock.
   */
  readonly rateLimiter?: RateLimiter | Omit<RateLimiterOptions, 'clock'> | undefined;
  /** The header an `idempotencyKey` travels in. Default `idempotency-key`. */
  readonly idempotencyHeader?: string | undefined;
}

const TimeoutSchema = boundedNumber({ min: 1 }).optional();

type Exchange<T> = { result: T } | { refreshToken: true };

/** Sends requests for a connector; see the file comment. */
export class HttpTransport<P = unknown> {
  readonly #options: HttpTransportOptions<P>;
  readonly #fetch: typeof globalThis.fetch;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #redactor: Redactor;
  readonly #timeoutMs: number;
  readonly #rateLimiter: RateLimiter | undefined;
  /** Token failures were already retried by the token request itself; retrying them again would multiply. */
  readonly #tokenFailures = new WeakSet<object>();

  /** @throws InvalidParameterError for a base URL that is not an absolute http(s) URL, or a bad timeout. */
  constructor(options: HttpTransportOptions<P>) {
    if (!URL.canParse(options.baseUrl) || !/^https?:$/.test(new URL(options.baseUrl).protocol)) {
      throw InvalidParameterError.fromIssues('HttpTransport options', [
        { field: 'baseUrl', rule: 'must be an absolute http(s) URL such as https://platform.example.com/v1' },
      ]);
    }
    parseOptionsOrThrow(TimeoutSchema, options.timeoutMs, 'HttpTransport options', { prefix: 'timeoutMs' });
    // Without `signal` and `clock`: each request supplies its own, so a policy's would be silently overridden.
    parseOptionsOrThrow(RetryOptionSchema.optional(), options.retry, 'HttpTransport options', {
      prefix: 'retry',
    });
    this.#options = options;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#redactor = options.redactor ?? new Redactor();
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    const limit = options.rateLimiter;
    this.#rateLimiter =
      limit === undefined || 'acquire' in limit ? limit : createRateLimiter({ ...limit, clock: this.#clock });
  }

  /**
   * Sends `request` and hands the successful response to `handle`, inside the same attempt: if reading the
   * body fails (a dropped connection, a truncated or malformed body), the whole attempt is retried.
   */
  async send<T>(request: HttpRequest, handle: (response: Response) => Promise<T>): Promise<T> {
    const retry = this.#options.retry ?? {};
    const idempotent =
      request.idempotent ?? (request.method !== 'POST' || request.idempotencyKey !== undefined);
    try {
      // The policy was checked once, by the constructor; the fields added here are the transport's own.
      return await retryWithCheckedPolicy((attempt) => this.#attempt(request, handle, attempt.attempt), {
        ...retry,
        clock: this.#clock,
        signal: request.signal,
        isRetryable: (error) => (idempotent ? this.#isRetryable(error) : isNotSent(error)),
        onRetry: (event) => {
          this.#logger.warn(`${request.operation}: retrying`, {
            attempt: event.attempt,
            delayMs: Math.round(event.delayMs),
            error: event.error,
          });
          retry.onRetry?.(event);
        },
      });
    } catch (error) {
      throw this.#redactor.redactError(error);
    }
  }

  /** Sends `request` and returns its JSON body validated by `schema`. */
  json<S extends z.ZodType>(schema: S, request: HttpRequest): Promise<z.output<S>> {
    return this.send(request, (response) => readJson(response, schema, this.context(request)));
  }

  /** What `request` was doing, for error messages built outside the transport. */
  context(request: Pick<HttpRequest, 'operation' | 'jobId'>): ErrorContext {
    return { operation: request.operation, jobId: request.jobId, now: this.#clock.now() };
  }

  #isRetryable(error: unknown): boolean {
    if (typeof error === 'object' && error !== null && this.#tokenFailures.has(error)) return false;
    // A fresh token that expired at once (a clock skew, a platform revoking tokens): the next attempt gets
    // another one. Any other 401 after a refresh means the credentials are refused, and is final.
    if (AuthenticationError.isInstance(error) && error.code === 'TOKEN_EXPIRED') return true;
    return (this.#options.retry?.isRetryable ?? isRetryableError)(error);
  }

  async #attempt<T>(
    request: HttpRequest,
    handle: (response: Response) => Promise<T>,
    attempt: number,
  ): Promise<T> {
    const auth = request.auth === false ? undefined : this.#options.auth;
    let refreshed = false;
    for (;;) {
      const token = auth ? await this.#token(auth, request.signal) : undefined;
      const outcome: Exchange<T> = await this.#exchange(request, token, !refreshed, attempt, handle).catch(
        (error: unknown) => {
          // A token refused even after a refresh is not reused by the next attempt or call.
          if (auth && token !== undefined && AuthenticationError.isInstance(error))
            auth.invalidateToken(token);
          throw error;
        },
      );
      if ('result' in outcome) return outcome.result;
      this.#logger.info(`${request.operation}: token rejected, refreshing`);
      auth?.invalidateToken(token as string);
      refreshed = true;
    }
  }

  async #token(auth: BearerAuth, signal: AbortSignal | undefined): Promise<string> {
    try {
      return await auth.getToken(signal);
    } catch (error) {
      if (typeof error === 'object' && error !== null) this.#tokenFailures.add(error);
      throw error;
    }
  }

  /**
   * One fetch with its timeout; a non-2xx answer is thrown as the mapped error, except a 401 for a token that
   * may still be refreshed, which asks the caller to get a new token.
   */
  async #exchange<T>(
    request: HttpRequest,
    token: string | undefined,
    refreshable: boolean,
    attempt: number,
    handle: (response: Response) => Promise<T>,
  ): Promise<Exchange<T>> {
    // Before the timer: waiting for a turn is not the platform being slow.
    if (this.#rateLimiter) await this.#rateLimiter.acquire(request.signal);
    const timeout = startAttemptTimeout({
      timeoutMs: this.#timeoutMs,
      clock: this.#clock,
      signal: request.signal,
    });
    const url = this.#url(request);
    this.#logger.debug(`${request.operation}: ${request.method} ${url.pathname}`, { attempt });
    try {
      const response = await this.#fetch(url, {
        method: request.method,
        headers: this.#headers(request, token),
        body: request.json !== undefined ? JSON.stringify(request.json) : request.body?.(),
        signal: timeout.signal,
        // `redirect: 'error'` with `window: null` stops undici's fetch from cloning the request, a clone
        // that tees a streamed body and keeps the unsent branch: a 1 GiB upload held 1 GiB in memory. A
        // streamed body cannot be replayed to follow a redirect anyway.
        ...(request.body ? { duplex: 'half', redirect: 'error', window: null } : {}),
      } as RequestInit);
      this.#logger.debug(`${request.operation}: HTTP ${response.status}`, { attempt });
      if (request.streaming) timeout.stop();
      if (response.status === 401 && token !== undefined && refreshable) {
        discardBody(response);
        return { refreshToken: true };
      }
      if (!response.ok) {
        throw await errorFromResponse(response, this.#options.errors, this.context(request));
      }
      return { result: await handle(response) };
    } catch (error) {
      if (request.signal?.aborted) {
        throw OperationAbortedError.isInstance(error)
          ? error
          : new OperationAbortedError(`${request.operation} was aborted`, {
              operation: request.operation,
              cause: request.signal.reason,
            });
      }
      if (timeout.timedOut) throw timeoutError(request.operation, this.#timeoutMs, error, request.jobId);
      if (CloudException.isInstance(error)) throw error;
      throw new CloudConnectionError(
        `${request.operation}: could not reach the platform at ${url.origin}: ${
          error instanceof Error ? error.message : String(error)
        }`,
        {
          code: connectionFailureCode(error),
          operation: request.operation,
          jobId: request.jobId,
          cause: error,
        },
      );
    } finally {
      if (!request.streaming) timeout.stop();
    }
  }

  #url(request: HttpRequest): URL {
    const url = new URL(`${this.#options.baseUrl}${request.path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  #headers(request: HttpRequest, token: string | undefined): Record<string, string> {
    const { auth, headers, idempotencyHeader } = this.#options;
    return {
      accept: 'application/json, application/problem+json',
      ...headers,
      ...(request.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token !== undefined ? (auth?.headers?.(token) ?? { authorization: `Bearer ${token}` }) : {}),
      ...(request.idempotencyKey !== undefined
        ? { [idempotencyHeader ?? 'idempotency-key']: request.idempotencyKey }
        : {}),
      ...request.headers,
    };
  }
}
