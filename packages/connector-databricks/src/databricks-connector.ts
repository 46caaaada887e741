/**
 * `DatabricksConnector`: a job is a one-time run on a Databricks workspace. Every method validates its input
 * (nothing is sent for bad input), makes its requests through core's `HttpTransport` (auth, timeouts, abort,
 * retries honouring `Retry-After`, the error table, response validation) and translates the validated answer.
 * The class wires the pieces; each operation lives in `connector/` (auth, submit, runs, listing, files,
 * endpoints). The wire format is in `api.ts`, the state table in `states.ts`, the error table in `errors.ts`,
 * the run request in `run-spec.ts` and the cluster in `cluster.ts`.
 */
import {
  BaseConnector,
  type CallOptions,
  type Clock,
  type DeployModelOptions,
  type JobResult,
  type JobStatus,
  type JobSummary,
  type ListJobsOptions,
  parseOrThrow,
  type SubmitJobRequest,
  systemClock,
} from '@neural/integrations-core';
import { HttpTransport, TokenCache } from '@neural/integrations-core/http';
import type { DatabricksError } from './api.js';
import { DEFAULT_NODE_TYPES, type NodeTypeTable } from './cluster.js';
import { checkCredentials, exchangeClientSecret } from './connector/auth.js';
import { createServingEndpoint, deleteServingEndpoint } from './connector/endpoints.js';
import { downloadFromFiles, uploadToFiles } from './connector/files.js';
import { listRuns } from './connector/listing.js';
import { cancelRun, runLogs, runResult, runStatus } from './connector/runs.js';
import { submitRun } from './connector/submit.js';
import { cloudOfHost, type DatabricksCredentials, DatabricksCredentialsSchema } from './credentials.js';
import { databricksErrorTable } from './errors.js';
import {
  type DatabricksConnectorOptions,
  DatabricksConnectorOptionsSchema,
  rateLimiterFrom,
} from './options.js';

/**
 * The connector for Databricks workspaces (AWS, Azure, GCP): jobs as one-time runs (`runs/submit`) of Python
 * code imported into the workspace, on a new job cluster or an existing one; files on the Files API; models
 * on Model Serving endpoints.
 *
 * @example
 * ```ts
 * const connector = new DatabricksConnector({ endpoint: 'https://dbc-1234.cloud.databricks.com', token: process.env.DATABRICKS_TOKEN! });
 * const jobId = await connector.submitJob({ code: 'print("hello")', resourceConfig: { instanceType: 'standard' } });
 * const result = await waitForCompletion(connector, jobId);
 * ```
 * @throws InvalidParameterError from the constructor for malformed credentials or options.
 */
export class DatabricksConnector extends BaseConnector<DatabricksCredentials> {
  readonly #http: HttpTransport<DatabricksError>;
  readonly #tokens: TokenCache | undefined;
  readonly #clock: Clock;
  readonly #host: string;
  readonly #nodeTypes: NodeTypeTable;
  readonly #filesRoot: string;

