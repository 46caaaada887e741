/**
 * The fake workspace's state and every operation the connector uses, MSW-free: a request in, an answer out.
 * Answers follow the Databricks REST reference (checked in test/fake-spec.test.ts against the published API
 * definition); requests are validated as strictly as the real service validates them.
 */
import { randomBytes } from 'node:crypto';
import { apiError, type FakeAnswer, type FakeRequest, invalidParameter, ok } from './answers.js';
import type { FakeFaultKind, ResolvedFakeOptions } from './options.js';
import { type FakeRunRecord, planRun, printedBy, runMoment } from './run.js';
import { codePathOf, runJson, taskJson } from './run-json.js';

/** One request and its answer, as recorded for tests. */
export interface FakeExchange {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The JSON body sent, when there was one. */
  readonly requestJson: unknown;
  readonly status: number;
  /** The JSON body answered, when there was one (`undefined` for a dropped connection). */
  readonly responseJson: unknown;
  readonly fault: FakeFaultKind | undefined;
}

interface WorkspaceObject {
  readonly objectType: 'NOTEBOOK' | 'FILE' | 'DIRECTORY';
  readonly content: string;
  readonly language?: string | undefined;
}

interface Endpoint {
  readonly name: string;
  readonly id: string;
  readonly createdAt: number;
  readonly config: Readonly<Record<string, unknown>>;
}

const IMPORT_FORMATS = new Set(['SOURCE', 'HTML', 'JUPYTER', 'DBC', 'R_MARKDOWN', 'AUTO', 'RAW']);
const LANGUAGES = new Set(['SCALA', 'PYTHON', 'SQL', 'R']);
const TASK_KEY = /^[\w-]{1,100}$/;
const ENDPOINT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const WORKLOAD_SIZES = new Set(['Small', 'Medium', 'Large']);
const WORKLOAD_TYPES = new Set(['CPU', 'GPU_SMALL', 'GPU_MEDIUM', 'GPU_LARGE', 'MULTIGPU_MEDIUM']);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The simulated workspace: runs, workspace objects, files, serving endpoints and OAuth tokens. */
export class FakeDatabricksModel {
  readonly options: ResolvedFakeOptions;
  readonly #runs = new Map<number, FakeRunRecord>();
  readonly #taskRuns = new Map<number, FakeRunRecord>();
  readonly #workspace = new Map<string, WorkspaceObject>([['/', { objectType: 'DIRECTORY', content: '' }]]);
  readonly #files = new Map<string, Uint8Array>();
  readonly #endpoints = new Map<string, Endpoint>();
  readonly #oauthTokens = new Map<string, number>();
  readonly #exchanges: FakeExchange[] = [];
  readonly #queuedFaults = new Map<string, FakeFaultKind[]>();
  #nextRunId = 1_000_000;

  constructor(options: ResolvedFakeOptions) {
    this.options = options;
  }

  /** Every recorded exchange, oldest first (at most `maxRecordedExchanges`). */
  get exchanges(): readonly FakeExchange[] {
    return this.#exchanges;
  }

  /** How many runs were submitted (a resent submit with a known idempotency token adds none). */
  get runCount(): number {
    return this.#runs.size;
  }

