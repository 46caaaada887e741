import {
  type Clock,
  type ConnectorCapabilities,
  systemClock,
  timeoutSignal,
} from '@neural/integrations-core';
import {
  abandoned,
  type ClauseOutcome,
  type ClauseReport,
  type ConformanceInterruption,
  type ConformanceReport,
  certify,
  claimedOnly,
} from './clause-report.js';
import { type ClauseSelection, selectClauses } from './clause-selection.js';
import { CONTRACT_VERSION } from './contract-version.js';
import { withDeadline } from './deadline.js';
import type { ConformanceEvent } from './events.js';
import { JobLedger } from './job-ledger.js';
import { resolveCertification } from './run-options.js';
import { type ConformanceSession, openConformanceSession } from './session.js';
import { watchForStalls } from './stall-watch.js';
import { stopReason, watchForStop } from './stopping.js';
import { conformanceSuiteVersion } from './suite-version.js';
import {
  assertConformanceTarget,
  type ConformanceCapability,
  type ConformanceTarget,
  type ResolvedTiming,
  resolveTiming,
} from './target.js';
import { ConformanceTargetError, type TargetFailure } from './target-failure.js';

/** Which clauses to run, and how to follow or stop the run. */
export interface RunConformanceOptions extends ClauseSelection {
  /**
   * Stops the run: the clause in flight fails as aborted, the rest are reported skipped, and every job the
   * suite started that may still run is cancelled (waiting at most `cancelTimeoutMs`).
   */
  signal?: AbortSignal | undefined;
  /** Called as each clause finishes, for live progress. */
  onClause?: ((clause: ClauseReport) => void) | undefined;
  /** Called with everything the run reports as it goes: clauses starting and finishing, jobs, stall notices. */
  onEvent?: ((event: ConformanceEvent) => void) | undefined;
  /**
   * Certify: run the whole contract (`only` and `skip` are refused), and fail every clause that is skipped
   * while one of the capabilities it depends on is `require`d. Implied by a non-empty `require`.
   */
  certify?: boolean | undefined;
  /** Capabilities the connector must have for the certification; their clauses may not be skipped. */
  require?: readonly ConformanceCapability[] | undefined;
  /**
   * A job in one status for longer than this gets a `job-stalled` event naming the job and the status.
   * Default a quarter of `timing.jobTimeoutMs` (at least two `maxPollIntervalMs`).
   */
  stallNoticeMs?: number | undefined;
  /**
   * After the signal aborts: how long to wait for the clause in flight to stop (cancelling its jobs), and
   * then as long again for the cancels of any job still not ended. Default 10 000 ms.
   */
  cancelTimeoutMs?: number | undefined;
  /**
   * After the signal aborts: how long the target's `teardown()` may take. Past it, the run ends without waiting
   * for it, and the report's `interruption` says so and lists the jobs not confirmed cancelled. Default 30 000 ms.
   */
  teardownTimeoutMs?: number | undefined;
  /**
   * Where the whole run reads time and waits: the clauses' polls, sleeps and deadlines, each clause's
   * `timing.clauseTimeoutMs`, the durations a clause measures, stall notices, the cancel and teardown time
   * limits, and the report's times. Default core's `systemClock`, for a connector on a real platform.
   *
   * A clause judges the connector's own sense of time against the run's (`status.wait-for-change` times how
   * promptly `waitForStatusChange` returns, `result.duration-fits-the-run` compares `durationSeconds` with
   * the time since submit), so a target run on any other clock must make its connectors on that same clock:
   * a test passes one `createManualClock()` from `@neural/integrations-core/testing` both here and to the
   * connectors (`new MockConnector({ clock })`), and moves it to drive the run without waiting.
   */
  clock?: Clock | undefined;
}

/** The default `stallNoticeMs` for a target's timing. */
export function defaultStallNoticeMs(timing: ResolvedTiming): number {
  return Math.max(Math.round(timing.jobTimeoutMs / 4), 2 * timing.maxPollIntervalMs);
}

const DEFAULT_CANCEL_TIMEOUT_MS = 10_000;

/** How long the target's `teardown()` may take after a stop, unless `teardownTimeoutMs` says otherwise. */
export const DEFAULT_TEARDOWN_TIMEOUT_MS = 30_000;

/** What `withDeadline` gives back when the teardown outlived its time limit. */
const TEARDOWN_TIMED_OUT = Symbol('teardown timed out');

/**
 * Runs the contract against a target, clause by clause, and reports each outcome. Never throws for a broken
 * connector (that is a failed clause) or a target whose own `setup`/`create`/`teardown` throws (that is the
 * report's `targetFailure`); throws `InvalidParameterError` for a bad target or options.
 *
 * @example
 * ```ts
 * const report = await runConformance(target, { skip: ['endpoints.'] });
 * if (!report.ok) console.error(formatTextReport(report));
 * ```
 */
