/**
 * The normalised lifecycle states of a job, shared by every connector.
 *
 * Platforms have many more states than these (Slurm alone has a dozen); each connector maps its platform's
 * states onto these six and keeps the raw state beside them (see {@link JobSummary.rawState}).
 *
 * @example
 * ```ts
 * if (status === JobStatus.SUCCEEDED) console.log('done');
 * ```
 */
export const JobStatus = {
  /** Accepted by the platform, not yet running (queued, provisioning, waiting for resources). */
  PENDING: 'pending',
  /** Running, or finishing up (Slurm's COMPLETING is still RUNNING). */
  RUNNING: 'running',
  /** Finished successfully. Terminal. */
  SUCCEEDED: 'succeeded',
  /** Finished unsuccessfully (non-zero exit, timeout, out of memory, node failure). Terminal. */
  FAILED: 'failed',
  /** Stopped on request before it finished. Terminal. */
  CANCELLED: 'cancelled',
  /** The platform reported a state the connector cannot map. Not terminal: ask again later. */
  UNKNOWN: 'unknown',
} as const;

/** One of the values of {@link JobStatus}: `'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'unknown'`. */
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];

/** Every job status, in lifecycle order. */
export const JOB_STATUSES: readonly JobStatus[] = Object.freeze(Object.values(JobStatus));

/** The statuses a job never leaves once reached. */
export const TERMINAL_STATUSES: readonly JobStatus[] = Object.freeze([
  JobStatus.SUCCEEDED,
  JobStatus.FAILED,
  JobStatus.CANCELLED,
]);

/** Whether `value` is one of the {@link JobStatus} values. */
export function isJobStatus(value: unknown): value is JobStatus {
  return typeof value === 'string' && (JOB_STATUSES as readonly string[]).includes(value);
}

/** Whether `status` is final: SUCCEEDED, FAILED or CANCELLED. */
export function isTerminalStatus(status: JobStatus): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

/**
 * The legal transitions between statuses, written down once. A status may always be observed again
 * (polling twice in a row), so only changes are listed. Terminal states have no way out.
 *
 * RUNNING may go back to PENDING: a requeue, which batch schedulers (Slurm, Grid Engine) do after a node
 * failure or a preemption; the job then waits and runs again. A connector maps such a platform state by what
 * happens next, so a requeued job reads PENDING, never FAILED first.
 *
 * UNKNOWN is what a connector reports when it cannot tell; it may appear between any two non-terminal
 * observations and may resolve to any state.
 */
export const JOB_STATUS_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = Object.freeze({
  pending: Object.freeze(['running', 'succeeded', 'failed', 'cancelled', 'unknown'] as const),
  running: Object.freeze(['pending', 'succeeded', 'failed', 'cancelled', 'unknown'] as const),
  unknown: Object.freeze(['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const),
  succeeded: Object.freeze([] as const),
  failed: Object.freeze([] as const),
  cancelled: Object.freeze([] as const),
});

/**
 * Whether a job observed in status `from` may next be observed in status `to`. Observing the same status
 * again is always legal. Leaving a terminal status never is.
 */
export function isLegalTransition(from: JobStatus, to: JobStatus): boolean {
  if (from === to) return true;
  return JOB_STATUS_TRANSITIONS[from].includes(to);
}
