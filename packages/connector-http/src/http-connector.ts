/**
 * `HttpConnector`: the reference connector for REST platforms, and the file to copy when you write your own.
 *
 * Every method follows the same three steps: validate the input with core's parsers (nothing is sent for bad
 * input), make one request through core's `HttpTransport` (`@neural/integrations-core/http`: auth, timeout,
 * abort, retry, error mapping and response validation all live there), and translate the validated response
 * into the core types. The wire format lives in `schemas.ts`, the state table in `state.ts`, the error table
 * in `errors.ts`; the long-poll, logs, endpoints and files each have their own module, which the class calls.
 */
import { randomUUID } from 'node:crypto';
import {
  assertJobId,
  BaseConnector,
  type CallOptions,
  type Clock,
  type DeployModelOptions,
  type FollowLogsOptions,
  JobResult,
  type JobStatus,
  type JobSummary,
  type ListJobsOptions,
  parseListJobsOptions,
  parseSubmitJobRequest,
  type ResourceUsage,
  type StatusChange,
  type SubmitJobRequest,
  systemClock,
  type WaitForStatusChangeOptions,
} from '@neural/integrations-core';
import {
  type AccessToken,
  type ErrorContext,
  HttpTransport,
  invalidResponse,
  readJson,
  TokenCache,
} from '@neural/integrations-core/http';
import { deleteEndpoint, deployModel } from './endpoints.js';
import { PLATFORM_ERRORS } from './errors.js';
import { downloadFile, uploadFile } from './files.js';
import { followLogs, getLogs } from './logs.js';
import { checkEndpoint, type HttpConnectorOptions, parseHttpConnectorOptions } from './options.js';
import { jobPath } from './paths.js';
import {
  CancelResponseSchema,
  type HttpCredentials,
  HttpCredentialsSchema,
  JobPageSchema,
  type PlatformJob,
  PlatformJobSchema,
  type Problem,
  ResultResponseSchema,
  TokenResponseSchema,
  UsageSchema,
} from './schemas.js';
import { mapPlatformState, platformStatesFor } from './states.js';
import { waitForStatusChange } from './wait-for-status-change.js';

export type { HttpConnectorOptions } from './options.js';

/**
 * The connector for the platform API in `docs/platform-api.md`: a bearer token exchanged for an API key, jobs,
 * logs (paged and streamed), files (streamed both ways), endpoints and usage.
 *
 * @example
 * ```ts
 * const connector = new HttpConnector({ apiKey: process.env.PLATFORM_KEY!, endpoint: 'https://platform.example.com' });
 * if (!(await connector.authenticate())) throw new Error('wrong key');
 * const jobId = await connector.submitJob({ code: 'print("hello")', jobName: 'hello' });
 * const result = await waitForCompletion(connector, jobId);
 * ```
 * @throws InvalidParameterError from the constructor for malformed credentials or options, or plain `http://`
 *   to a host that is not loopback without `allowInsecureHttp`.
 */
export class HttpConnector extends BaseConnector<HttpCredentials> {
  readonly #http: HttpTransport<Problem>;
  readonly #tokens: TokenCache;
  readonly #clock: Clock;
  /** The longest single long-poll: under the platform's 30 s cap and well under one attempt's timeout. */
  readonly #longPollMs: number;

