/**
 * Reading and steering one run: its status, its result, its logs (the task's output, or the driver's stdout
 * from the cluster log volume) and cancelling it.
 */
import {
  assertJobId,
  CloudExecutionError,
  JobNotFoundError,
  JobResult,
  JobStatus,
} from '@neural/integrations-core';
import type { HttpTransport } from '@neural/integrations-core/http';
import { type DatabricksError, EmptyObjectSchema, type Run, RunOutputSchema, RunSchema } from '../api.js';
import { isTerminalLifeCycleState, mapRunState, rawRunState, runStates } from '../states.js';

type Http = HttpTransport<DatabricksError>;

/** `runs/get` of a run id; ids that are not numbers are reported as not found without asking. */
export async function getRun(
  http: Http,
  jobId: string,
  operation: string,
  signal: AbortSignal | undefined,
): Promise<Run> {
  assertJobId(jobId);
  // Run ids are numbers; anything else cannot name a run, and is reported as not found without asking.
  if (!/^\d{1,19}$/.test(jobId)) {
    throw new JobNotFoundError(jobId);
  }
  return http.json(RunSchema, {
    method: 'GET',
    path: '/api/2.1/jobs/runs/get',
    query: { run_id: jobId },
    operation,
    jobId,
    signal,
  });
}

/** The run's status, mapped from its life-cycle and result states by the table in `states.ts`. */
export async function runStatus(
  http: Http,
  jobId: string,
  signal: AbortSignal | undefined,
): Promise<JobStatus> {
  const run = await getRun(http, jobId, 'getJobStatus', signal);
  const { lifeCycle, result } = runStates(run);
  return mapRunState(lifeCycle, result);
}

/**
 * The run's result: status, both states in `rawState` (`TERMINATED/FAILED`), the task's standard output as
 * `output`, its error (and stack trace) as `error`, the run page as `logsUrl`, and how long it ran.
 */
export async function runResult(
  http: Http,
  jobId: string,
  signal: AbortSignal | undefined,
): Promise<JobResult> {
  const run = await getRun(http, jobId, 'getJobResult', signal);
  const { lifeCycle, result } = runStates(run);
  const status = mapRunState(lifeCycle, result);
  const started = ['RUNNING', 'TERMINATING'].includes(lifeCycle) || isTerminalLifeCycleState(lifeCycle);
  const output = started ? await taskOutput(http, run, 'getJobResult', signal) : undefined;
  const notebookResult = output?.notebook_output?.result;
  const text = [output?.logs, notebookResult].filter((part) => part !== undefined && part !== '').join('\n');
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
export async function cancelRun(
  http: Http,
  jobId: string,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const run = await getRun(http, jobId, 'cancelJob', signal);
  const { lifeCycle } = runStates(run);
  // TERMINATING: the task has already ended and only the cluster is being cleaned up; a cancel changes nothing.
  if (isTerminalLifeCycleState(lifeCycle) || lifeCycle === 'TERMINATING') return false;
  await http.json(EmptyObjectSchema, {
    method: 'POST',
    path: '/api/2.1/jobs/runs/cancel',
    json: { run_id: run.run_id },
    // Cancelling twice is harmless: the run is already being cancelled.
    idempotent: true,
    operation: 'cancelJob',
    jobId,
    signal,
  });
  return true;
}

/**
 * The task's standard output and error so far, from `runs/get-output` (Databricks keeps the last 5 MB).
 * Where the task's output is empty or not kept (a notebook task), the driver's stdout is read instead when
 * the cluster delivers its logs to a volume (`customParams.clusterLogVolume`) and they have arrived. Empty
 * before the task has started.
 */
export async function runLogs(http: Http, jobId: string, signal: AbortSignal | undefined): Promise<string> {
  const run = await getRun(http, jobId, 'getLogs', signal);
  const output = await taskOutput(http, run, 'getLogs', signal);
  if (!output) return '';
  const stdout = output.logs || (await driverStdout(http, run, signal));
  return [stdout, output.notebook_output?.result, output.error_trace ?? output.error]
    .filter((part) => part !== undefined && part !== '')
    .join('\n');
}

/** The driver's stdout from the run's cluster log volume; `undefined` when not configured or not delivered. */
async function driverStdout(
  http: Http,
  run: Run,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  const task = run.tasks?.[0];
  const destination = task?.new_cluster?.cluster_log_conf?.volumes?.destination;
  const clusterId = task?.cluster_instance?.cluster_id;
  if (!destination?.startsWith('/Volumes/') || !clusterId) return undefined;
  const path = `/api/2.0/fs/files${[...destination.split('/'), clusterId, 'driver', 'stdout'].map(encodeURIComponent).join('/')}`;
  try {
    return await http.send(
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

/** `runs/get-output` of the run's task (the API refuses the parent of a multi-task run). */
async function taskOutput(http: Http, run: Run, operation: string, signal: AbortSignal | undefined) {
  const task = run.tasks?.[0];
  if (!task) return undefined;
  const taskStarted = task.state?.life_cycle_state;
  if (taskStarted !== undefined && ['QUEUED', 'PENDING', 'BLOCKED'].includes(taskStarted)) return undefined;
  return http.json(RunOutputSchema, {
    method: 'GET',
    path: '/api/2.1/jobs/runs/get-output',
    query: { run_id: task.run_id },
    operation,
    jobId: String(run.run_id),
    signal,
  });
}
