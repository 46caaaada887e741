import { describe, it } from 'vitest';
import { containerSuiteTitle, fakePlatformImage, noContainerEngine } from './support.js';

// The HTTP connector's whole conformance suite, run against the fake platform in a container: every request
// crosses the container's network boundary through the port podman (or Docker) maps on this machine.
// Skipped only where no container engine runs (with the reason in the title); a package that does not load or a
// target that cannot be built fails this file.
if (noContainerEngine) {
  describe.skip(
    containerSuiteTitle('conformance: http connector against the fake platform container'),
    () => {
      it('runs the whole conformance suite against HttpConnector across the container boundary', () => {});
    },
  );
} else {
  const { describeConformance } = await import('@neural/connector-conformance/vitest');
  const { containerConformanceTarget } = await import('./conformance.target.js');
  describeConformance(await containerConformanceTarget(fakePlatformImage as string));
}
