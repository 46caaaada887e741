import { JobStatus, stateMapping } from '@neural/integrations-core';

/**
 * Every Slurm job base state and the {@link JobStatus} it maps onto. States not listed map to `unknown`
 * (never guessed), and the raw state is always kept beside the mapped one. `PREEMPTED` and `NODE_FAIL` are
 * `failed` here only for a job Slurm will not requeue: {@link slurmJobStatus} maps a requeueable one by what
 * happens next.
 */
export const SLURM_STATE_TO_STATUS: Readonly<Record<string, JobStatus>> = Object.freeze({
  PENDING: JobStatus.PENDING,
  CONFIGURING: JobStatus.PENDING,
  REQUEUED: JobStatus.PENDING,
  REQUEUE_FED: JobStatus.PENDING,
  REQUEUE_HOLD: JobStatus.PENDING,
  RESV_DEL_HOLD: JobStatus.PENDING,
  SUSPENDED: JobStatus.PENDING,
  RESIZING: JobStatus.RUNNING,
  RUNNING: JobStatus.RUNNING,
  COMPLETING: JobStatus.RUNNING,
  SIGNALING: JobStatus.RUNNING,
  STAGE_OUT: JobStatus.RUNNING,
  COMPLETED: JobStatus.SUCCEEDED,
  FAILED: JobStatus.FAILED,
  TIMEOUT: JobStatus.FAILED,
  NODE_FAIL: JobStatus.FAILED,
  OUT_OF_MEMORY: JobStatus.FAILED,
  BOOT_FAIL: JobStatus.FAILED,
  DEADLINE: JobStatus.FAILED,
  PREEMPTED: JobStatus.FAILED,
  SPECIAL_EXIT: JobStatus.FAILED,
  REVOKED: JobStatus.CANCELLED,
  CANCELLED: JobStatus.CANCELLED,
});

const SLURM_STATE_MAPPING = stateMapping(SLURM_STATE_TO_STATUS);

/**
 * The {@link JobStatus} of a Slurm job state. Accepts the state as slurmrestd or `squeue` print it, in any
 * case, with or without a trailing `+` or flags (`CANCELLED by 0`); anything unrecognised is `unknown`.
 */
export function mapSlurmState(state: string): JobStatus {
  const base = state.trim().toUpperCase().split(/[\s+]/, 1)[0] ?? '';
  return SLURM_STATE_MAPPING.statusOf(base);
}

/**
 * The states that end a run but that Slurm follows with a requeue when the job is requeueable (`--requeue`,
 * the `JobRequeue=1` default): a preemption under `PreemptMode=REQUEUE`, a node failure.
 */
export const REQUEUE_CANDIDATE_STATES: readonly string[] = Object.freeze(['PREEMPTED', 'NODE_FAIL']);

/**
 * How long after its end a requeueable job in a {@link REQUEUE_CANDIDATE_STATES} state is still expected to be
 * requeued, in seconds. Past it, nothing brought the job back (say `PreemptMode=CANCEL`): it failed.
 */
export const REQUEUE_GRACE_SECONDS = 60;

/** What {@link slurmJobStatus} reads of a job. */
export interface SlurmJobState {
  /** Slurm's state, as {@link mapSlurmState} takes it. */
  readonly state: string;
  /** Whether Slurm may requeue the job (slurmrestd's `requeue`); `undefined` when not reported. */
  readonly requeue?: boolean | undefined;
  /** When the run ended, in seconds since the epoch; 0 when unknown. */
  readonly endTime?: number | undefined;
}

/**
 * The {@link JobStatus} of a Slurm job, mapped by what happens next rather than by the state's name alone. A
 * requeueable job that was preempted or lost its node is about to be queued again, so it reads `pending`
 * (never `failed` and then `pending`) for {@link REQUEUE_GRACE_SECONDS} after its end; a job Slurm cannot
 * requeue, or one still not requeued after that, reads `failed`. Every other state maps as
 * {@link mapSlurmState} says (`REQUEUED` and its kin are `pending`, `COMPLETING` is `running`).
 *
 * @example
 * ```ts
 * slurmJobStatus({ state: 'PREEMPTED', requeue: true, endTime: now }, now); // 'pending'
 * slurmJobStatus({ state: 'PREEMPTED', requeue: false, endTime: now }, now); // 'failed'
 * ```
 */
export function slurmJobStatus(job: SlurmJobState, nowSeconds: number): JobStatus {
  const base = job.state.trim().toUpperCase().split(/[\s+]/, 1)[0] ?? '';
  if (REQUEUE_CANDIDATE_STATES.includes(base) && job.requeue === true) {
    const endTime = job.endTime ?? 0;
    if (endTime === 0 || nowSeconds - endTime < REQUEUE_GRACE_SECONDS) return JobStatus.PENDING;
  }
  return mapSlurmState(job.state);
}

/** A decoded wait status. */
export interface SlurmExitStatus {
  /** The exit code the script returned (0–255); 0 when it was killed by a signal. */
  readonly code: number;
  /** The signal that killed it, or 0. */
  readonly signal: number;
}

/**
 * Decodes slurmrestd's `exit_code`, which is a raw wait status, not an exit code: `exit 3` reads 768.
 *
 * @example
 * ```ts
 * decodeExitStatus(768); // { code: 3, signal: 0 }
 * decodeExitStatus(9);   // { code: 0, signal: 9 }
 * ```
 */
export function decodeExitStatus(status: number): SlurmExitStatus {
  return { code: (status >> 8) & 0xff, signal: status & 0x7f };
}
