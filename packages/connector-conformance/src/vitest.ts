import { afterAll, beforeAll, describe, it } from 'vitest';
import { selectClauses } from './clause-selection.js';
import type { RunConformanceOptions } from './runner.js';
import { type ConformanceSession, openConformanceSession } from './session.js';
import { type ConformanceTarget, resolveTiming } from './target.js';

/**
 * Which clauses {@link describeConformance} registers, and the clock they run on (see
 * `RunConformanceOptions.clock`: the target's connectors must share it). Vitest's own per-test time limit stays
 * on real time, a net under the clauses' `timing.clauseTimeoutMs` on the clock.
 */
export type DescribeConformanceOptions = Pick<RunConformanceOptions, 'only' | 'skip' | 'clock'>;

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
      session = await openConformanceSession(target, { clock: options.clock });
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
