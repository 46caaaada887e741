import type { ConnectorCapabilities } from '@neural/integrations-core';
import type { ConformanceClause } from './clause.js';
import type { ClauseReport } from './clause-report.js';
import { runOneClause } from './clause-run.js';
import { ClauseContext, newRunId } from './context.js';
import type { JobObservation } from './events.js';
import {
  assertConformanceTarget,
  type ConformanceTarget,
  type ResolvedTiming,
  resolveTiming,
} from './target.js';
import { callTarget } from './target-failure.js';

/**
 * A prepared run: the target validated, `setup` done, the capabilities known. Runs one clause at a time, so
 * that a test runner can give each its own test. {@link runConformance} is built on it.
 */
export interface ConformanceSession {
  /** The validated target. */
  readonly target: ConformanceTarget;
  /** The timing, defaults filled. */
  readonly timing: ResolvedTiming;
  /** What the connector claims. */
  readonly capabilities: ConnectorCapabilities;
  /** Runs one clause against a fresh connector and reports how it came out; never throws for a broken connector. */
  runClause(clause: ConformanceClause, signal?: AbortSignal): Promise<ClauseReport>;
  /** Runs the target's `teardown`. */
  close(): Promise<void>;
}

/**
 * Validates the target, runs its `setup`, and reads the capabilities from one connector made with the valid
 * credentials.
 *
 * @throws InvalidParameterError for a bad target; ConformanceTargetError, redacted of the target's
 * credentials, when its `setup()` or `create()` throws (and from `close()` when its `teardown()` does).
 */
export async function openConformanceSession(
  targetInput: ConformanceTarget,
  options: {
    /** Told what each clause's job calls showed (used by `runConformance` for progress and stopping). */
    onObservation?: ((event: JobObservation) => void) | undefined;
  } = {},
): Promise<ConformanceSession> {
  const target = assertConformanceTarget(targetInput);
  const timing = resolveTiming(target.timing);
  const runId = newRunId();
  const teardown = () => callTarget(target, 'teardown', 'target.teardown()', () => target.teardown?.());
  await callTarget(target, 'setup', 'target.setup()', () => target.setup?.());
  let capabilities: ConnectorCapabilities;
  try {
    capabilities = await callTarget(target, 'create', 'target.create(credentials.valid)', async () =>
      ClauseContext.claimedCapabilities(await target.create(target.credentials.valid), target),
    );
  } catch (error) {
    await teardown().catch(() => undefined);
    throw error;
  }
  const { onObservation } = options;
  return {
    target,
    timing,
    capabilities,
    runClause: (clause, signal) =>
      runOneClause(clause, { target, timing, capabilities, runId, signal, onObservation }),
    close: async () => {
      await teardown();
    },
  };
}
