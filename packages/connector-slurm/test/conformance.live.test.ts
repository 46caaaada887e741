import { describe, it } from 'vitest';
import { liveCluster, liveSuiteName } from './support/live-env.js';

/*
 * The whole conformance suite against the live cluster. Skipped only where no cluster runs (with the reason in
 * the title); where one does, a conformance package that does not load fails this file, never skips it.
 */
if (!liveCluster) {
  describe.skip(liveSuiteName('conformance: slurm'), () => {
    it('runs the conformance suite', () => undefined);
  });
} else {
  const { describeConformance } = await import('@neural/connector-conformance/vitest');
  const { default: target } = await import('./conformance.target.js');
  describeConformance(target);
}
