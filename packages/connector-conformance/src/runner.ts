import {
  type ConnectorCapabilities,
  describeRefusedValue,
  InvalidParameterError,
  OperationAbortedError,
} from '@neural/integrations-core';
import type { ConformanceClause } from './clause.js';
import { CONFORMANCE_CLAUSES } from './clauses/index.js';
import {
  ClauseContext,
  ClauseFailure,
  type ClauseFailureDetails,
  ClauseSkipped,
  newRunId,
} from './context.js';
import { CONTRACT_VERSION } from './contract-version.js';
import type { ConformanceEvent, JobObservation } from './events.js';
import { JobLedger } from './job-ledger.js';
import { type Certification, CONFORMANCE_CAPABILITIES, resolveCertification } from './run-options.js';
import { conformanceSuiteVersion } from './suite-version.js';
import {
  assertConformanceTarget,
  type ConformanceCapability,
  type ConformanceTarget,
  type ResolvedTiming,
  resolveTiming,
} from './target.js';
import { ConformanceTargetError, callTarget, type TargetFailure } from './target-failure.js';

/** How one clause came out. `skipped` always carries a reason; a skipped clause is never counted as passed. */
export type ClauseOutcome = 'passed' | 'failed' | 'skipped';

/** One clause's line in the report. */
export interface ClauseReport {
  /** The clause id, e.g. `submit.unique-ids`. */
  readonly id: string;
  /** The clause title. */
  readonly title: string;
  /** How it came out. */
  readonly outcome: ClauseOutcome;
  /** Why it was skipped (only for `skipped`). */
  readonly reason?: string | undefined;
  /** What broke (only for `failed`): the message names the clause, what was expected, what happened, and the call. */
  readonly failure?: (ClauseFailureDetails & { readonly message: string }) | undefined;
  /** How long the clause took, in milliseconds. */
  readonly durationMs: number;
}

/** What the suite did when the run was stopped by its signal (SIGINT or SIGTERM in the CLI). */
export interface ConformanceInterruption {
  /** Why the run stopped: the signal's reason. */
  readonly reason: string;
  /** Jobs the suite had started that were cancelled (or seen to end) after the stop. */
  readonly cancelledJobs: readonly string[];
  /** Jobs whose cancel could not be confirmed within `cancelTimeoutMs`: they may still be running. */
  readonly unconfirmedJobs: readonly string[];
}

/** What `runConformance` resolves: every selected clause's outcome, and the totals. */
export interface ConformanceReport {
  /** The target's name. */
  readonly target: string;
  /** The version of the contract the clauses state (semver); see `CONTRACT_VERSION`. */
  readonly contractVersion: string;
  /** The version of `@neural/connector-conformance` that ran. */
  readonly suiteVersion: string;
  /**
   * Whether the run certified (the whole contract, with `required` capabilities enforced), and which
   * capabilities it required.
   */
  readonly certification: Certification;
  /**
   * `true` when no clause failed, the target's own `setup`, `create` and `teardown` did not throw, and the run
   * was not interrupted.
   */
  readonly ok: boolean;
  /** When the run started (ISO 8601). */
  readonly startedAt: string;
  /** How long the run took, in milliseconds. */
  readonly durationMs: number;
  /** The capabilities the run judged the connector by (its own, with the target's claims over them). */
  readonly capabilities: ConnectorCapabilities;
  /** One entry per selected clause, in contract order. */
  readonly clauses: readonly ClauseReport[];
  /** How many clauses passed, failed and were skipped. */
  readonly summary: {
    readonly passed: number;
    readonly failed: number;
    readonly skipped: number;
    readonly total: number;
  };
  /**
   * Present when the target itself failed: `setup()` or `create()` threw before any clause could run (every
   * clause is then skipped with that reason), or `teardown()` threw after the last. Redacted of every
   * credential value of the target.
   */
  readonly targetFailure?: TargetFailure | undefined;
  /** Present when the run was stopped by its signal. */
  readonly interruption?: ConformanceInterruption | undefined;
}

