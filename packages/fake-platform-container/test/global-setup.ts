import type { TestProject } from 'vitest/node';
import { buildFakePlatformImage } from '../src/image.js';
import { detectContainerRuntime } from '../src/runtime.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The image tag to run, or `null` when no container engine is available. */
    fakePlatformImage: string | null;
    /** Why the container tests are skipped (empty when they run). */
    containerSkipReason: string;
  }
}

/**
 * Builds the fake platform image once per test run, when a container engine answers. Where none does the
 * container tests are skipped with the reason; a build that fails where an engine answers fails the run.
 */
export default async function setup(project: TestProject): Promise<void> {
  const runtime = await detectContainerRuntime();
  if (!runtime.available && process.env.NEURAL_INFRA_REQUIRED === '1') {
    // scripts/test-infra.sh started podman for this run: its absence is a failure, not a reason to skip.
    throw new Error(`the container engine started for this run does not answer: ${runtime.reason}`);
  }
  if (!runtime.available) {
    // The skipped suites carry the reason in their names too; this line makes it visible in any reporter.
    process.stderr.write(`[fake-platform-container] container tests SKIPPED: ${runtime.reason}\n`);
    project.provide('fakePlatformImage', null);
    project.provide('containerSkipReason', runtime.reason);
    return;
  }
  const image = await buildFakePlatformImage({ tag: 'localhost/neural-fake-platform:test' });
  project.provide('fakePlatformImage', image.tag);
  project.provide('containerSkipReason', '');
}