  /** The ids of every run, in submit order. */
  get runIds(): number[] {
    return [...this.#runs.keys()];
  }

  /** The run `runId`, for a test to inspect (`undefined` when there is none). */
  run(runId: number): Readonly<FakeRunRecord> | undefined {
    return this.#runs.get(runId);
  }

  /** The text of the workspace file or notebook at `path`. */
  workspaceObject(
    path: string,
  ): { objectType: string; content: string; language?: string | undefined } | undefined {
    return this.#workspace.get(path);
  }

  /** The bytes stored at `path` on the Files API. */
  file(path: string): Uint8Array | undefined {
    return this.#files.get(path);
  }

  /** The names of the serving endpoints that exist. */
  get endpointNames(): string[] {
    return [...this.#endpoints.keys()];
  }

  /** Makes the next `count` requests of `operationId` get `kind` (a scenario step, not a random fault). */
  injectFault(operationId: string, kind: FakeFaultKind, count = 1): void {
    const queue = this.#queuedFaults.get(operationId) ?? [];
    for (let i = 0; i < count; i++) queue.push(kind);
    this.#queuedFaults.set(operationId, queue);
  }

  /** Takes the next queued fault of `operationId`, if any. */
  takeQueuedFault(operationId: string): FakeFaultKind | undefined {
    return this.#queuedFaults.get(operationId)?.shift();
  }

  /** Shows states no directive asks for (`INTERNAL_ERROR`, `SKIPPED`, `BLOCKED`, a 2.2 result). */
  forceRunState(runId: number, lifeCycleState: string, resultState?: string, message?: string): void {
    const run = this.#runs.get(runId);
    if (!run) throw new Error(`no run ${runId}`);
    run.forced = { lifeCycleState, resultState, message };
  }

  /** Records an exchange, dropping the oldest past the limit. */
  record(exchange: FakeExchange): void {
    if (this.options.maxRecordedExchanges === 0) return;
    this.#exchanges.push(exchange);
    if (this.#exchanges.length > this.options.maxRecordedExchanges) this.#exchanges.shift();
  }

  /** Whether `authorization` carries the personal access token or a live OAuth token; the OAuth token, if so. */
  authorize(authorization: string | null): {
    ok: boolean;
    expired?: boolean;
    oauthToken?: string | undefined;
  } {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (token === undefined) return { ok: false };
    if (token === this.options.token) return { ok: true };
    const expiresAt = this.#oauthTokens.get(token);
    if (expiresAt === undefined) return { ok: false };
    return this.#now() < expiresAt ? { ok: true, oauthToken: token } : { ok: false, expired: true };
  }

  /** Expires an OAuth token now (the `token-expired` fault). */
  expireToken(token: string): void {
    this.#oauthTokens.set(token, this.#now());
  }

  // ---- OAuth -----------------------------------------------------------------------------------------

  /** `POST /oidc/v1/token`: client credentials in a Basic header (or the form), form-encoded grant. */
  oidcToken(request: FakeRequest): FakeAnswer {
    const form = new URLSearchParams(new TextDecoder().decode(request.body));
    const basic = /^Basic (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    const [id, secret] = basic
      ? Buffer.from(basic, 'base64').toString('utf8').split(/:(.*)/s)
      : [form.get('client_id'), form.get('client_secret')];
    if (form.get('grant_type') !== 'client_credentials') {
      return {
        status: 400,
        json: { error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' },
      };
    }
    if (id !== this.options.clientId || secret !== this.options.clientSecret) {
      return {
        status: 401,
        json: { error: 'invalid_client', error_description: 'Client authentication failed' },
      };
    }
    const accessToken = `eyJfake.${randomBytes(24).toString('base64url')}`;
    this.#oauthTokens.set(accessToken, this.#now() + this.options.tokenLifetimeSeconds * 1000);
    return ok({
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.options.tokenLifetimeSeconds,
      scope: form.get('scope') ?? 'all-apis',
    });
  }

  // ---- Workspace ---------------------------------------------------------------------------------------

  /** `POST /api/2.0/workspace/mkdirs`: creates the folder and its parents. */
  mkdirs(body: unknown): FakeAnswer {
    if (!isObject(body) || typeof body.path !== 'string' || !body.path.startsWith('/')) {
      return invalidParameter('Path must be absolute: path');
    }
    const parts = body.path.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) {
      const folder = `/${parts.slice(0, i).join('/')}`;
      const existing = this.#workspace.get(folder);
      if (existing && existing.objectType !== 'DIRECTORY') {
        return apiError(400, 'RESOURCE_ALREADY_EXISTS', `A file or notebook exists at ${folder}`);
      }
      this.#workspace.set(folder, { objectType: 'DIRECTORY', content: '' });
    }
    return ok();
  }

  /** `POST /api/2.0/workspace/import`. */
  importObject(body: unknown): FakeAnswer {
    if (!isObject(body)) return invalidParameter('The request body must be a JSON object');
    const { path, format = 'SOURCE', language, content, overwrite = false } = body;
    if (typeof path !== 'string' || !path.startsWith('/') || path.endsWith('/')) {
      return invalidParameter('Invalid value for parameter path: must be an absolute path');
    }
    if (typeof format !== 'string' || !IMPORT_FORMATS.has(format)) {
      return invalidParameter(`Invalid value for parameter format: ${String(format)}`);
    }
    if (format === 'SOURCE' && (typeof language !== 'string' || !LANGUAGES.has(language))) {
      return invalidParameter('The parameter language is required for format SOURCE');
    }
    if (typeof content !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(content)) {
      return invalidParameter('Invalid value for parameter content: must be base64');
    }
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    if (this.#workspace.get(parent)?.objectType !== 'DIRECTORY') {
      return apiError(404, 'RESOURCE_DOES_NOT_EXIST', `The parent folder (${parent}) does not exist.`);
    }
    const text = Buffer.from(content, 'base64').toString('utf8');
    const notebook =
      format === 'SOURCE' ||
      format === 'JUPYTER' ||
      (format === 'AUTO' && (!/\.\w+$/.test(path) || text.startsWith('# Databricks notebook source')));
    // AUTO drops the extension of what it imports as a notebook.
    const stored = notebook && format === 'AUTO' ? path.replace(/\.py$/, '') : path;
    const existing = this.#workspace.get(stored);
    if (existing?.objectType === 'DIRECTORY') {
      return apiError(400, 'RESOURCE_ALREADY_EXISTS', `${stored} is a folder`);
    }
    if (existing && overwrite !== true) {
      return apiError(400, 'RESOURCE_ALREADY_EXISTS', `${stored} already exists.`);
    }
    this.#workspace.set(stored, {
      objectType: notebook ? 'NOTEBOOK' : 'FILE',
      content: text,
      language: typeof language === 'string' ? language : 'PYTHON',
    });
    return ok();
  }

  // ---- Jobs: one-time runs -----------------------------------------------------------------------------

  /** `POST /api/2.1/jobs/runs/submit`. */
  submitRun(body: unknown): FakeAnswer {
    if (!isObject(body)) return invalidParameter('The request body must be a JSON object');
    const { tasks, run_name: runName, idempotency_token: token, timeout_seconds: timeout } = body;
    if (token !== undefined && (typeof token !== 'string' || token.length > 64)) {
      return invalidParameter('idempotency_token must be a string of at most 64 characters');
    }
    if (typeof token === 'string') {
      const existing = [...this.#runs.values()].find((run) => run.idempotencyToken === token);
      if (existing) return ok({ run_id: existing.runId });
    }
    if (runName !== undefined && (typeof runName !== 'string' || Buffer.byteLength(runName) > 4096)) {
      return invalidParameter('run_name must be a string of at most 4096 bytes');
    }
    if (timeout !== undefined && (!Number.isInteger(timeout) || (timeout as number) < 0)) {
      return invalidParameter('timeout_seconds must be a non-negative integer');
    }
    if (!Array.isArray(tasks) || tasks.length === 0)
      return invalidParameter('tasks must hold at least one task');
    if (tasks.length > 1) return invalidParameter('tasks: the fake workspace runs one task per run');
    const task: unknown = tasks[0];
    if (!isObject(task)) return invalidParameter('tasks[0] must be an object');
    if (typeof task.task_key !== 'string' || !TASK_KEY.test(task.task_key)) {
      return invalidParameter('task_key must be 1-100 letters, digits, "_" or "-"');
    }
    const cluster = this.#checkCluster(task);
    if (typeof cluster !== 'string') return cluster;
    const python = task.spark_python_task;
    const notebook = task.notebook_task;
    if ((python === undefined) === (notebook === undefined)) {
      return invalidParameter('tasks[0] must have exactly one of spark_python_task or notebook_task');
    }
    const path = isObject(python)
      ? python.python_file
      : isObject(notebook)
        ? notebook.notebook_path
        : undefined;
    if (typeof path !== 'string' || path.length === 0) {
      return invalidParameter(
        python !== undefined
          ? 'spark_python_task.python_file is required'
          : 'notebook_task.notebook_path is required',
      );
    }
    const wanted = python !== undefined ? 'FILE' : 'NOTEBOOK';
    const object = this.#workspace.get(path.replace(/^\/Workspace(?=\/)/, ''));
    const code = object?.objectType === wanted ? object.content : undefined;
    const now = this.#now();
    const runId = this.#nextRunId;
    this.#nextRunId += 2;
    const run: FakeRunRecord = {
      runId,
      taskRunId: runId + 1,
      runName: typeof runName === 'string' ? runName : 'Untitled',
      idempotencyToken: typeof token === 'string' ? token : undefined,
      submittedAt: now,
      task,
      taskType: python !== undefined ? 'python' : 'notebook',
      clusterId: cluster,
      ...planRun(code, now, this.options, typeof timeout === 'number' ? timeout : undefined),
      cancelledAt: undefined,
      forced: undefined,
    };
    this.#runs.set(runId, run);
    this.#taskRuns.set(run.taskRunId, run);
    return ok({ run_id: runId });
  }

  #checkCluster(task: Json): FakeAnswer | string {
    const existing = task.existing_cluster_id;
    const fresh = task.new_cluster;
    if ((existing === undefined) === (fresh === undefined)) {
      return invalidParameter('tasks[0] must have exactly one of existing_cluster_id or new_cluster');
    }
    if (existing !== undefined) {
      if (typeof existing !== 'string' || !this.options.existingClusters.includes(existing)) {
        return invalidParameter(`Cluster ${String(existing)} does not exist`);
      }
      return existing;
    }
    if (!isObject(fresh)) return invalidParameter('new_cluster must be an object');
    if (typeof fresh.spark_version !== 'string' || fresh.spark_version === '') {
      return invalidParameter('Missing required field: new_cluster.spark_version');
    }
    if (typeof fresh.node_type_id !== 'string' && typeof fresh.instance_pool_id !== 'string') {
      return invalidParameter('new_cluster.node_type_id or new_cluster.instance_pool_id is required');
    }
    const workers = fresh.num_workers;
    if (workers === undefined && !isObject(fresh.autoscale)) {
      return invalidParameter('new_cluster.num_workers or new_cluster.autoscale is required');
    }
    if (workers !== undefined && (!Number.isInteger(workers) || (workers as number) < 0)) {
      return invalidParameter('new_cluster.num_workers must be a non-negative integer');
    }
    if (workers === 0) {
      const conf = isObject(fresh.spark_conf) ? fresh.spark_conf : {};
      if (conf['spark.databricks.cluster.profile'] !== 'singleNode') {
        return invalidParameter(
          'new_cluster: a cluster with num_workers 0 needs spark_conf spark.databricks.cluster.profile singleNode',
        );
      }
    }
    // A job cluster gets an id of the usual shape, made from the run id it serves.
    return `0101-000000-job${this.#nextRunId}`;
  }

  /** `GET /api/2.1/jobs/runs/get`. */
  getRun(query: URLSearchParams): FakeAnswer {
    const run = this.#lookup(query.get('run_id'), this.#runs);
    return typeof run === 'object' && 'runId' in run
      ? ok(runJson(run, this.#now(), this.options.host, true))
      : run;
  }

  /** `GET /api/2.1/jobs/runs/get-output` of a task run. */
  getRunOutput(query: URLSearchParams): FakeAnswer {
    const id = query.get('run_id');
    if (id !== null && this.#runs.has(Number(id))) {
      return invalidParameter(
        'Retrieving the output of runs with multiple tasks is not supported. You must retrieve the output of each individual task run instead.',
      );
    }
    const run = this.#lookup(id, this.#taskRuns);
    if (!(typeof run === 'object' && 'runId' in run)) return run;
    const now = this.#now();
    const moment = runMoment(run, now);
    const failed =
      moment.resultState === 'FAILED' ||
      moment.resultState === 'TIMEDOUT' ||
      moment.lifeCycleState === 'INTERNAL_ERROR';
    const error = run.internalError ?? run.error ?? 'Workload failed';
    return ok({
      metadata: taskJson(run, now, this.options.host),
      ...(run.taskType === 'python'
        ? { logs: printedBy(run, now), logs_truncated: false }
        : moment.lifeCycleState === 'TERMINATED' && moment.resultState === 'SUCCESS'
          ? { notebook_output: { result: run.notebookResult ?? '', truncated: false } }
          : {}),
      ...(failed
        ? {
            error,
            error_trace: `Traceback (most recent call last):\n  File "${codePathOf(run)}", line 1, in <module>\nException: ${error}`,
          }
        : {}),
    });
  }

  /** `POST /api/2.1/jobs/runs/cancel`: asynchronous on Databricks, immediate here; a no-op on an ended run. */
  cancelRun(body: unknown): FakeAnswer {
    if (!isObject(body)) return invalidParameter('The request body must be a JSON object');
    const run = this.#lookup(body.run_id === undefined ? null : String(body.run_id), this.#runs);
    if (!(typeof run === 'object' && 'runId' in run)) return run;
    const now = this.#now();
    if (run.cancelledAt === undefined && runMoment(run, now).endedAt === undefined) run.cancelledAt = now;
    return ok();
  }

  /** `GET /api/2.1/jobs/runs/list`: newest first, by `offset` or `page_token`. */
  listRuns(query: URLSearchParams): FakeAnswer {
    const activeOnly = query.get('active_only') === 'true';
    const completedOnly = query.get('completed_only') === 'true';
    if (activeOnly && completedOnly) {
      return invalidParameter('active_only and completed_only cannot both be true');
    }
    const limitText = query.get('limit') ?? '25';
    const limit = Number(limitText) === 0 ? 25 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 0 || limit > 25) {
      return invalidParameter(`Invalid value for parameter limit: ${limitText} (must be from 1 to 25)`);
    }
    const runType = query.get('run_type');
    if (runType !== null && !['JOB_RUN', 'WORKFLOW_RUN', 'SUBMIT_RUN'].includes(runType)) {
      return invalidParameter(`Invalid value for parameter run_type: ${runType}`);
    }
    const token = query.get('page_token');
    const offset =
      token !== null
        ? Number(Buffer.from(token, 'base64url').toString('utf8'))
        : Number(query.get('offset') ?? 0);
    if (!Number.isInteger(offset) || offset < 0)
      return invalidParameter('Invalid value for parameter offset or page_token');
    const now = this.#now();
    // Every run of the fake is a one-time run: only the other run types list none.
    const submitRuns = runType === null || runType === 'SUBMIT_RUN' ? [...this.#runs.values()] : [];
    const matching = submitRuns
      .filter((run) => {
        if (!activeOnly && !completedOnly) return true;
        const ended = runMoment(run, now).endedAt !== undefined;
        return activeOnly ? !ended : ended;
      })
      .sort((a, b) => b.submittedAt - a.submittedAt || b.runId - a.runId);
    const page = matching.slice(offset, offset + limit);
    const hasMore = offset + limit < matching.length;
    const expand = query.get('expand_tasks') === 'true';
    return ok({
      ...(page.length > 0 ? { runs: page.map((run) => runJson(run, now, this.options.host, expand)) } : {}),
      has_more: hasMore,
      ...(hasMore ? { next_page_token: Buffer.from(String(offset + limit)).toString('base64url') } : {}),
      ...(offset > 0
        ? { prev_page_token: Buffer.from(String(Math.max(0, offset - limit))).toString('base64url') }
        : {}),
    });
  }

  #lookup(id: string | null, runs: Map<number, FakeRunRecord>): FakeRunRecord | FakeAnswer {
    if (id === null || !/^\d+$/.test(id)) return invalidParameter('Invalid value for parameter run_id');
    const run = runs.get(Number(id));
    return run ?? invalidParameter(`Run ${id} does not exist.`);
  }

  // ---- Files API ---------------------------------------------------------------------------------------

  #checkFilePath(path: string): FakeAnswer | undefined {
    if (!/^\/(Volumes|Workspace)\/[^\0]+[^/]$/.test(path) || path.split('/').includes('..')) {
      return invalidParameter(
        `Invalid path: ${path} (must be an absolute /Volumes/… or /Workspace/… file path)`,
      );
    }
    return undefined;
  }

  /** `PUT /api/2.0/fs/files{path}`: stores the body; `overwrite=false` refuses an existing file. */
  putFile(path: string, query: URLSearchParams, body: Uint8Array): FakeAnswer {
    const refused = this.#checkFilePath(path);
    if (refused) return refused;
    if (this.#files.has(path) && query.get('overwrite') !== 'true') {
      return apiError(409, 'ALREADY_EXISTS', 'The file being created already exists.');
    }
    this.#files.set(path, body);
    return { status: 204 };
  }

  /** `GET` or `HEAD /api/2.0/fs/files{path}`. */
  getFile(path: string, headOnly: boolean): FakeAnswer {
    const refused = this.#checkFilePath(path);
    if (refused) return refused;
    const bytes = this.#files.get(path) ?? this.#driverLog(path);
    if (!bytes) return apiError(404, 'NOT_FOUND', 'The file being accessed is not found.');
    return {
      status: 200,
      bytes: headOnly ? undefined : bytes,
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(bytes.byteLength),
        'last-modified': new Date(this.#now()).toUTCString(),
      },
    };
  }

  /**
   * The driver's stdout of a run whose job cluster delivers its logs to a volume
   * (`<destination>/<cluster id>/driver/stdout`), once the run has ended: delivery is periodic on Databricks,
   * so the fake delivers at the end.
   */
  #driverLog(path: string): Uint8Array | undefined {
    const now = this.#now();
    for (const run of this.#runs.values()) {
      const fresh = run.task.new_cluster as
        | { cluster_log_conf?: { volumes?: { destination?: string } } }
        | undefined;
      const destination = fresh?.cluster_log_conf?.volumes?.destination;
      if (destination === undefined || path !== `${destination}/${run.clusterId}/driver/stdout`) continue;
      if (runMoment(run, now).endedAt === undefined) return undefined;
      return new TextEncoder().encode(printedBy(run, now));
    }
    return undefined;
  }

  // ---- Model Serving -----------------------------------------------------------------------------------

  /** `POST /api/2.0/serving-endpoints`. */
  createEndpoint(body: unknown): FakeAnswer {
    if (!isObject(body)) return invalidParameter('The request body must be a JSON object');
    const { name, config } = body;
    if (typeof name !== 'string' || !ENDPOINT_NAME.test(name)) {
      return invalidParameter('Invalid value for parameter name: must be 1-63 letters, digits, "-" or "_"');
    }
    const entities = isObject(config) ? config.served_entities : undefined;
    if (!Array.isArray(entities) || entities.length === 0) {
      return invalidParameter('config.served_entities must hold at least one entity');
    }
    for (const entity of entities) {
      if (!isObject(entity) || typeof entity.entity_name !== 'string' || entity.entity_name === '') {
        return invalidParameter('served_entities[].entity_name is required');
      }
      if (typeof entity.entity_version !== 'string')
        return invalidParameter('served_entities[].entity_version is required');
      if (typeof entity.workload_size !== 'string' || !WORKLOAD_SIZES.has(entity.workload_size)) {
        return invalidParameter('served_entities[].workload_size must be Small, Medium or Large');
      }
      if (entity.workload_type !== undefined && !WORKLOAD_TYPES.has(String(entity.workload_type))) {
        return invalidParameter(`Invalid value for parameter workload_type: ${String(entity.workload_type)}`);
      }
      if (typeof entity.scale_to_zero_enabled !== 'boolean') {
        return invalidParameter('served_entities[].scale_to_zero_enabled is required');
      }
    }
    if (this.#endpoints.has(name)) {
      return apiError(400, 'RESOURCE_ALREADY_EXISTS', `Endpoint with name '${name}' already exists.`);
    }
    const endpoint: Endpoint = {
      name,
      id: randomBytes(16).toString('hex'),
      createdAt: this.#now(),
      config: config as Json,
    };
    this.#endpoints.set(name, endpoint);
    return ok(this.#endpointJson(endpoint));
  }

  /** `GET /api/2.0/serving-endpoints/{name}`. */
  getEndpoint(name: string): FakeAnswer {
    const endpoint = this.#endpoints.get(name);
    return endpoint
      ? ok(this.#endpointJson(endpoint))
      : apiError(404, 'RESOURCE_DOES_NOT_EXIST', `Serving endpoint with name '${name}' does not exist.`);
  }

  /** `DELETE /api/2.0/serving-endpoints/{name}`. */
  deleteEndpoint(name: string): FakeAnswer {
    if (!this.#endpoints.delete(name)) {
      return apiError(404, 'RESOURCE_DOES_NOT_EXIST', `Serving endpoint with name '${name}' does not exist.`);
    }
    return ok();
  }

  #endpointJson(endpoint: Endpoint): Json {
    const ready = this.#now() >= endpoint.createdAt + this.options.endpointReadyMs;
    return {
      name: endpoint.name,
      id: endpoint.id,
      creator: 'neural@example.com',
      creation_timestamp: endpoint.createdAt,
      last_updated_timestamp: endpoint.createdAt,
      state: { ready: ready ? 'READY' : 'NOT_READY', config_update: ready ? 'NOT_UPDATING' : 'IN_PROGRESS' },
      ...(ready ? { config: endpoint.config } : { pending_config: endpoint.config }),
      permission_level: 'CAN_MANAGE',
      route_optimized: false,
    };
  }

  #now(): number {
    return this.options.clock.now();
  }
}
