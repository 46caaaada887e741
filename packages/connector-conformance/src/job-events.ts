import type { JobStatus } from '@neural/integrations-core';

// What the run reports about single jobs: the clauses' observations, stall notices and the stop's cancels. Kept
// apart from `events.ts` (which adds clause and run events, and so needs the clause report) so that the clause
// context can emit observations without depending on reports.

/**
 * What a clause's connector calls showed about one job. The `ClauseContext` emits these from the calls
 * it records, so every job a clause starts is seen, however the clause started it.
 */
export type JobObservation =
  | {
      /** `submitJob()` resolved with this job's id. */
      readonly type: 'job-submitted';
      readonly clauseId: string;
      readonly jobId: string;
    }
  | {
      /** `getJobStatus()` resolved with this status. */
      readonly type: 'job-status';
      readonly clauseId: string;
      readonly jobId: string;
      readonly status: JobStatus;
    }
  | {
      /** `cancelJob()` resolved: `true` when it cancelled the job, `false` when the job had already ended. */
      readonly type: 'job-cancelled';
      readonly clauseId: string;
      readonly jobId: string;
      readonly cancelled: boolean;
    };

/** A job that has been in one status for longer than the run's stall threshold. Emitted once per job and status. */
export interface JobStalledEvent {
  readonly type: 'job-stalled';
  /** The clause that started the job. */
  readonly clauseId: string;
  /** The job. */
  readonly jobId: string;
  /** The status it has been in. */
  readonly status: JobStatus;
  /** How long it has been in that status, as far as the suite has seen, in milliseconds. */
  readonly forMs: number;
  /** The threshold it passed (`stallNoticeMs`). */
  readonly thresholdMs: number;
}

/** What the suite did about its jobs once the run was stopped by its signal. */
export interface JobsCancelledEvent {
  readonly type: 'jobs-cancelled';
  /** Jobs the suite saw end or cancelled after the stop. */
  readonly cancelled: readonly string[];
  /** Jobs whose cancel could not be confirmed within `cancelTimeoutMs`: they may still run. */
  readonly unconfirmed: readonly string[];
}
