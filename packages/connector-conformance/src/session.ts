import { type Clock, type ConnectorCapabilities, parseOrThrow, systemClock } from '@neural/integrations-core';
import { z } from 'zod';
import type { ConformanceClause } from './clause.js';
import type { ClauseReport } from './clause-report.js';
import { runOneClause } from './clause-run.js';
import { ClauseContext, newRunId } from './context.js';
import type { JobObservation } from './job-events.js';
import { ClockOptionSchema } from './run-options.js';
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

const SessionOptionsSchema = z.object({ clock: ClockOptionSchema });

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
    /**
     * Where the clauses read time and wait; default core's `systemClock`. The target's connectors must run on
     * the same clock (see `RunConformanceOptions.clock`).
     */
    clock?: Clock | undefined;
  } = {},
): Promise<ConformanceSession> {
  parseOrThrow(SessionOptionsSchema, options, 'conformance session options');
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
  const clock = options.clock ?? systemClock;
  return {
    target,
    timing,
    capabilities,
    runClause: (clause, signal) =>
      runOneClause(clause, { target, timing, capabilities, runId, signal, onObservation, clock }),
    close: async () => {
      await teardown();
    },
  };
}