/** Which clauses to run, and how to follow or stop the run. */
export interface RunConformanceOptions {
  /** Run only these clause ids (or id prefixes ending in `.`, such as `submit.`). */
  only?: readonly string[] | undefined;
  /** Leave out these clause ids (or prefixes); they are not reported at all. */
  skip?: readonly string[] | undefined;
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
}

/** The default `stallNoticeMs` for a target's timing. */
export function defaultStallNoticeMs(timing: ResolvedTiming): number {
  return Math.max(Math.round(timing.jobTimeoutMs / 4), 2 * timing.maxPollIntervalMs);
}

const DEFAULT_CANCEL_TIMEOUT_MS = 10_000;

function matches(patterns: readonly string[], id: string): boolean {
  return patterns.some((pattern) => (pattern.endsWith('.') ? id.startsWith(pattern) : id === pattern));
}

/**
 * The clauses `only` and `skip` select, in contract order.
 *
 * @throws InvalidParameterError when a pattern names no clause (a typo must not silently run nothing).
 */
export function selectClauses(
  options: Pick<RunConformanceOptions, 'only' | 'skip'> = {},
): ConformanceClause[] {
  for (const field of ['only', 'skip'] as const) {
    for (const pattern of options[field] ?? []) {
      if (!CONFORMANCE_CLAUSES.some((clause) => matches([pattern], clause.id))) {
        throw InvalidParameterError.fromIssues('conformance options', [
          // Described, not quoted when long: a key pasted into the wrong flag must not be printed back.
          {
            field,
            rule: `${describeRefusedValue(pattern)} names no clause; see docs/contract.md for the ids`,
          },
        ]);
      }
    }
  }
  return CONFORMANCE_CLAUSES.filter(
    (clause) =>
      (options.only === undefined || options.only.length === 0 || matches(options.only, clause.id)) &&
      !matches(options.skip ?? [], clause.id),
  );
}

/**
 * A prepared run: the target validated, `setup` done, the capabilities known. Runs one clause at a time, so
 * that a test runner can give each its own test. {@link runConformance} is built on it.
 */
export interface ConformanceSession {
  /** The validated target. */
  readonly target: ConformanceTarget;
  /** The timing, defaults filled. */
  readonly timing: ResolvedTiming;
  /** What the connector claims. */
  readonly capabilities: ConnectorCapabilities;
  /** Runs one clause against a fresh connector and reports how it came out; never throws for a broken connector. */
  runClause(clause: ConformanceClause, signal?: AbortSignal): Promise<ClauseReport>;
  /** Runs the target's `teardown`. */
  close(): Promise<void>;
}

/**
 * Validates the target, runs its `setup`, and reads the capabilities from one connector made with the valid
 * credentials.
 *
 * @throws InvalidParameterError for a bad target; ConformanceTargetError, redacted of the target's
 * credentials, when its `setup()` or `create()` throws (and from `close()` when its `teardown()` does).
 */
export async function openConformanceSession(
  targetInput: ConformanceTarget,
  options: {
    /** Told what each clause's job calls showed (used by `runConformance` for progress and stopping). */
    onObservation?: ((event: JobObservation) => void) | undefined;
  } = {},
): Promise<ConformanceSession> {
  const target = assertConformanceTarget(targetInput);
  const timing = resolveTiming(target.timing);
  const runId = newRunId();
  const teardown = () => callTarget(target, 'teardown', 'target.teardown()', () => target.teardown?.());
  await callTarget(target, 'setup', 'target.setup()', () => target.setup?.());
  let capabilities: ConnectorCapabilities;
  try {
    capabilities = await callTarget(target, 'create', 'target.create(credentials.valid)', async () =>
      ClauseContext.claimedCapabilities(await target.create(target.credentials.valid), target),
    );
  } catch (error) {
    await teardown().catch(() => undefined);
    throw error;
  }
  const { onObservation } = options;
  return {
    target,
    timing,
    capabilities,
    runClause: (clause, signal) =>
      runOneClause(clause, { target, timing, capabilities, runId, signal, onObservation }),
    close: async () => {
      await teardown();
    },
  };
}

