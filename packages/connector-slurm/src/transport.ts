/**
 * slurmrestd over core's `HttpTransport`: what is Slurm's here is its headers (user name and JWT), its error
 * table, its errors embedded in a 200, and its lack of idempotency keys (a submit is resent only when the
 * first attempt was never sent). Timeouts, retries, aborts and redaction are core's.
 */
import type { Clock, Logger, RateLimiter, Redactor, RetryPolicy } from '@neural/integrations-core';
import {
  describeFailure,
  errorForFailure,
  excerpt,
  HttpTransport,
  invalidResponse,
  parseJsonText,
  type ResponseErrorTable,
} from '@neural/integrations-core/http';
import type { SlurmApiAdapter, SlurmApiError } from './api/adapter.js';
import { slurmErrorTable } from './errors.js';

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
  /** Waited on before every attempt: a shared `RateLimiter`, or the settings of one of its own. */
  readonly rateLimiter?: RateLimiter | { requestsPerSecond: number; burst?: number | undefined } | undefined;
}

/** Sends requests to slurmrestd; see the file comment. */
export class SlurmTransport {
  readonly #http: HttpTransport<readonly SlurmApiError[]>;
  readonly #api: SlurmApiAdapter;
  readonly #errors: ResponseErrorTable<readonly SlurmApiError[]>;

  constructor(options: SlurmTransportOptions) {
    const { api, user, token, ...shared } = options;
    this.#api = api;
    this.#errors = slurmErrorTable(api);
    this.#http = new HttpTransport({
      ...shared,
      errors: this.#errors,
      headers: { accept: 'application/json', 'x-slurm-user-name': user, 'x-slurm-user-token': token },
    });
  }

  /** Sends `request` (retrying as its `idempotent` flag allows) and returns its validated body. */
  send<T>(request: SlurmRequest<T>): Promise<T> {
    const { parse, ...sent } = request;
    return this.#http.send(sent, async (response) => {
      const context = this.#http.context(request);
      const body = parseJsonText(await response.text(), response.headers.get('content-type'), context);
      // A 200 can still carry errors (a partial failure); a non-empty list is a failure for our calls.
      const embedded = this.#api
        .parseErrors(body)
        .filter((entry) => entry.number !== undefined && entry.number !== 0);
      if (embedded.length > 0) {
        const failure = describeFailure(
          response.status,
          response.headers,
          '',
          this.#errors,
          context,
          embedded,
        );
        throw errorForFailure(failure, this.#errors);
      }
      try {
        return parse(body);
      } catch (error) {
        const reason = error instanceof Error ? excerpt(error.message) : 'invalid body';
        throw invalidResponse(context, `it does not match the ${this.#api.version} schema: ${reason}`, error);
      }
    });
  }
}