  constructor(credentials: HttpCredentials, options: HttpConnectorOptions = {}) {
    super(credentials, { logger: options.logger, credentialsSchema: HttpCredentialsSchema });
    parseHttpConnectorOptions(options);
    const endpoint = checkEndpoint(this.credentials.endpoint, options.allowInsecureHttp);
    this.declaredCapabilities = { idempotency: true };
    this.#clock = options.clock ?? systemClock;
    this.#longPollMs = Math.max(1, Math.min(25_000, Math.floor((options.timeoutMs ?? 30_000) * 0.8)));
    this.#tokens = new TokenCache(() => this.#exchangeKeyForToken(), {
      clock: this.#clock,
      marginMs: options.tokenRefreshMarginMs ?? 60_000,
    });
    this.#http = new HttpTransport({
      baseUrl: `${endpoint.origin}${endpoint.pathname.replace(/\/+$/, '')}/v1`,
      errors: PLATFORM_ERRORS,
      // Unset: the transport looks the global fetch up per request, so a patched one (MSW, a proxy) is honoured.
      fetch: options.fetch,
      timeoutMs: options.timeoutMs ?? 30_000,
      retry: options.retry ?? {},
      clock: this.#clock,
      logger: this.logger,
      redactor: this.redactor,
      headers: { 'user-agent': options.userAgent ?? 'neural-connector-http' },
      auth: {
        getToken: (signal) => this.#tokens.get(signal),
        invalidateToken: (token) => this.#tokens.invalidate(token),
      },
      rateLimiter: options.rateLimit,
    });
  }

  /** Exchanges the key for a fresh token: `true` when the platform accepts the key, `false` when it refuses it. */
  async authenticate(options: CallOptions = {}): Promise<boolean> {
    this.authenticated = await this.#tokens.refresh(options.signal);
    return this.authenticated;
  }

  /** Submits a job with an `Idempotency-Key` (the caller's, or one made for this call), so retries never duplicate it. */
  async submitJob(request: SubmitJobRequest): Promise<string> {
    const job = parseSubmitJobRequest(request);
    // Made once per call, outside the retry loop: every attempt of this submit carries the same key.
    const idempotencyKey = job.idempotencyKey ?? randomUUID();
    const created = await this.#http.json(PlatformJobSchema, {
      method: 'POST',
      path: '/jobs',
      operation: 'submitJob',
      signal: job.signal,
      idempotencyKey,
      json: {
        code: job.code,
        name: job.jobName,
        resources: job.resourceConfig.toJSON(),
        environment: job.environment,
        dependencies: job.dependencies,
      },
    });
    this.logger.info('submitJob: job submitted', { jobId: created.id, idempotencyKey });
    return created.id;
  }

  /** The job's status, mapped from the platform's state by the table in `state.ts`. */
  async getJobStatus(jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    assertJobId(jobId);
    const job = await this.#http.json(PlatformJobSchema, {
      method: 'GET',
      path: jobPath(jobId),
      operation: 'getJobStatus',
      jobId,
      signal: options.signal,
    });
    return mapPlatformState(job.state);
  }

  /**
   * Waits on the platform's long-poll (`GET /v1/jobs/{id}/wait`) until the job's status differs from `since`,
   * in slices of at most 25 s. Several platform states share a status (QUEUED and STARTING are both
   * `pending`), so a move between two of them is waited past, never reported as a change.
   */
  override async waitForStatusChange(
    jobId: string,
    options: WaitForStatusChangeOptions,
  ): Promise<StatusChange> {
    return waitForStatusChange(
      { http: this.#http, clock: this.#clock, longPollMs: this.#longPollMs },
      jobId,
      options,
    );
  }

  /** The job's result so far, with the platform's state kept as `rawState`. */
  async getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResult> {
    assertJobId(jobId);
    const result = await this.#http.json(ResultResponseSchema, {
      method: 'GET',
      path: `${jobPath(jobId)}/result`,
      operation: 'getJobResult',
      jobId,
      signal: options.signal,
    });
    const { state, ...fields } = result;
    return new JobResult({ ...fields, jobId, status: mapPlatformState(state), rawState: state });
  }

  /** Cancels the job: `true` when it was stopped, `false` when it had already finished. */
  async cancelJob(jobId: string, options: CallOptions = {}): Promise<boolean> {
    assertJobId(jobId);
    const answer = await this.#http.json(CancelResponseSchema, {
      method: 'POST',
      path: `${jobPath(jobId)}/cancel`,
      // Cancelling twice is harmless: the second answer says the job had already ended.
      idempotent: true,
      operation: 'cancelJob',
      jobId,
      signal: options.signal,
    });
    return answer.cancelled;
  }

  /**
   * Recent jobs, newest first, following the platform's cursor until `limit` jobs are found. A `statusFilter`
   * is sent as the platform states it stands for; `unknown`, which none stands for, is filtered here.
   */
  async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    const { limit, statusFilter, signal } = parseListJobsOptions(options);
    const states = statusFilter ? platformStatesFor(statusFilter) : [];
    const filtersHere = statusFilter !== undefined && states.length === 0;
    const jobs: JobSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#http.json(JobPageSchema, {
        method: 'GET',
        path: '/jobs',
        query: {
          limit: filtersHere ? 1000 : limit - jobs.length,
          state: states.join(',') || undefined,
          cursor,
        },
        operation: 'listJobs',
        signal,
      });
      for (const job of page.jobs.map(toSummary)) {
        if (statusFilter === undefined || job.status === statusFilter) jobs.push(job);
      }
      if (page.nextCursor !== null && page.nextCursor === cursor) {
        throw invalidResponse(this.#context('listJobs'), 'the cursor did not advance');
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && jobs.length < limit);
    return jobs.slice(0, limit);
  }

  /** Every log line written so far, fetched page by page. */
  async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    return getLogs(this.#http, jobId, options);
  }

  /**
   * Streams the job's log lines as they are written, ending when the platform says the job ended. Throws
   * `CloudConnectionError` if the stream closes before that, `OperationAbortedError` when `signal` aborts.
   */
  override followLogs(
    jobId: string,
    options: FollowLogsOptions = {},
  ): AsyncGenerator<string, void, undefined> {
    return followLogs(this.#http, jobId, options);
  }

  /** Deploys a model file as an endpoint; returns its URL. */
  override async deployModel(
    modelPath: string,
    endpointName: string,
    options: DeployModelOptions = {},
  ): Promise<string> {
    return deployModel(this.#http, modelPath, endpointName, options);
  }

  /** Deletes an endpoint: `true` when it existed, `false` when there was none by that name. */
  override async deleteEndpoint(endpointName: string, options: CallOptions = {}): Promise<boolean> {
    return deleteEndpoint(this.#http, endpointName, options);
  }

  /** Streams a local file to the platform; the platform's size and SHA-256 must match the local ones. */
  override async uploadFile(
    localPath: string,
    remotePath: string,
    options: CallOptions = {},
  ): Promise<boolean> {
    return uploadFile(this.#http, localPath, remotePath, options);
  }

  /** Streams a platform file to `localPath` through a temporary file, checking its size and SHA-256. */
  override async downloadFile(
    remotePath: string,
    localPath: string,
    options: CallOptions = {},
  ): Promise<boolean> {
    return downloadFile(this.#http, remotePath, localPath, options);
  }

  /** The platform's GPU, CPU and job counts. */
  override async getResourceUsage(options: CallOptions = {}): Promise<ResourceUsage> {
    return this.#http.json(UsageSchema, {
      method: 'GET',
      path: '/usage',
      operation: 'getResourceUsage',
      signal: options.signal,
    });
  }

  /** Asks the platform for a token. Not given a caller's signal: the request is shared by concurrent callers. */
  async #exchangeKeyForToken(): Promise<AccessToken> {
    const token = await this.#http.send(
      {
        method: 'POST',
        path: '/auth/token',
        json: { apiKey: this.credentials.apiKey },
        auth: false,
        // A second token request only mints a second token.
        idempotent: true,
        operation: 'authenticate',
      },
      // A malformed token response is reported without quoting it: it may hold most of a token.
      (response) => readJson(response, TokenResponseSchema, this.#context('authenticate'), { quote: false }),
    );
    this.redactor.add(token.accessToken);
    return { value: token.accessToken, expiresAtMs: this.#clock.now() + token.expiresIn * 1000 };
  }

  #context(operation: string, jobId?: string): ErrorContext {
    return this.#http.context({ operation, jobId });
  }
}

function toSummary(job: PlatformJob): JobSummary {
  return Object.freeze({
    id: job.id,
    name: job.name,
    status: mapPlatformState(job.state),
    rawState: job.state,
    createdAt: new Date(job.createdAt),
  });
}
