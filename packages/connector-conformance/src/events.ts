import type { ClauseReport } from './clause-report.js';
import type { JobObservation, JobStalledEvent, JobsCancelledEvent } from './job-events.js';

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
