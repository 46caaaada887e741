/**
 * `DatabricksConnector`: a job is a one-time run on a Databricks workspace. Every method validates its input
 * (nothing is sent for bad input), makes its requests through core's `HttpTransport` (auth, timeouts, abort,
 * retries honouring `Retry-After`, the error table, response validation) and translates the validated answer.
 * The wire format is in `api.ts`, the state table in `states.ts`, the error table in `errors.ts`, the run
 * request in `run-spec.ts` and the cluster in `cluster.ts`.
 */
import { randomUUID } from 'node:crypto';
import {
  AuthenticationError,
  assertJobId,
  BaseConnector,
  type CallOptions,
  type Clock,
  CloudConnectionError,
  CloudExecutionError,
  type DeployModelOptions,
  JobNotFoundError,
  JobResult,
  JobStatus,
  type JobSummary,
  type ListJobsOptions,
  parseListJobsOptions,
  parseOrThrow,
  parseSubmitJobRequest,
  type SubmitJobRequest,
  systemClock,
} from '@neural/integrations-core';
import {
  type AccessToken,
  assertLocalPath,
  describeLocalFile,
  encodeRemotePath,
  fileBody,
  HttpTransport,
  invalidResponse,
  readJson,
  TokenCache,
  writeDownload,
} from '@neural/integrations-core/http';
import {
  type DatabricksError,
  EmptyObjectSchema,
  OidcTokenSchema,
  type Run,
  RunOutputSchema,
  RunSchema,
  RunsListSchema,
  ServingEndpointSchema,
  SubmitRunResponseSchema,
} from './api.js';
import { DEFAULT_NODE_TYPES, type NodeTypeTable } from './cluster.js';
import { cloudOfHost, type DatabricksCredentials, DatabricksCredentialsSchema } from './credentials.js';
import { databricksErrorTable } from './errors.js';
import {
  type DatabricksConnectorOptions,
  DatabricksConnectorOptionsSchema,
  rateLimiterFrom,
} from './options.js';
import { buildRunSpec, keyFromCodePath } from './run-spec.js';
import { assertEndpointName, servingEndpointRequest } from './serving.js';
import { isTerminalLifeCycleState, mapRunState, rawRunState, runStates } from './states.js';

/** At most this many runs per `runs/list` page (the API's maximum). */
const LIST_PAGE = 25;

