/**
 * How the fake workspace shows a run: the `Run` and `RunTask` objects of the Jobs API 2.1, read off the run's
 * timeline at one moment.
 */
import { type FakeRunRecord, type RunMoment, runMoment } from './run.js';

type Json = Record<string, unknown>;

export function codePathOf(run: FakeRunRecord): string {
  const task = run.task as {
    spark_python_task?: { python_file: string };
    notebook_task?: { notebook_path: string };
  };
  return task.spark_python_task?.python_file ?? task.notebook_task?.notebook_path ?? '';
}

function timesJson(run: FakeRunRecord, now: number) {
  const moment = runMoment(run, now);
  const setupEnd = moment.runningAt ?? moment.endedAt ?? now;
  const end = moment.endedAt ?? 0;
  return {
    moment,
    times: {
      start_time: run.submittedAt,
      setup_duration: Math.max(0, Math.round(setupEnd - run.submittedAt)),
      execution_duration:
        moment.runningAt !== undefined
          ? Math.max(0, Math.round(Math.min(end || now, run.runningUntil) - moment.runningAt))
          : 0,
      cleanup_duration: end > 0 && end > run.runningUntil ? Math.round(end - run.runningUntil) : 0,
      end_time: end,
    },
  };
}

function stateJson(moment: RunMoment) {
  return {
    life_cycle_state: moment.lifeCycleState,
    ...(moment.resultState !== undefined ? { result_state: moment.resultState } : {}),
    state_message: moment.stateMessage,
    user_cancelled_or_timedout: moment.resultState === 'CANCELED' || moment.resultState === 'TIMEDOUT',
  };
}

/** A task run as `runs/get` and the `metadata` of `runs/get-output` show it. */
export function taskJson(run: FakeRunRecord, now: number, host: string): Json {
  const { moment, times } = timesJson(run, now);
  return {
    run_id: run.taskRunId,
    task_key: run.task.task_key,
    ...run.task,
    state: stateJson(moment),
    ...times,
    attempt_number: 0,
    cluster_instance: {
      cluster_id: run.clusterId,
      ...(moment.runningAt !== undefined ? { spark_context_id: String(run.runId * 7) } : {}),
    },
    run_page_url: `${host}/?o=0#job/0/run/${run.taskRunId}`,
  };
}

/** A run as `runs/get` and `runs/list` show it, with its task when `withTasks`. */
export function runJson(run: FakeRunRecord, now: number, host: string, withTasks: boolean): Json {
  const { moment, times } = timesJson(run, now);
  return {
    job_id: run.runId - 1,
    run_id: run.runId,
    number_in_job: run.runId,
    original_attempt_run_id: run.runId,
    creator_user_name: 'neural@example.com',
    run_name: run.runName,
    run_type: 'SUBMIT_RUN',
    trigger: 'ONE_TIME',
    state: stateJson(moment),
    ...times,
    run_page_url: `${host}/?o=0#job/0/run/${run.runId}`,
    attempt_number: 0,
    ...(withTasks ? { tasks: [taskJson(run, now, host)] } : {}),
  };
}