export async function runConformance(
  targetInput: ConformanceTarget,
  options: RunConformanceOptions = {},
): Promise<ConformanceReport> {
  const certification = resolveCertification(options);
  const clauses = selectClauses(options);
  const target = assertConformanceTarget(targetInput);
  const clock = options.clock ?? systemClock;
  const startedAt = new Date(clock.now());
  const started = clock.now();
  const emit = (event: ConformanceEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A progress listener that throws must not change the verdict.
    }
  };
  const ledger = new JobLedger({
    stallNoticeMs: options.stallNoticeMs ?? defaultStallNoticeMs(resolveTiming(target.timing)),
    clock,
    onStalled: emit,
  });
  const finish = (parts: {
    clauses: ClauseReport[];
    capabilities: ConnectorCapabilities;
    targetFailure?: TargetFailure | undefined;
    interruption?: ConformanceInterruption | undefined;
  }): ConformanceReport => {
    const count = (outcome: ClauseOutcome) => parts.clauses.filter((c) => c.outcome === outcome).length;
    const summary = {
      passed: count('passed'),
      failed: count('failed'),
      skipped: count('skipped'),
      total: parts.clauses.length,
    };
    return {
      target: target.name,
      contractVersion: CONTRACT_VERSION,
      suiteVersion: conformanceSuiteVersion(),
      certification,
      ok: summary.failed === 0 && !parts.targetFailure && !parts.interruption,
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(clock.now() - started),
      capabilities: parts.capabilities,
      clauses: parts.clauses,
      summary,
      ...(parts.targetFailure ? { targetFailure: parts.targetFailure } : {}),
      ...(parts.interruption ? { interruption: parts.interruption } : {}),
    };
  };

  let session: ConformanceSession;
  try {
    session = await openConformanceSession(target, {
      clock,
      onObservation: (event) => {
        ledger.observe(event);
        emit(event);
      },
    });
  } catch (error) {
    if (!(error instanceof ConformanceTargetError)) throw error;
    const reason = `not run: ${error.failure.call} threw`;
    return finish({
      clauses: clauses.map((clause) => ({
        id: clause.id,
        title: clause.title,
        outcome: 'skipped',
        reason,
        durationMs: 0,
      })),
      capabilities: claimedOnly(target),
      targetFailure: error.failure,
    });
  }

  const cancelTimeoutMs = options.cancelTimeoutMs ?? DEFAULT_CANCEL_TIMEOUT_MS;
  let knownAtStop: ReadonlySet<string> = new Set();
  const stop = watchForStop(
    options.signal,
    cancelTimeoutMs,
    () => {
      emit({ type: 'run-interrupted', reason: stopReason(options.signal) });
      knownAtStop = new Set(ledger.known());
      return ledger.unsettled();
    },
    clock,
  );
  const stopStallWatch = watchForStalls(ledger, clock);
  const reports: ClauseReport[] = [];
  let targetFailure: TargetFailure | undefined;
  let interruption: ConformanceInterruption | undefined;
  let closeError: unknown;
  try {
    for (const clause of clauses) {
      if (!options.signal?.aborted)
        emit({ type: 'clause-started', clauseId: clause.id, title: clause.title });
      const running = session.runClause(clause, options.signal);
      // Once stopped, the clause in flight gets `cancelTimeoutMs` to stop and cancel its jobs, no more.
      const settled = await Promise.race([running, stop.deadline.then(() => undefined)]);
      const report = certify(clause, settled ?? abandoned(clause), certification);
      reports.push(report);
      options.onClause?.(report);
      emit({ type: 'clause-finished', clause: report });
    }
    if (stop.stopped) {
      // A submit in flight when the signal came resolves after it: its job was started by the suite and is
      // stopped by the clause's own clean-up or by the sweep below, so it is listed with those unsettled at the
      // stop. One that resolves only while the sweep runs is stopped by nobody: it is unconfirmed.
      const knownBeforeSweep = new Set(ledger.known());
      const startedAfterStop = [...knownBeforeSweep].filter((jobId) => !knownAtStop.has(jobId));
      const sweepTimeout = timeoutSignal(clock, cancelTimeoutMs);
      const sweep = await withDeadline(
        ledger.cancelUnsettled(
          () => Promise.resolve(target.create(target.credentials.valid)),
          sweepTimeout.signal,
        ),
        cancelTimeoutMs,
        () => ({ cancelled: [], unconfirmed: ledger.unsettled() }),
        clock,
      ).finally(() => sweepTimeout.clear());
      const startedDuringSweep = ledger.known().filter((jobId) => !knownBeforeSweep.has(jobId));
      const unconfirmed = [...new Set([...sweep.unconfirmed, ...startedDuringSweep])];
      const cancelled = [
        ...new Set([...stop.unsettledAtStop(), ...startedAfterStop, ...sweep.cancelled]),
      ].filter((jobId) => !unconfirmed.includes(jobId));
      emit({ type: 'jobs-cancelled', cancelled, unconfirmed });
      interruption = {
        reason: stopReason(options.signal),
        cancelledJobs: cancelled,
        unconfirmedJobs: unconfirmed,
      };
    }
  } finally {
    stop.dispose();
    stopStallWatch();
    const closing = session.close().then(
      () => undefined,
      (error: unknown) => error,
    );
    // After a stop the user is waiting to get their terminal back: the teardown gets a time limit too.
    const teardownTimeoutMs = options.teardownTimeoutMs ?? DEFAULT_TEARDOWN_TIMEOUT_MS;
    const closed = stop.stopped
      ? await withDeadline<unknown>(closing, teardownTimeoutMs, () => TEARDOWN_TIMED_OUT, clock)
      : await closing;
    if (closed === TEARDOWN_TIMED_OUT) {
      const unconfirmed = [...new Set([...(interruption?.unconfirmedJobs ?? []), ...ledger.unsettled()])];
      emit({ type: 'teardown-timed-out', afterMs: teardownTimeoutMs, unconfirmed });
      if (interruption)
        interruption = {
          ...interruption,
          unconfirmedJobs: unconfirmed,
          teardownTimedOutAfterMs: teardownTimeoutMs,
        };
    } else {
      closeError = closed;
    }
  }
  if (closeError !== undefined) {
    if (!(closeError instanceof ConformanceTargetError)) throw closeError;
    targetFailure = closeError.failure;
  }
  return finish({ clauses: reports, capabilities: session.capabilities, targetFailure, interruption });
}
