import {
  type ConnectorCapabilities,
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
import {
  assertConformanceTarget,
  type ConformanceTarget,
  type ResolvedTiming,
  resolveTiming,
} from './target.js';

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

/** What `runConformance` resolves: every selected clause's outcome, and the totals. */
export interface ConformanceReport {
  /** The target's name. */
  readonly target: string;
  /** `true` when no clause failed. */
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
}

/** Which clauses to run, and how to follow or stop the run. */
export interface RunConformanceOptions {
  /** Run only these clause ids (or id prefixes ending in `.`, such as `submit.`). */
  only?: readonly string[] | undefined;
  /** Leave out these clause ids (or prefixes); they are not reported at all. */
  skip?: readonly string[] | undefined;
  /** Stops the run: the clause in flight fails as aborted, the rest are reported skipped. */
  signal?: AbortSignal | undefined;
  /** Called as each clause finishes, for live progress. */
  onClause?: ((clause: ClauseReport) => void) | undefined;
}

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
          { field, rule: `"${pattern}" names no clause; see docs/contract.md for the ids` },
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
 */
export async function openConformanceSession(targetInput: ConformanceTarget): Promise<ConformanceSession> {
  const target = assertConformanceTarget(targetInput);
  const timing = resolveTiming(target.timing);
  const runId = newRunId();
  await target.setup?.();
  let capabilities: ConnectorCapabilities;
  try {
    capabilities = ClauseContext.claimedCapabilities(await target.create(target.credentials.valid), target);
  } catch (error) {
    await target.teardown?.();
    throw error;
  }
  return {
    target,
    timing,
    capabilities,
    runClause: (clause, signal) => runOneClause(clause, { target, timing, capabilities, runId, signal }),
    close: async () => {
      await target.teardown?.();
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
  },
): Promise<ClauseReport> {
  const started = performance.now();
  const base = { id: clause.id, title: clause.title };
  const elapsed = () => Math.round(performance.now() - started);
  const missing = (clause.requires ?? []).filter((capability) => !session.capabilities[capability]);
  if (missing.length > 0) {
    return {
      ...base,
      outcome: 'skipped',
      reason: `the connector does not claim ${missing.map((name) => `capabilities.${name}`).join(' and ')}`,
      durationMs: elapsed(),
    };
  }
  if (session.signal?.aborted)
    return { ...base, outcome: 'skipped', reason: 'the run was aborted', durationMs: 0 };
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
 * connector (that is a failed clause); throws `InvalidParameterError` for a bad target or options.
 *
 * @example
 * ```ts
 * const report = await runConformance(target, { skip: ['endpoints.'] });
 * if (!report.ok) console.error(formatTextReport(report));
 * ```
 */
export async function runConformance(
  target: ConformanceTarget,
  options: RunConformanceOptions = {},
): Promise<ConformanceReport> {
  const clauses = selectClauses(options);
  const startedAt = new Date();
  const started = performance.now();
  const session = await openConformanceSession(target);
  const reports: ClauseReport[] = [];
  try {
    for (const clause of clauses) {
      const report = await session.runClause(clause, options.signal);
      reports.push(report);
      options.onClause?.(report);
    }
  } finally {
    await session.close();
  }
  const count = (outcome: ClauseOutcome) => reports.filter((report) => report.outcome === outcome).length;
  const summary = {
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    total: reports.length,
  };
  return {
    target: session.target.name,
    ok: summary.failed === 0,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    capabilities: session.capabilities,
    clauses: reports,
    summary,
  };
}
