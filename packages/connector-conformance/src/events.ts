import type { JobStatus } from '@neural/integrations-core';
import type { ClauseReport } from './runner.js';

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

/** After a stop, the target's `teardown()` outlived `teardownTimeoutMs`: the run ends without waiting for it. */
export interface TeardownTimedOutEvent {
  readonly type: 'teardown-timed-out';
  /** The time limit it passed (`teardownTimeoutMs`). */
  readonly afterMs: number;
  /** Jobs of the suite neither the cancels nor the teardown were seen to end: they may still run. */
  readonly unconfirmed: readonly string[];
}

/** Everything `runConformance` reports as it goes, for live progress (`onEvent`). */
export type ConformanceEvent =
  | JobObservation
  | JobStalledEvent
  | JobsCancelledEvent
  | TeardownTimedOutEvent
  | {
      /** A clause started. */
      readonly type: 'clause-started';
      readonly clauseId: string;
      readonly title: string;
    }
  | {
      /** A clause finished, with its outcome (the same object `onClause` receives). */
      readonly type: 'clause-finished';
      readonly clause: ClauseReport;
    }
  | {
      /** The run's signal aborted: the clause in flight is stopped and the suite's jobs are being cancelled. */
      readonly type: 'run-interrupted';
      readonly reason: string;
    };