async function runOneClause(
  clause: ConformanceClause,
  session: {
    target: ConformanceTarget;
    timing: ResolvedTiming;
    capabilities: ConnectorCapabilities;
    runId: string;
    signal: AbortSignal | undefined;
    onObservation: ((event: JobObservation) => void) | undefined;
  },
): Promise<ClauseReport> {
  const started = performance.now();
  const base = { id: clause.id, title: clause.title };
  const elapsed = () => Math.round(performance.now() - started);
  if (session.signal?.aborted)
    return { ...base, outcome: 'skipped', reason: 'the run was aborted', durationMs: 0 };
  const missing = (clause.requires ?? []).filter((capability) => !session.capabilities[capability]);
  if (missing.length > 0) {
    return {
      ...base,
      outcome: 'skipped',
      reason: `the connector does not claim ${missing.map((name) => `capabilities.${name}`).join(' and ')}`,
      durationMs: elapsed(),
    };
  }
  const controller = new AbortController();
  const onAbort = () => controller.abort(session.signal?.reason);
  session.signal?.addEventListener('abort', onAbort, { once: true });
  const context = new ClauseContext({
    clauseId: clause.id,
    target: session.target,
    timing: session.timing,
    capabilities: session.capabilities,
    signal: controller.signal,
    runId: session.runId,
    onObservation: session.onObservation,
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new ClauseFailure(clause.id, {
        expected: `the clause to finish within ${session.timing.clauseTimeoutMs} ms (timing.clauseTimeoutMs)`,
        actual: 'it was still waiting',
        call: context.lastCall(),
      });
      controller.abort(error);
      reject(error);
    }, session.timing.clauseTimeoutMs);
  });
  try {
    await Promise.race([clause.run(context), timedOut]);
    return { ...base, outcome: 'passed', durationMs: elapsed() };
  } catch (error) {
    if (error instanceof ClauseSkipped)
      return { ...base, outcome: 'skipped', reason: error.reason, durationMs: elapsed() };
    return {
      ...base,
      outcome: 'failed',
      failure: describeFailure(clause, context, error),
      durationMs: elapsed(),
    };
  } finally {
    clearTimeout(timer);
    session.signal?.removeEventListener('abort', onAbort);
    await context.cleanUp();
  }
}

function describeFailure(
  clause: ConformanceClause,
  context: ClauseContext,
  error: unknown,
): ClauseFailureDetails & { message: string } {
  if (error instanceof ClauseFailure) return { ...error.details, message: context.redact(error.message) };
  const call = context.calls.findLast((entry) => entry.error === error)?.call ?? context.lastCall();
  const aborted = OperationAbortedError.isInstance(error) && context.signal.aborted;
  const details: ClauseFailureDetails = {
    expected: aborted ? 'the clause to complete' : 'the call to succeed',
    actual: aborted ? 'the run was aborted' : `it threw ${context.describe(error)}`,
    call,
  };
  return {
    ...details,
    message: `[${clause.id}] expected ${details.expected}, but ${details.actual} (shown by ${details.call})`,
  };
}

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
  const startedAt = new Date();
  const started = performance.now();
  const emit = (event: ConformanceEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A progress listener that throws must not change the verdict.
    }
  };
  const ledger = new JobLedger({
    stallNoticeMs: options.stallNoticeMs ?? defaultStallNoticeMs(resolveTiming(target.timing)),
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
      durationMs: Math.round(performance.now() - started),
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
  const stop = watchForStop(options.signal, cancelTimeoutMs, () => {
    emit({ type: 'run-interrupted', reason: stopReason(options.signal) });
    return ledger.unsettled();
  });
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
      const sweep = await withDeadline(
        ledger.cancelUnsettled(
          () => Promise.resolve(target.create(target.credentials.valid)),
          AbortSignal.timeout(cancelTimeoutMs),
        ),
        cancelTimeoutMs,
        () => ({ cancelled: [], unconfirmed: ledger.unsettled() }),
      );
      const unconfirmed = [...new Set(sweep.unconfirmed)];
      const cancelled = [...new Set([...stop.unsettledAtStop(), ...sweep.cancelled])].filter(
        (jobId) => !unconfirmed.includes(jobId),
      );
      emit({ type: 'jobs-cancelled', cancelled, unconfirmed });
      interruption = {
        reason: stopReason(options.signal),
        cancelledJobs: cancelled,
        unconfirmedJobs: unconfirmed,
      };
    }
  } finally {
    stop.dispose();
    closeError = await session.close().then(
      () => undefined,
      (error: unknown) => error,
    );
  }
  if (closeError !== undefined) {
    if (!(closeError instanceof ConformanceTargetError)) throw closeError;
    targetFailure = closeError.failure;
  }
  return finish({ clauses: reports, capabilities: session.capabilities, targetFailure, interruption });
}

