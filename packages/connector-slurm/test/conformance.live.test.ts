import { describe, it } from 'vitest';
import { liveCluster, liveSuiteName } from './support/live-env.js';

/*
 * The whole conformance suite against the live cluster. The conformance package is loaded lazily so this
 * file reports a clear skip (not an import error) where the cluster or the package is missing.
 */
const conformance = liveCluster
  ? await import('@neural/connector-conformance/vitest').then(
      (module) => ({ module, reason: '' }),
      (error: unknown) => ({
        module: undefined,
        reason: `@neural/connector-conformance is not available: ${error instanceof Error ? error.message : error}`,
      }),
    )
  : { module: undefined, reason: '' };

if (!liveCluster) {
  describe.skip(liveSuiteName('conformance: slurm'), () => {
    it('runs the conformance suite', () => undefined);
  });
} else if (!conformance.module) {
  describe.skip(`conformance: slurm — skipped (${conformance.reason})`, () => {
    it('runs the conformance suite', () => undefined);
  });
} else {
  const { default: target } = await import('./conformance.target.js');
  conformance.module.describeConformance(target);
}
