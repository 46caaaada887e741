import {
  AuthenticationError,
  assertJobId,
  BaseConnector,
  type CallOptions,
  type Clock,
  CloudConnectionError,
  CloudExecutionError,
  type ConnectorOptions,
  JobNotFoundError,
  JobResult,
  JobStatus,
  type JobSummary,
  type ListJobsOptions,
  parseListJobsOptions,
  parseSubmitJobRequest,
  type SubmitJobRequest,
  systemClock,
  throwIfAborted,
  withRetry,
} from '@neural/integrations-core';
import { type MyPlatform, PlatformError, type PlatformJob } from './my-platform.js';

/** The seed's credentials: an API key and the platform's endpoint. */
export interface MyPlatformCredentials {
  apiKey: string;
  endpoint: string;
}

/** Everything the connector needs besides credentials. */
export interface MyPlatformConnectorOptions extends ConnectorOptions {
  /** The platform to talk to (in a real connector: an HTTP client for `credentials.endpoint`). */
  platform: MyPlatform;
  /** Where retry backoff waits. Default `systemClock`. */
  clock?: Clock;
}

/** The platform's states onto the library's, written down once; anything else is UNKNOWN. */
const STATE_TO_STATUS: Readonly<Record<PlatformJob['state'], JobStatus>> = {
  queued: JobStatus.PENDING,
  running: JobStatus.RUNNING,
  done: JobStatus.SUCCEEDED,
  error: JobStatus.FAILED,
  stopped: JobStatus.CANCELLED,
};

/**
 * The seed's `MyPlatformConnector`, done for real: it authenticates for a token, validates every request
 * before sending it, maps the platform's states and errors onto the library's, retries transient failures
 * (safely, because every submit carries an idempotency key), and returns what the platform says.
 */
export class MyPlatformConnector extends BaseConnector<MyPlatformCredentials> {
  readonly #platform: MyPlatform;
  readonly #clock: Clock;
  #token: string | undefined;

  constructor(credentials: MyPlatformCredentials, options: MyPlatformConnectorOptions) {
    super(credentials, { logger: options.logger });
    this.#platform = options.platform;
    this.#clock = options.clock ?? systemClock;
    this.declaredCapabilities = { idempotency: true };
  }

  async authenticate(options: CallOptions = {}): Promise<boolean> {
    const { apiKey, endpoint } = this.credentials;
    // The seed's rule: without a key and an endpoint there is nothing to try.
    if (!apiKey || !endpoint) return false;
    try {
      this.#token = await this.#send(() => this.#platform.issueToken(apiKey), options.signal);
      this.redactor.add(this.#token);
    } catch (error) {
      if (AuthenticationError.isInstance(error)) {
        this.authenticated = false;
        return false;
      }
      throw error;
    }
    this.authenticated = true;
    this.logger.info('Authenticated', { endpoint });
    return true;
  }

  async submitJob(request: SubmitJobRequest): Promise<string> {
    const job = parseSubmitJobRequest(request);
    // One key per call, reused by every retry of it: a retried submit never makes a second job.
    const idempotencyKey = job.idempotencyKey ?? crypto.randomUUID();
    const created = await this.#call(
      (token) =>
        this.#platform.createJob(token, {
          code: job.code,
          name: job.jobName,
          resources: job.resourceConfig.toJSON() as Record<string, unknown>,
          environment: { ...job.environment },
          dependencies: job.dependencies,
          idempotencyKey,
        }),
      job.signal,
    );
    this.logger.info('Job submitted', { jobId: created.id });
    return created.id;
  }

  async getJobStatus(jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    assertJobId(jobId);
    const job = await this.#call((token) => this.#platform.getJob(token, jobId), options.signal, jobId);
    return STATE_TO_STATUS[job.state] ?? JobStatus.UNKNOWN;
  }

  async getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResult> {
    assertJobId(jobId);
    const job = await this.#call((token) => this.#platform.getJob(token, jobId), options.signal, jobId);
    const durationSeconds =
      job.startedAt === null ? undefined : ((job.finishedAt ?? this.#clock.now()) - job.startedAt) / 1000;
    return new JobResult({
      jobId: job.id,
      status: STATE_TO_STATUS[job.state] ?? JobStatus.UNKNOWN,
      rawState: job.state,
      output: job.output ?? undefined,
      error: job.error ?? undefined,
      metrics: job.metrics,
      logsUrl: `${this.credentials.endpoint}/jobs/${job.id}/logs`,
      durationSeconds: durationSeconds === undefined ? undefined : Math.max(0, durationSeconds),
    });
  }

  async cancelJob(jobId: string, options: CallOptions = {}): Promise<boolean> {
    assertJobId(jobId);
    const { stopped } = await this.#call(
      (token) => this.#platform.stopJob(token, jobId),
      options.signal,
      jobId,
    );
    return stopped;
  }

  async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    const { limit, statusFilter, signal } = parseListJobsOptions(options);
    const jobs = await this.#call((token) => this.#platform.listJobs(token), signal);
    return jobs
      .map((job) => ({
        id: job.id,
        name: job.name ?? undefined,
        status: STATE_TO_STATUS[job.state] ?? JobStatus.UNKNOWN,
        rawState: job.state,
        createdAt: new Date(job.createdAt),
      }))
      .filter((job) => statusFilter === undefined || job.status === statusFilter)
      .slice(0, limit);
  }

  async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    assertJobId(jobId);
    return this.#call((token) => this.#platform.logs(token, jobId), options.signal, jobId);
  }

  /** Calls the platform with a token (authenticating first when needed), retrying transient failures. */
  async #call<T>(request: (token: string) => T, signal: AbortSignal | undefined, jobId?: string): Promise<T> {
    if (this.#token === undefined && !(await this.authenticate({ signal }))) {
      throw new AuthenticationError('The platform refused the API key');
    }
    return this.#send(() => request(this.#token!), signal, jobId);
  }

  async #send<T>(request: () => T, signal: AbortSignal | undefined, jobId?: string): Promise<T> {
    return withRetry(
      async () => {
        throwIfAborted(signal);
        try {
          return request();
        } catch (error) {
          throw this.#translate(error, jobId);
        }
      },
      { signal, clock: this.#clock, maxAttempts: 4, initialDelayMs: 10 },
    );
  }

  /** Every platform error becomes one of the library's, so callers handle one family. */
  #translate(error: unknown, jobId: string | undefined): Error {
    if (!(error instanceof PlatformError)) {
      return new CloudExecutionError('The platform failed unexpectedly', { cause: error });
    }
    switch (error.status) {
      case 401:
        return new AuthenticationError(error.message, { cause: error });
      case 404:
        return jobId === undefined
          ? new CloudExecutionError(error.message, { cause: error })
          : new JobNotFoundError(jobId, { cause: error });
      case 503:
        return new CloudConnectionError(error.message, { cause: error, retryable: true });
      default:
        return new CloudExecutionError(error.message, { cause: error });
    }
  }
}