  constructor(credentials: DatabricksCredentials, options: DatabricksConnectorOptions = {}) {
    super(credentials, { logger: options.logger, credentialsSchema: DatabricksCredentialsSchema });
    parseOrThrow(DatabricksConnectorOptionsSchema, options, 'DatabricksConnector options');
    this.declaredCapabilities = { idempotency: true };
    this.#clock = options.clock ?? systemClock;
    this.#host = new URL(this.credentials.endpoint).origin;
    const defaults = DEFAULT_NODE_TYPES[cloudOfHost(this.#host)];
    this.#nodeTypes = {
      cpu: options.nodeTypes?.cpu ?? defaults.cpu,
      gpu: [...(options.nodeTypes?.gpu ?? defaults.gpu)].sort((a, b) => a.gpus - b.gpus),
    };
    this.#filesRoot = options.filesRoot ?? '/Volumes/main/default/neural';
    const { token } = this.credentials;
    this.#tokens =
      token === undefined
        ? new TokenCache(
            () => exchangeClientSecret(this.#http, this.credentials, this.redactor, this.#clock),
            {
              clock: this.#clock,
              marginMs: options.tokenRefreshMarginMs ?? 60_000,
            },
          )
        : undefined;
    const tokens = this.#tokens;
    this.#http = new HttpTransport({
      baseUrl: this.#host,
      errors: databricksErrorTable({ refreshableToken: tokens !== undefined }),
      fetch: options.fetch,
      timeoutMs: options.timeoutMs ?? 30_000,
      retry: options.retry ?? {},
      clock: this.#clock,
      logger: this.logger,
      redactor: this.redactor,
      headers: { 'user-agent': options.userAgent ?? 'neural-connector-databricks' },
      auth: tokens
        ? { getToken: (signal) => tokens.get(signal), invalidateToken: (value) => tokens.invalidate(value) }
        : // A personal access token cannot be refreshed: a 401 for it is final.
          { getToken: async () => token as string, invalidateToken: () => {} },
      rateLimiter: rateLimiterFrom(options.rateLimit, this.#clock),
    });
  }

  /**
   * Checks the credentials with the workspace (an OAuth token exchange, then one `runs/list` call): `true`
   * when accepted, `false` when refused (401/403).
   */
  async authenticate(options: CallOptions = {}): Promise<boolean> {
    this.#tokens?.clear();
    this.authenticated = await checkCredentials(this.#http, options.signal);
    return this.authenticated;
  }

  /**
   * Imports the code into the workspace and submits a one-time run of it with the idempotency key as its
   * `idempotency_token` (the caller's, or one made for this call), so retries never start a second run.
   */
  async submitJob(request: SubmitJobRequest): Promise<string> {
    return submitRun(this.#http, request, this.#nodeTypes, this.logger);
  }

  /** The run's status, mapped from its life-cycle and result states by the table in `states.ts`. */
  async getJobStatus(jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    return runStatus(this.#http, jobId, options.signal);
  }

  /**
   * The run's result: status, both states in `rawState` (`TERMINATED/FAILED`), the task's standard output as
   * `output`, its error (and stack trace) as `error`, the run page as `logsUrl`, and how long it ran.
   */
  async getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResult> {
    return runResult(this.#http, jobId, options.signal);
  }

  /**
   * Cancels the run (`runs/cancel`): `true` when it was still going, `false` when its task had already ended
   * (the run `TERMINATING` or over).
   */
  async cancelJob(jobId: string, options: CallOptions = {}): Promise<boolean> {
    return cancelRun(this.#http, jobId, options.signal);
  }

  /**
   * The workspace's one-time runs (`run_type=SUBMIT_RUN`), newest first, following `next_page_token` (or
   * `offset` on workspaces that do not send one) until `limit` runs are found. A status filter narrows the
   * request to active or completed runs and is finished here.
   */
  async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    return listRuns(this.#http, options);
  }

  /**
   * The task's standard output and error so far, from `runs/get-output` (Databricks keeps the last 5 MB).
   * Where the task's output is empty or not kept (a notebook task), the driver's stdout is read instead when
   * the cluster delivers its logs to a volume (`customParams.clusterLogVolume`) and they have arrived. Empty
   * before the task has started.
   */
  async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    return runLogs(this.#http, jobId, options.signal);
  }

  /**
   * Creates a Model Serving endpoint serving a registered model: `modelPath` is its name
   * (`catalog.schema.model` in Unity Catalog) and optionally `/<version>` (default version 1). Returns the
   * endpoint's invocation URL at once; the endpoint becomes ready minutes later.
   */
  override async deployModel(
    modelPath: string,
    endpointName: string,
    options: DeployModelOptions = {},
  ): Promise<string> {
    return createServingEndpoint(this.#http, this.#host, modelPath, endpointName, options);
  }

  /** Deletes a serving endpoint: `true` when it existed, `false` when there was none by that name. */
  override async deleteEndpoint(endpointName: string, options: CallOptions = {}): Promise<boolean> {
    return deleteServingEndpoint(this.#http, endpointName, options.signal);
  }

  /**
   * Streams a local file to `<filesRoot>/<remotePath>` on the Files API (overwriting), then checks the stored
   * size against the local one.
   */
  override async uploadFile(
    localPath: string,
    remotePath: string,
    options: CallOptions = {},
  ): Promise<boolean> {
    return uploadToFiles(this.#http, this.#filesRoot, localPath, remotePath, options.signal);
  }

  /** Streams `<filesRoot>/<remotePath>` from the Files API to `localPath`, through a temporary file. */
  override async downloadFile(
    remotePath: string,
    localPath: string,
    options: CallOptions = {},
  ): Promise<boolean> {
    return downloadFromFiles(this.#http, this.#filesRoot, remotePath, localPath, options.signal);
  }
}
