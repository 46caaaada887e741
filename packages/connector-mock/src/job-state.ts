// The state machine of a mock job, read off the clock: PENDING until `startAt`, RUNNING until `endAt`, then
// SUCCEEDED or FAILED as its directives say, unless cancelled or failed early.
import { type Clock, isTerminalStatus, JobStatus } from '@neural/integrations-core';
import { type MockJob, wakeStreams } from './mock-job.js';

/** A job as it stands at one instant. */
export interface JobView {
  status: JobStatus;
  rawState: string;
  startedAt: number | undefined;
  finishedAt: number | undefined;
  /** The run reached its planned end (so it produced its output, metrics and artifacts). */
  completedRun: boolean;
}

/** Where `job` stands at `now`. */
export function viewJob(job: MockJob, now: number): JobView {
  if (job.ended) {
    const startedAt = job.ended.at >= job.startAt ? job.startAt : undefined;
    return {
      status: job.ended.status,
      rawState: job.ended.status === 'cancelled' ? 'CANCELLED' : 'FAILED',
      startedAt,
      finishedAt: job.ended.at,
      completedRun: false,
    };
  }
  if (now < job.startAt)
    return {
      status: JobStatus.PENDING,
      rawState: 'QUEUED',
      startedAt: undefined,
      finishedAt: undefined,
      completedRun: false,
    };
  if (now < job.endAt)
    return {
      status: JobStatus.RUNNING,
      rawState: 'RUNNING',
      startedAt: job.startAt,
      finishedAt: undefined,
      completedRun: false,
    };
  const failed = job.directives.fail !== undefined;
  return {
    status: failed ? JobStatus.FAILED : JobStatus.SUCCEEDED,
    rawState: failed ? 'FAILED' : 'COMPLETED',
    startedAt: job.startAt,
    finishedAt: job.endAt,
    completedRun: true,
  };
}

/**
 * Ends a pending or running job now (cancelled, or failed with `error`) and wakes its log streams.
 * Returns `false`, changing nothing, when the job had already finished.
 */
export function endJobEarly(
  job: MockJob,
  clock: Clock,
  status: 'cancelled' | 'failed',
  error: string | undefined,
): boolean {
  if (isTerminalStatus(viewJob(job, clock.now()).status)) return false;
  job.ended = { status, at: clock.now(), error };
  wakeStreams(job);
  return true;
}
