import type { ConnectorCapabilities } from '@neural/integrations-core';
import type { ConformanceClause } from './clause.js';
import type { ClauseFailureDetails } from './clause-failure.js';
import { type Certification, CONFORMANCE_CAPABILITIES } from './run-options.js';
import type { ConformanceTarget } from './target.js';
import type { TargetFailure } from './target-failure.js';

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
  /**
   * Set when the target's `teardown()` was still running after `teardownTimeoutMs` (this many ms) and the run
   * ended without it; `unconfirmedJobs` then lists every job neither the cancels nor the teardown were seen to end.
   */
  readonly teardownTimedOutAfterMs?: number | undefined;
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

/** In a certifying run, a clause skipped while a capability it depends on is required fails instead. */
export function certify(
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
export function abandoned(clause: ConformanceClause): ClauseReport {
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
export function claimedOnly(target: ConformanceTarget): ConnectorCapabilities {
  const none = Object.fromEntries(CONFORMANCE_CAPABILITIES.map((name) => [name, false]));
  return Object.freeze({ ...none, ...target.capabilities }) as ConnectorCapabilities;
}
