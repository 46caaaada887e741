/**
 * `__CLASS__Connector`: the platform's calls, and nothing else. Each method validates its input with core's
 * parsers (nothing is sent for bad input), makes one request through core's `HttpTransport` (auth, timeout,
 * abort, retries, rate limit, error mapping and response validation live there, in
 * `@neural/integrations-core/http`), and turns the validated answer into the contract's types. The wire
 * format and the state and error tables are in `platform.ts`.
 *
 * Optional contract methods (followLogs, files, endpoints, usage, waitForStatusChange) are left out; the
 * reference connector `@neural/connector-http` shows each one, built on the same plumbing.
 */
import { randomUUID } from 'node:crypto';
import {
  assertJobId,
  BaseConnector,
  type CallOptions,
  type Clock,
  type CommonConnectorOptions,
  connectorOptionFields,
  JobResult,
  type JobStatus,
  type JobSummary,
  type ListJobsOptions,
  parseListJobsOptions,
  parseOrThrow,
  parseSubmitJobRequest,
  type SubmitJobRequest,
  strictOptions,
  systemClock,
} from '@neural/integrations-core';
import { HttpTransport, invalidResponse, readJson, TokenCache } from '@neural/integrations-core/http';
import {
  type __CLASS__Credentials,
  __CLASS__CredentialsSchema,
  CancelSchema,
  JobPageSchema,
  JobSchema,
  LogsPageSchema,
  mapPlatformState,
  PLATFORM_ERRORS,
  type Problem,
  platformStatesFor,
  ResultSchema,
  TokenSchema,
} from './platform.js';

/**
 * How a {@link __CLASS__Connector} behaves: core's common options (`fetch`, `timeoutMs`, `retry`, `clock`,
 * `logger`, `rateLimit`). Every field has a default. Add your platform's own here and in `OptionsSchema`.
 */
export interface __CLASS__ConnectorOptions extends CommonConnectorOptions {}

// Strict: a misspelt option (`timeoutMS`) is refused with a did-you-mean hint, not silently ignored.
const OptionsSchema = strictOptions({ ...connectorOptionFields });

/**
 * The connector for __PLATFORM__: a bearer token exchanged for an API key, then jobs, results and logs.
 *
 * @example
 * ```ts
 * const connector = new __CLASS__Connector({ apiKey: process.env.API_KEY!, endpoint: 'https://api.example.com' });
 * const jobId = await connector.submitJob({ code: "print('hello')" });
 * ```
 */
export class __CLASS__Connector extends BaseConnector<__CLASS__Credentials> {
  readonly #http: HttpTransport<Problem>;
  readonly #tokens: TokenCache;
  readonly #clock: Clock;

