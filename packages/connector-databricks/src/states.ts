/**
 * A run's life-cycle and result states onto the normalised {@link JobStatus}, written down once as a table.
 * A run is `TERMINATED` whatever its outcome; the result state says which. Anything missing from the table maps
 * to `unknown`, never to a guess.
 */
import { JobStatus, stateMapping } from '@neural/integrations-core';
import type { Run } from './api.js';

/** The status of every life-cycle state that says it alone (the run has not ended, or ended abnormally). */
export const LIFE_CYCLE_STATE_TO_STATUS: Readonly<Record<string, JobStatus>> = Object.freeze({
  QUEUED: JobStatus.PENDING,
  PENDING: JobStatus.PENDING,
  BLOCKED: JobStatus.PENDING,
  WAITING_FOR_RETRY: JobStatus.PENDING,
  RUNNING: JobStatus.RUNNING,
  // The task has ended and the cluster is being cleaned up; the outcome is not final until TERMINATED.
  TERMINATING: JobStatus.RUNNING,
  // An exceptional end: the Jobs service failed the run (a lost cluster, a missing notebook).
  INTERNAL_ERROR: JobStatus.FAILED,
  // Not run because an earlier run of the same job was active.
  SKIPPED: JobStatus.FAILED,
});

/** The status of a `TERMINATED` run, by its result state. */
export const RESULT_STATE_TO_STATUS: Readonly<Record<string, JobStatus>> = Object.freeze({
  SUCCESS: JobStatus.SUCCEEDED,
  SUCCESS_WITH_FAILURES: JobStatus.SUCCEEDED,
  FAILED: JobStatus.FAILED,
  TIMEDOUT: JobStatus.FAILED,
  MAXIMUM_CONCURRENT_RUNS_REACHED: JobStatus.FAILED,
  UPSTREAM_FAILED: JobStatus.FAILED,
  EXCLUDED: JobStatus.CANCELLED,
  CANCELED: JobStatus.CANCELLED,
  UPSTREAM_CANCELED: JobStatus.CANCELLED,
  DISABLED: JobStatus.CANCELLED,
});

const LIFE_CYCLE_STATE_MAPPING = stateMapping(LIFE_CYCLE_STATE_TO_STATUS);
const RESULT_STATE_MAPPING = stateMapping(RESULT_STATE_TO_STATUS);

const TERMINAL_LIFE_CYCLE_STATES = new Set(['TERMINATED', 'INTERNAL_ERROR', 'SKIPPED']);

/**
 * The normalised status of a run's states.
 *
 * @example
 * ```ts
 * mapRunState('RUNNING'); // 'running'
 * mapRunState('TERMINATED', 'CANCELED'); // 'cancelled'
 * mapRunState('TERMINATED'); // 'unknown': a terminated run always has a result state
 * ```
 */
export function mapRunState(lifeCycleState: string, resultState?: string | undefined): JobStatus {
  if (lifeCycleState === 'TERMINATED') {
    // A cancel can end a run as TERMINATED/CANCELED or (on older workspaces) as a CANCELED result in
    // another life-cycle state; the result state decides either way.
    return resultState === undefined ? JobStatus.UNKNOWN : RESULT_STATE_MAPPING.statusOf(resultState);
  }
  if (resultState === 'CANCELED' && TERMINAL_LIFE_CYCLE_STATES.has(lifeCycleState))
    return JobStatus.CANCELLED;
  return LIFE_CYCLE_STATE_MAPPING.statusOf(lifeCycleState);
}

/** Both states in one string, as kept in `rawState`: `TERMINATED/SUCCESS`, or `RUNNING` before a result. */
export function rawRunState(lifeCycleState: string, resultState?: string | undefined): string {
  return resultState ? `${lifeCycleState}/${resultState}` : lifeCycleState;
}

/** Whether a life-cycle state is final (the run will not change any more). */
export function isTerminalLifeCycleState(lifeCycleState: string): boolean {
  return TERMINAL_LIFE_CYCLE_STATES.has(lifeCycleState);
}

/** The states of a run: from `state` (2.1) or, when only that is sent, from `status` (2.2). */
export function runStates(run: Run): { lifeCycle: string; result: string | undefined } {
  if (run.state?.life_cycle_state) {
    return { lifeCycle: run.state.life_cycle_state, result: run.state.result_state };
  }
  if (run.status) {
    const code = run.status.termination_details?.code;
    const result =
      run.status.state !== 'TERMINATED' || code === undefined
        ? undefined
        : code === 'SUCCESS'
          ? 'SUCCESS'
          : code === 'CANCELED' || code === 'USER_CANCELED'
            ? 'CANCELED'
            : 'FAILED';
    return { lifeCycle: run.status.state, result };
  }
  return { lifeCycle: 'UNKNOWN', result: undefined };
}
