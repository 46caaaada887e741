import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  type ConformanceSession,
  openConformanceSession,
  type RunConformanceOptions,
  selectClauses,
} from './runner.js';
import { type ConformanceTarget, resolveTiming } from './target.js';

/** Which clauses {@link describeConformance} registers. */
export type DescribeConformanceOptions = Pick<RunConformanceOptions, 'only' | 'skip'>;

/**
 * Registers the conformance suite with vitest: one `describe` for the target, one `it` per clause. A clause
 * that does not apply is reported by vitest as skipped, with its reason; a broken one fails with the clause,
 * expected, actual and the call in its message.
 *
 * @example
 * ```ts
 * // my-platform.conformance.test.ts
 * import { describeConformance } from '@neural/connector-conformance/vitest';
 * import target from './conformance-target.js';
 *
 * describeConformance(target);
 * ```
 */
export function describeConformance(
  target: ConformanceTarget,
  options: DescribeConformanceOptions = {},
): void {
  const clauses = selectClauses(options);
  const timing = resolveTiming(target.timing);
  describe(`conformance: ${target.name}`, () => {
    let session: ConformanceSession | undefined;
    beforeAll(async () => {
      session = await openConformanceSession(target);
    }, timing.clauseTimeoutMs);
    afterAll(async () => {
      await session?.close();
    }, timing.clauseTimeoutMs);
    for (const clause of clauses) {
      it(
        `${clause.id}: ${clause.title}`,
        async (context) => {
          if (!session)
            throw new Error(`[${clause.id}] the conformance session did not open (see the beforeAll error)`);
          const report = await session.runClause(clause, context.signal);
          if (report.outcome === 'skipped') context.skip(report.reason);
          if (report.outcome === 'failed') {
            const error = new Error(report.failure?.message ?? `[${clause.id}] failed`);
            error.name = 'ConformanceFailure';
            throw error;
          }
        },
        timing.clauseTimeoutMs + 5_000,
      );
    }
  });
}