  constructor(credentials: __CLASS__Credentials, options: __CLASS__ConnectorOptions = {}) {
    super(credentials, { logger: options.logger, credentialsSchema: __CLASS__CredentialsSchema });
    parseOrThrow(OptionsSchema, options, '__CLASS__Connector options');
    this.declaredCapabilities = { idempotency: true };
    this.#clock = options.clock ?? systemClock;
    this.#tokens = new TokenCache(() => this.#exchangeKeyForToken(), {
      clock: this.#clock,
      marginMs: 60_000,
    });
    this.#http = new HttpTransport({
      baseUrl: `${this.credentials.endpoint.replace(/\/+$/, '')}/v1`,
      errors: PLATFORM_ERRORS,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      rateLimiter: options.rateLimit,
      clock: this.#clock,
      logger: this.logger,
      redactor: this.redactor,
      headers: { 'user-agent': '__PACKAGE_NAME__' },
      auth: {
        getToken: (signal) => this.#tokens.get(signal),
        invalidateToken: (t) => this.#tokens.invalidate(t),
      },
    });
  }

  /** Exchanges the key for a fresh token: `true` when the platform accepts the key, `false` when it refuses it. */
  async authenticate(options: CallOptions = {}): Promise<boolean> {
    this.authenticated = await this.#tokens.refresh(options.signal);
    return this.authenticated;
  }

  /** Submits a job with an idempotency key (the caller's, or one made for this call): retries never duplicate it. */
  async submitJob(request: SubmitJobRequest): Promise<string> {
    const job = parseSubmitJobRequest(request);
    const created = await this.#http.json(JobSchema, {
      method: 'POST',
      path: '/jobs',
      // Made once per call, outside the retries: every attempt of this submit carries the same key.
      idempotencyKey: job.idempotencyKey ?? randomUUID(),
      json: {
        code: job.code,
        name: job.jobName,
        resources: job.resourceConfig.toJSON(),
        environment: job.environment,
        dependencies: job.dependencies,
      },
      operation: 'submitJob',
      signal: job.signal,
    });
    return created.id;
  }

  /** The job's status, through the state table. */
  async getJobStatus(jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    const job = await this.#http.json(JobSchema, this.#jobRequest('getJobStatus', jobId, '', options));
    return mapPlatformState(job.state);
  }

  /** The job's result so far, with the platform's own state kept as `rawState`. */
  async getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResult> {
    const result = await this.#http.json(
      ResultSchema,
      this.#jobRequest('getJobResult', jobId, '/result', options),
    );
    const { state, ...fields } = result;
    return new JobResult({ ...fields, jobId, status: mapPlatformState(state), rawState: state });
  }

  /** Cancels the job: `true` when it was stopped, `false` when it had already ended. */
  async cancelJob(jobId: string, options: CallOptions = {}): Promise<boolean> {
    const request = this.#jobRequest('cancelJob', jobId, '/cancel', options);
    // Cancelling twice is harmless, so a cancel may be retried like a read.
    const answer = await this.#http.json(CancelSchema, { ...request, method: 'POST', idempotent: true });
    return answer.cancelled;
  }

  /** Recent jobs, newest first, following the platform's cursor until `limit` are found. */
  async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    const { limit, statusFilter, signal } = parseListJobsOptions(options);
    const states = statusFilter ? platformStatesFor(statusFilter) : [];
    const jobs: JobSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#http.json(JobPageSchema, {
        method: 'GET',
        path: '/jobs',
        // `unknown` stands for no platform state: ask for everything and filter here.
        query: {
          limit: states.length ? limit - jobs.length : 1000,
          state: states.join(',') || undefined,
          cursor,
        },
        operation: 'listJobs',
        signal,
      });
      for (const job of page.jobs) {
        const status = mapPlatformState(job.state);
        if (statusFilter !== undefined && status !== statusFilter) continue;
        jobs.push({
          id: job.id,
          name: job.name,
          status,
          rawState: job.state,
          createdAt: new Date(job.createdAt),
        });
      }
      if (page.nextCursor !== null && page.nextCursor === cursor) {
        throw invalidResponse(this.#http.context({ operation: 'listJobs' }), 'the cursor did not advance');
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && jobs.length < limit);
    return jobs.slice(0, limit);
  }

  /** Every log line written so far, page by page. */
  async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    let logs = '';
    for (let offset = 0; ; ) {
      const request = this.#jobRequest('getLogs', jobId, '/logs', options);
      const page = await this.#http.json(LogsPageSchema, { ...request, query: { offset } });
      logs += page.content;
      if (page.nextOffset < offset) {
        throw invalidResponse(this.#http.context(request), 'nextOffset went backwards');
      }
      if (page.complete || page.nextOffset === offset) return logs;
      offset = page.nextOffset;
    }
  }

  /** A `GET` about one job, its id checked first (an `InvalidParameterError` before anything is sent). */
  #jobRequest(operation: string, jobId: string, suffix: string, options: CallOptions) {
    assertJobId(jobId);
    const path = `/jobs/${encodeURIComponent(jobId)}${suffix}`;
    return { method: 'GET', path, operation, jobId, signal: options.signal } as const;
  }

  /** Asks for a token. Not given a caller's signal: the request is shared by every concurrent caller. */
  async #exchangeKeyForToken() {
    const context = this.#http.context({ operation: 'authenticate' });
    const token = await this.#http.send(
      {
        method: 'POST',
        path: '/auth/token',
        json: { apiKey: this.credentials.apiKey },
        auth: false,
        idempotent: true,
        operation: 'authenticate',
      },
      // Never quoted in an error: a malformed token answer may hold most of a token.
      (response) => readJson(response, TokenSchema, context, { quote: false }),
    );
    this.redactor.add(token.accessToken);
    return { value: token.accessToken, expiresAtMs: this.#clock.now() + token.expiresIn * 1000 };
  }
}
