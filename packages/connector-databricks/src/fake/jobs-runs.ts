/** One-time runs in the fake: submit (with its cluster check), get, get-output, cancel and list. */
import { type FakeAnswer, invalidParameter, ok } from './answers.js';
import { type FakeRunRecord, planRun, printedBy, runMoment } from './run.js';
import { codePathOf, runJson, taskJson } from './run-json.js';
import { type FakeWorkspaceState, isObject, type Json } from './state.js';

const TASK_KEY = /^[\w-]{1,100}$/;

/** `POST /api/2.1/jobs/runs/submit`. */
export function submitRun(state: FakeWorkspaceState, body: unknown): FakeAnswer {
  if (!isObject(body)) return invalidParameter('The request body must be a JSON object');
  const { tasks, run_name: runName, idempotency_token: token, timeout_seconds: timeout } = body;
  if (token !== undefined && (typeof token !== 'string' || token.length > 64)) {
    return invalidParameter('idempotency_token must be a string of at most 64 characters');
  }
  if (typeof token === 'string') {
    const existing = [...state.runs.values()].find((run) => run.idempotencyToken === token);
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
  const cluster = checkCluster(state, task);
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
  const object = state.workspace.get(path.replace(/^\/Workspace(?=\/)/, ''));
  const code = object?.objectType === wanted ? object.content : undefined;
  const now = state.now();
  const runId = state.nextRunId;
  state.nextRunId += 2;
  const run: FakeRunRecord = {
    runId,
    taskRunId: runId + 1,
    runName: typeof runName === 'string' ? runName : 'Untitled',
    idempotencyToken: typeof token === 'string' ? token : undefined,
    submittedAt: now,
    task,
    taskType: python !== undefined ? 'python' : 'notebook',
    clusterId: cluster,
    ...planRun(code, now, state.options, typeof timeout === 'number' ? timeout : undefined),
    cancelledAt: undefined,
    forced: undefined,
  };
  state.runs.set(runId, run);
  state.taskRuns.set(run.taskRunId, run);
  return ok({ run_id: runId });
}

function checkCluster(state: FakeWorkspaceState, task: Json): FakeAnswer | string {
  const existing = task.existing_cluster_id;
  const fresh = task.new_cluster;
  if ((existing === undefined) === (fresh === undefined)) {
    return invalidParameter('tasks[0] must have exactly one of existing_cluster_id or new_cluster');
  }
  if (existing !== undefined) {
    if (typeof existing !== 'string' || !state.options.existingClusters.includes(existing)) {
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
  return `0101-000000-job${state.nextRunId}`;
}

/** `GET /api/2.1/jobs/runs/get`. */
export function getRun(state: FakeWorkspaceState, query: URLSearchParams): FakeAnswer {
  const run = lookup(query.get('run_id'), state.runs);
  return typeof run === 'object' && 'runId' in run
    ? ok(runJson(run, state.now(), state.options.endpoint, true))
    : run;
}

/** `GET /api/2.1/jobs/runs/get-output` of a task run. */
export function getRunOutput(state: FakeWorkspaceState, query: URLSearchParams): FakeAnswer {
  const id = query.get('run_id');
  if (id !== null && state.runs.has(Number(id))) {
    return invalidParameter(
      'Retrieving the output of runs with multiple tasks is not supported. You must retrieve the output of each individual task run instead.',
    );
  }
  const run = lookup(id, state.taskRuns);
  if (!(typeof run === 'object' && 'runId' in run)) return run;
  const now = state.now();
  const moment = runMoment(run, now);
  const failed =
    moment.resultState === 'FAILED' ||
    moment.resultState === 'TIMEDOUT' ||
    moment.lifeCycleState === 'INTERNAL_ERROR';
  const error = run.internalError ?? run.error ?? 'Workload failed';
  return ok({
    metadata: taskJson(run, now, state.options.endpoint),
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
export function cancelRun(state: FakeWorkspaceState, body: unknown): FakeAnswer {
  if (!isObject(body)) return invalidParameter('The request body must be a JSON object');
  const run = lookup(body.run_id === undefined ? null : String(body.run_id), state.runs);
  if (!(typeof run === 'object' && 'runId' in run)) return run;
  const now = state.now();
  if (run.cancelledAt === undefined && runMoment(run, now).endedAt === undefined) run.cancelledAt = now;
  return ok();
}

/** `GET /api/2.1/jobs/runs/list`: newest first, by `offset` or `page_token`. */
export function listRuns(state: FakeWorkspaceState, query: URLSearchParams): FakeAnswer {
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
  const now = state.now();
  // Every run of the fake is a one-time run: only the other run types list none.
  const submitRuns = runType === null || runType === 'SUBMIT_RUN' ? [...state.runs.values()] : [];
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
    ...(page.length > 0
      ? { runs: page.map((run) => runJson(run, now, state.options.endpoint, expand)) }
      : {}),
    has_more: hasMore,
    ...(hasMore ? { next_page_token: Buffer.from(String(offset + limit)).toString('base64url') } : {}),
    ...(offset > 0
      ? { prev_page_token: Buffer.from(String(Math.max(0, offset - limit))).toString('base64url') }
      : {}),
  });
}

function lookup(id: string | null, runs: Map<number, FakeRunRecord>): FakeRunRecord | FakeAnswer {
  if (id === null || !/^\d+$/.test(id)) return invalidParameter('Invalid value for parameter run_id');
  const run = runs.get(Number(id));
  return run ?? invalidParameter(`Run ${id} does not exist.`);
}
