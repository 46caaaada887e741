import type { ClauseContext } from './context.js';
import type { ConformanceCapability } from './target.js';

/**
 * One numbered promise of the connector contract. The same object is the documentation (`docs/contract.md`
 * is generated from `title`, `rule` and `why`) and the check (`run`), so the two cannot drift.
 */
export interface ConformanceClause {
  /** A stable id, `area.promise` (e.g. `submit.unique-ids`); used by `--only` and `--skip`. */
  readonly id: string;
  /** One line, for reports. */
  readonly title: string;
  /** The rule, stated as the contract states it. */
  readonly rule: string;
  /** Why it matters to the people who use connectors. */
  readonly why: string;
  /** The capabilities the connector must claim for the clause to apply; skipped, with the reason, otherwise. */
  readonly requires?: readonly ConformanceCapability[] | undefined;
  /** Checks the promise against a fresh connector; throws a `ClauseFailure` when it is broken. */
  run(context: ClauseContext): Promise<void>;
}

/** Declares a clause (typed identity: it exists so clause files read as a list of declarations). */
export function defineClause(clause: ConformanceClause): ConformanceClause {
  return Object.freeze(clause);
}
