import { describeRefusedValue, InvalidParameterError } from '@neural/integrations-core';
import type { ConformanceClause } from './clause.js';
import { CONFORMANCE_CLAUSES } from './clauses/index.js';

function matches(patterns: readonly string[], id: string): boolean {
  return patterns.some((pattern) => (pattern.endsWith('.') ? id.startsWith(pattern) : id === pattern));
}

/** Which clauses of the contract a run takes. */
export interface ClauseSelection {
  /** Run only these clause ids (or id prefixes ending in `.`, such as `submit.`). */
  only?: readonly string[] | undefined;
  /** Leave out these clause ids (or prefixes); they are not reported at all. */
  skip?: readonly string[] | undefined;
}

/**
 * The clauses `only` and `skip` select, in contract order.
 *
 * @throws InvalidParameterError when a pattern names no clause (a typo must not silently run nothing).
 */
export function selectClauses(options: ClauseSelection = {}): ConformanceClause[] {
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