/**
 * The connector for Databricks workspaces (AWS, Azure, GCP): jobs as one-time runs (`runs/submit`) of Python
 * code imported into the workspace, on a new job cluster or an existing one; files on the Files API; models
 * on Model Serving endpoints.
 *
 * @example
 * ```ts
 * const connector = new DatabricksConnector({ host: 'https://dbc-1234.cloud.databricks.com', token: process.env.DATABRICKS_TOKEN! });
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
    this.#host = new URL(this.credentials.host).origin;
    const defaults = DEFAULT_NODE_TYPES[cloudOfHost(this.#host)];
    this.#nodeTypes = {
      cpu: options.nodeTypes?.cpu ?? defaults.cpu,
      gpu: [...(options.nodeTypes?.gpu ?? defaults.gpu)].sort((a, b) => a.gpus - b.gpus),
    };
    this.#filesRoot = options.filesRoot ?? '/Volumes/main/default/neural';
    const { token } = this.credentials;
    this.#tokens =
      token === undefined
        ? new TokenCache(() => this.#exchangeClientSecret(), {
            clock: this.#clock,
            marginMs: options.tokenRefreshMarginMs ?? 60_000,
          })
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
    try {
      await this.#http.json(RunsListSchema, {
        method: 'GET',
        path: '/api/2.1/jobs/runs/list',
        query: { limit: 1, run_type: 'SUBMIT_RUN' },
        operation: 'authenticate',
        signal: options.signal,
      });
      this.authenticated = true;
    } catch (error) {
      if (!AuthenticationError.isInstance(error)) throw error;
      this.authenticated = false;
    }
    return this.authenticated;
  }

  /**
   * Imports the code into the workspace and submits a one-time run of it with the idempotency key as its
   * `idempotency_token` (the caller's, or one made for this call), so retries never start a second run.
   */
  async submitJob(request: SubmitJobRequest): Promise<string> {
    const job = parseSubmitJobRequest(request);
    // Made once per call, outside the retry loop: every attempt of this submit carries the same token.
    const key = job.idempotencyKey ?? randomUUID();
    const spec = buildRunSpec(job, key, this.#nodeTypes);
    await this.#http.json(EmptyObjectSchema, {
      method: 'POST',
      path: '/api/2.0/workspace/mkdirs',
      json: { path: spec.workspaceDir },
      // Creating a folder that exists is a no-op.
      idempotent: true,
      operation: 'submitJob',
      signal: job.signal,
    });
    await this.#http.json(EmptyObjectSchema, {
      method: 'POST',
      path: '/api/2.0/workspace/import',
      json: spec.importRequest,
      // `overwrite: true` with the same content: importing twice leaves the same file.
      idempotent: true,
      operation: 'submitJob',
      signal: job.signal,
    });
    const submitted = await this.#http.json(SubmitRunResponseSchema, {
      method: 'POST',
      path: '/api/2.1/jobs/runs/submit',
      json: spec.submitRequest,
      // The idempotency_token in the body makes a resent submit return the same run.
      idempotent: true,
      operation: 'submitJob',
      signal: job.signal,
    });
    const jobId = String(submitted.run_id);
    this.logger.info('submitJob: run submitted', { jobId, idempotencyKey: key });
    return jobId;
  }

  /** The run's status, mapped from its life-cycle and result states by the table in `states.ts`. */
  async getJobStatus(jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    const run = await this.#getRun(jobId, 'getJobStatus', options.signal);
    const { lifeCycle, result } = runStates(run);
    return mapRunState(lifeCycle, result);
  }

  /**
   * The run's result: status, both states in `rawState` (`TERMINATED/FAILED`), the task's standard output as
   * `output`, its error (and stack trace) as `error`, the run page as `logsUrl`, and how long it ran.
   */
  async getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResult> {
    const run = await this.#getRun(jobId, 'getJobResult', options.signal);
    const { lifeCycle, result } = runStates(run);
    const status = mapRunState(lifeCycle, result);
    const started = ['RUNNING', 'TERMINATING'].includes(lifeCycle) || isTerminalLifeCycleState(lifeCycle);
    const output = started ? await this.#taskOutput(run, 'getJobResult', options.signal) : undefined;
    const notebookResult = output?.notebook_output?.result;
    const text = [output?.logs, notebookResult]
      .filter((part) => part !== undefined && part !== '')
      .join('\n');
    const failed = status === JobStatus.FAILED;
    const error = failed
      ? [output?.error, output?.error_trace].filter(Boolean).join('\n') ||
        run.state?.state_message ||
        run.status?.termination_details?.message ||
        `the run ended ${rawRunState(lifeCycle, result)}`
      : undefined;
    const ended = run.end_time !== undefined && run.end_time > 0 && run.start_time !== undefined;
    return new JobResult({
      jobId,
      status,
      rawState: rawRunState(lifeCycle, result),
      output: text === '' ? undefined : text,
      error,
      logsUrl: run.run_page_url,
      durationSeconds: ended
        ? Math.max(0, ((run.end_time as number) - (run.start_time as number)) / 1000)
        : undefined,
    });
  }

  /**
   * Cancels the run (`runs/cancel`): `true` when it was still going, `false` when its task had already ended
   * (the run `TERMINATING` or over).
   */
  async cancelJob(jobId: string, options: CallOptions = {}): Promise<boolean> {
    const run = await this.#getRun(jobId, 'cancelJob', options.signal);
    const { lifeCycle } = runStates(run);
    // TERMINATING: the task has already ended and only the cluster is being cleaned up; a cancel changes nothing.
    if (isTerminalLifeCycleState(lifeCycle) || lifeCycle === 'TERMINATING') return false;
    await this.#http.json(EmptyObjectSchema, {
      method: 'POST',
      path: '/api/2.1/jobs/runs/cancel',
      json: { run_id: run.run_id },
      // Cancelling twice is harmless: the run is already being cancelled.
      idempotent: true,
      operation: 'cancelJob',
      jobId,
      signal: options.signal,
    });
    return true;
  }

  /**
   * The workspace's one-time runs (`run_type=SUBMIT_RUN`), newest first, following `next_page_token` (or
   * `offset` on workspaces that do not send one) until `limit` runs are found. A status filter narrows the
   * request to active or completed runs and is finished here.
   */
  async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    const { limit, statusFilter, signal } = parseListJobsOptions(options);
    const active = statusFilter === JobStatus.PENDING || statusFilter === JobStatus.RUNNING;
    const completed =
      statusFilter === JobStatus.SUCCEEDED ||
      statusFilter === JobStatus.FAILED ||
      statusFilter === JobStatus.CANCELLED;
    const jobs: JobSummary[] = [];
    let pageToken: string | undefined;
    let offset = 0;
    for (;;) {
      const page = await this.#http.json(RunsListSchema, {
        method: 'GET',
        path: '/api/2.1/jobs/runs/list',
        query: {
          run_type: 'SUBMIT_RUN',
          expand_tasks: 'true',
          limit: LIST_PAGE,
          ...(pageToken !== undefined ? { page_token: pageToken } : { offset }),
          active_only: active ? 'true' : undefined,
          completed_only: completed ? 'true' : undefined,
        },
        operation: 'listJobs',
        signal,
      });
      const runs = page.runs ?? [];
      for (const run of runs) {
        const summary = toSummary(run);
        if (statusFilter === undefined || summary.status === statusFilter) jobs.push(summary);
      }
      if (jobs.length >= limit || !page.has_more || runs.length === 0) break;
      if (page.next_page_token !== undefined) {
        if (page.next_page_token === pageToken) {
          throw invalidResponse(
            this.#http.context({ operation: 'listJobs' }),
            'the page token did not advance',
          );
        }
        pageToken = page.next_page_token;
      } else offset += runs.length;
    }
    return jobs.slice(0, limit);
  }

  /**
   * The task's standard output and error so far, from `runs/get-output` (Databricks keeps the last 5 MB).
   * Where the task's output is empty or not kept (a notebook task), the driver's stdout is read instead when
   * the cluster delivers its logs to a volume (`customParams.clusterLogVolume`) and they have arrived. Empty
   * before the task has started.
   */
  async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    const run = await this.#getRun(jobId, 'getLogs', options.signal);
    const output = await this.#taskOutput(run, 'getLogs', options.signal);
    if (!output) return '';
    const stdout = output.logs || (await this.#driverStdout(run, options.signal));
    return [stdout, output.notebook_output?.result, output.error_trace ?? output.error]
      .filter((part) => part !== undefined && part !== '')
      .join('\n');
  }

  /** The driver's stdout from the run's cluster log volume; `undefined` when not configured or not delivered. */
  async #driverStdout(run: Run, signal: AbortSignal | undefined): Promise<string | undefined> {
    const task = run.tasks?.[0];
    const destination = task?.new_cluster?.cluster_log_conf?.volumes?.destination;
    const clusterId = task?.cluster_instance?.cluster_id;
    if (!destination?.startsWith('/Volumes/') || !clusterId) return undefined;
    const path = `/api/2.0/fs/files${[...destination.split('/'), clusterId, 'driver', 'stdout'].map(encodeURIComponent).join('/')}`;
    try {
      return await this.#http.send(
        {
          method: 'GET',
          path,
          headers: { accept: 'application/octet-stream, application/json' },
          operation: 'getLogs',
          signal,
        },
        (response) => response.text(),
      );
    } catch (error) {
      // Not delivered yet (or removed): the logs are reachable only once Databricks has copied them.
      if (CloudExecutionError.isInstance(error) && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
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
    const endpoint = await this.#http.json(ServingEndpointSchema, {
      method: 'POST',
      path: '/api/2.0/serving-endpoints',
      json: servingEndpointRequest(modelPath, endpointName, options.resourceConfig),
      operation: 'deployModel',
      signal: options.signal,
    });
    return `${this.#host}/serving-endpoints/${encodeURIComponent(endpoint.name)}/invocations`;
  }

  /** Deletes a serving endpoint: `true` when it existed, `false` when there was none by that name. */
  override async deleteEndpoint(endpointName: string, options: CallOptions = {}): Promise<boolean> {
    assertEndpointName(endpointName);
    try {
      await this.#http.json(EmptyObjectSchema, {
        method: 'DELETE',
        path: `/api/2.0/serving-endpoints/${encodeURIComponent(endpointName)}`,
        operation: 'deleteEndpoint',
        signal: options.signal,
      });
      return true;
    } catch (error) {
      if (CloudExecutionError.isInstance(error) && error.code === 'RESOURCE_DOES_NOT_EXIST') return false;
      throw error;
    }
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
    const path = this.#filesPath(remotePath);
    assertLocalPath(localPath);
    const local = await describeLocalFile(localPath, options.signal);
    await this.#http.send(
      {
        method: 'PUT',
        path,
        query: { overwrite: 'true' },
        body: () => fileBody(localPath),
        headers: { 'content-type': 'application/octet-stream' },
        operation: 'uploadFile',
        signal: options.signal,
      },
      async (response) => void response.body?.cancel().catch(() => {}),
    );
    // The Files API answers a PUT with no body; the stored size is read back from the file's headers.
    const storedSize = await this.#http.send(
      { method: 'GET', path, operation: 'uploadFile', signal: options.signal, streaming: true },
      async (response) => {
        void response.body?.cancel().catch(() => {});
        return Number(response.headers.get('content-length'));
      },
    );
    if (storedSize !== local.size) {
      throw new CloudConnectionError(
        `uploadFile: Databricks stored ${storedSize} bytes but ${local.size} bytes were sent`,
        { code: 'INCOMPLETE_UPLOAD' },
      );
    }
    return true;
  }

  /** Streams `<filesRoot>/<remotePath>` from the Files API to `localPath`, through a temporary file. */
  override async downloadFile(
    remotePath: string,
    localPath: string,
    options: CallOptions = {},
  ): Promise<boolean> {
    const path = this.#filesPath(remotePath);
    assertLocalPath(localPath);
    await this.#http.send(
      {
        method: 'GET',
        path,
        headers: { accept: 'application/octet-stream, application/json' },
        operation: 'downloadFile',
        signal: options.signal,
        streaming: true,
      },
      (response) => {
        const length = response.headers.get('content-length');
        const identity = !response.headers.get('content-encoding');
        return writeDownload(
          response.body,
          localPath,
          { size: length !== null && identity ? Number(length) : undefined },
          options.signal,
        );
      },
    );
    return true;
  }

  async #getRun(jobId: string, operation: string, signal: AbortSignal | undefined): Promise<Run> {
    assertJobId(jobId);
    // Run ids are numbers; anything else cannot name a run, and is reported as not found without asking.
    if (!/^\d{1,19}$/.test(jobId)) {
      throw new JobNotFoundError(jobId);
    }
    return this.#http.json(RunSchema, {
      method: 'GET',
      path: '/api/2.1/jobs/runs/get',
      query: { run_id: jobId },
      operation,
      jobId,
      signal,
    });
  }

  /** `runs/get-output` of the run's task (the API refuses the parent of a multi-task run). */
  async #taskOutput(run: Run, operation: string, signal: AbortSignal | undefined) {
    const task = run.tasks?.[0];
    if (!task) return undefined;
    const taskStarted = task.state?.life_cycle_state;
    if (taskStarted !== undefined && ['QUEUED', 'PENDING', 'BLOCKED'].includes(taskStarted)) return undefined;
    return this.#http.json(RunOutputSchema, {
      method: 'GET',
      path: '/api/2.1/jobs/runs/get-output',
      query: { run_id: task.run_id },
      operation,
      jobId: String(run.run_id),
      signal,
    });
  }

  #filesPath(remotePath: string): string {
    const encodedRoot = this.#filesRoot.split('/').map(encodeURIComponent).join('/');
    return `/api/2.0/fs/files${encodedRoot}/${encodeRemotePath(remotePath)}`;
  }

  /**
   * Exchanges the service principal's secret for a token (`POST /oidc/v1/token`, client credentials). Not
   * given a caller's signal: the request is shared by concurrent callers.
   */
  async #exchangeClientSecret(): Promise<AccessToken> {
    const { clientId, clientSecret } = this.credentials;
    const basic = Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64');
    this.redactor.add(basic);
    const context = this.#http.context({ operation: 'authenticate' });
    const token = await this.#http.send(
      {
        method: 'POST',
        path: '/oidc/v1/token',
        body: () => new URLSearchParams({ grant_type: 'client_credentials', scope: 'all-apis' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
        auth: false,
        // A second token request only mints a second token.
        idempotent: true,
        operation: 'authenticate',
      },
      // A malformed token answer is reported without quoting it: it may hold most of a token.
      (response) => readJson(response, OidcTokenSchema, context, { quote: false }),
    );
    this.redactor.add(token.access_token);
    return { value: token.access_token, expiresAtMs: this.#clock.now() + token.expires_in * 1000 };
  }
}

function toSummary(run: Run): JobSummary {
  const { lifeCycle, result } = runStates(run);
  const task = run.tasks?.[0];
  const key = keyFromCodePath(task?.spark_python_task?.python_file ?? task?.notebook_task?.notebook_path);
  return Object.freeze({
    id: String(run.run_id),
    name: run.run_name,
    status: mapRunState(lifeCycle, result),
    rawState: rawRunState(lifeCycle, result),
    createdAt: new Date(run.start_time ?? 0),
    ...(key !== undefined ? { idempotencyKey: key } : {}),
  });
}
