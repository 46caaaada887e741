import { describe, it } from 'vitest';
import { containerSuiteTitle, fakePlatformImage, noContainerEngine } from './support.js';

// The HTTP connector's whole conformance suite, run against the fake platform in a container: every request
// crosses the container's network boundary through the port podman (or Docker) maps on this machine.
// The conformance and connector packages are built by their own workspace packages; when one cannot load,
// or no container engine runs here, the suite is reported as skipped with the reason, never as passed.
let reason: string | undefined = noContainerEngine ? 'no container engine' : undefined;
let run: (() => void) | undefined;
if (!noContainerEngine) {
  try {
    const { describeConformance } = await import('@neural/connector-conformance/vitest');
    const { containerConformanceTarget } = await import('./conformance.target.js');
    const target = await containerConformanceTarget(fakePlatformImage as string);
    run = () => describeConformance(target);
  } catch (error) {
    reason = `@neural/connector-conformance or @neural/connector-http could not be loaded (build them first): ${
      (error as Error).message
    }`;
  }
}

if (run) {
  run();
} else {
  describe.skip(
    containerSuiteTitle(
      `conformance: http connector against the fake platform container (skipped: ${reason})`,
    ),
    () => {
      it('runs the whole conformance suite against HttpConnector across the container boundary', () => {});
    },
  );
}
