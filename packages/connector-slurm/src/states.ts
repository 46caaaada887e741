import { JobStatus } from '@neural/integrations-core';

/**
 * Every Slurm job base state and the {@link JobStatus} it maps onto. States not listed map to `unknown`
 * (never guessed), and the raw state is always kept beside the mapped one.
 */
export const SLURM_STATE_MAP: Readonly<Record<string, JobStatus>> = Object.freeze({
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

/**
 * The {@link JobStatus} of a Slurm job state. Accepts the state as slurmrestd or `squeue` print it, in any
 * case, with or without a trailing `+` or flags (`CANCELLED by 0`); anything unrecognised is `unknown`.
 */
export function mapSlurmState(state: string): JobStatus {
  const base = state.trim().toUpperCase().split(/[\s+]/, 1)[0] ?? '';
  return SLURM_STATE_MAP[base] ?? JobStatus.UNKNOWN;
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
