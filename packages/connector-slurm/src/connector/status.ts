/** A job's status now, and waiting for it to change by bounded polling (slurmrestd cannot push). */
import {
  assertJobId,
  type JobStatus,
  pollForStatusChange,
  type StatusChange,
  type WaitForStatusChangeOptions,
} from '@neural/integrations-core';
import type { SlurmContext } from './context.js';
import { getSlurmJob, statusNow } from './slurm-jobs.js';

/** The job's status, mapped from Slurm's state by what happens next (see `slurmJobStatus`). */
export async function jobStatus(
  context: SlurmContext,
  jobId: string,
  signal: AbortSignal | undefined,
): Promise<JobStatus> {
  return statusNow(context, await getSlurmJob(context, 'getJobStatus', jobId, signal));
}

/**
 * Waits for the job's status (read by `readStatus`) to differ from `since`: reads `minIntervalMs` apart at
 * first, then at most 5% of the time waited apart (capped at 60 s), so a change is noticed within 5% of the
 * wait. Resolves `{ changed: false }` after `timeoutMs`.
 */
export function pollForJobStatusChange(
  context: SlurmContext,
  jobId: string,
  readStatus: (signal: AbortSignal | undefined) => Promise<JobStatus>,
  minIntervalMs: number,
  options: WaitForStatusChangeOptions,
): Promise<StatusChange> {
  assertJobId(jobId);
  return pollForStatusChange(readStatus, {
    ...options,
    clock: context.clock,
    minIntervalMs,
    maxIntervalMs: Math.max(minIntervalMs, 60_000),
  });
}