/** In a certifying run, a clause skipped while a capability it depends on is required fails instead. */
function certify(
  clause: ConformanceClause,
  report: ClauseReport,
  certification: Certification,
): ClauseReport {
  if (!certification.certify || report.outcome !== 'skipped') return report;
  const required = (clause.requires ?? []).filter((name) => certification.required.includes(name));
  if (required.length === 0) return report;
  const names = required.map((name) => `capabilities.${name}`).join(' and ');
  const failure: ClauseFailureDetails = {
    expected: `the clause to run: the certification requires ${names}`,
    actual: `it was skipped (${report.reason ?? 'no reason given'})`,
    call: '(none: the clause did not run)',
  };
  return {
    id: report.id,
    title: report.title,
    outcome: 'failed',
    failure: {
      ...failure,
      message: `[${clause.id}] expected ${failure.expected}, but ${failure.actual} (shown by ${failure.call})`,
    },
    durationMs: report.durationMs,
  };
}

/** The report of a clause that was still stopping when `cancelTimeoutMs` ran out. */
function abandoned(clause: ConformanceClause): ClauseReport {
  const details: ClauseFailureDetails = {
    expected: 'the clause to complete',
    actual: 'the run was aborted, and the clause was still stopping when the cancel timeout ran out',
    call: '(clean-up of the clause)',
  };
  return {
    id: clause.id,
    title: clause.title,
    outcome: 'failed',
    failure: {
      ...details,
      message: `[${clause.id}] expected ${details.expected}, but ${details.actual} (shown by ${details.call})`,
    },
    durationMs: 0,
  };
}

/** The target's own claims over "claims nothing": what a report says when no connector could be made. */
function claimedOnly(target: ConformanceTarget): ConnectorCapabilities {
  const none = Object.fromEntries(CONFORMANCE_CAPABILITIES.map((name) => [name, false]));
  return Object.freeze({ ...none, ...target.capabilities }) as ConnectorCapabilities;
}

function stopReason(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' && reason.length > 0 ? reason : 'the run was aborted';
}

/**
 * Follows the run's signal: when it aborts, notes which jobs were still unsettled and starts the clock of
 * `cancelTimeoutMs`; `deadline` resolves when that runs out (never, while not stopped).
 */
function watchForStop(
  signal: AbortSignal | undefined,
  cancelTimeoutMs: number,
  onStop: () => string[],
): {
  readonly deadline: Promise<void>;
  readonly stopped: boolean;
  unsettledAtStop(): string[];
  dispose(): void;
} {
  let timer: NodeJS.Timeout | undefined;
  let atStop: string[] = [];
  let stopped = false;
  let expire: () => void = () => undefined;
  const deadline = new Promise<void>((resolve) => {
    expire = resolve;
  });
  const onAbort = () => {
    stopped = true;
    atStop = onStop();
    timer = setTimeout(expire, cancelTimeoutMs);
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    deadline,
    get stopped() {
      return stopped;
    },
    unsettledAtStop: () => atStop,
    dispose() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** `work`, or `fallback()` when it has not settled within `ms` (a connector may ignore its signal). */
async function withDeadline<T>(work: Promise<T>, ms: number, fallback: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback()), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
