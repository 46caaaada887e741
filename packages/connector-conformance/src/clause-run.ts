import { type Clock, type ConnectorCapabilities, OperationAbortedError } from '@neural/integrations-core';
import type { ConformanceClause } from './clause.js';
import { ClauseFailure, type ClauseFailureDetails, ClauseSkipped } from './clause-failure.js';
import type { ClauseReport } from './clause-report.js';
import { ClauseContext } from './context.js';
import type { JobObservation } from './job-events.js';
import type { ConformanceTarget, ResolvedTiming } from './target.js';

/** Runs one clause against a fresh context and reports how it came out; never throws for a broken connector. */
export async function runOneClause(
  clause: ConformanceClause,
  session: {
    target: ConformanceTarget;
    timing: ResolvedTiming;
    capabilities: ConnectorCapabilities;
    runId: string;
    signal: AbortSignal | undefined;
    onObservation: ((event: JobObservation) => void) | undefined;
    clock: Clock;
  },
): Promise<ClauseReport> {
  const { clock } = session;
  const started = clock.now();
  const base = { id: clause.id, title: clause.title };
  const elapsed = () => Math.round(clock.now() - started);
  if (session.signal?.aborted)
    return { ...base, outcome: 'skipped', reason: 'the run was aborted', durationMs: 0 };
  const missing = (clause.requires ?? []).filter((capability) => !session.capabilities[capability]);
  if (missing.length > 0) {
    return {
      ...base,
      outcome: 'skipped',
      reason: `the connector does not claim ${missing.map((name) => `capabilities.${name}`).join(' and ')}`,
      durationMs: elapsed(),
    };
  }
  const controller = new AbortController();
  const onAbort = () => controller.abort(session.signal?.reason);
  session.signal?.addEventListener('abort', onAbort, { once: true });
  const context = new ClauseContext({
    clauseId: clause.id,
    target: session.target,
    timing: session.timing,
    capabilities: session.capabilities,
    signal: controller.signal,
    runId: session.runId,
    onObservation: session.onObservation,
    clock,
  });
  const finished = new AbortController();
  const timedOut = clock.sleep(session.timing.clauseTimeoutMs, finished.signal).then(
    () => {
      const error = new ClauseFailure(clause.id, {
        expected: `the clause to finish within ${session.timing.clauseTimeoutMs} ms (timing.clauseTimeoutMs)`,
        actual: 'it was still waiting',
        call: context.lastCall(),
      });
      controller.abort(error);
      throw error;
    },
    // The clause ended first and disarmed the time limit.
    () => new Promise<never>(() => undefined),
  );
  try {
    await Promise.race([clause.run(context), timedOut]);
    return { ...base, outcome: 'passed', durationMs: elapsed() };
  } catch (error) {
    if (error instanceof ClauseSkipped)
      return { ...base, outcome: 'skipped', reason: error.reason, durationMs: elapsed() };
    return {
      ...base,
      outcome: 'failed',
      failure: describeFailure(clause, context, error),
      durationMs: elapsed(),
    };
  } finally {
    finished.abort();
    session.signal?.removeEventListener('abort', onAbort);
    await context.cleanUp();
  }
}

function describeFailure(
  clause: ConformanceClause,
  context: ClauseContext,
  error: unknown,
): ClauseFailureDetails & { message: string } {
  if (error instanceof ClauseFailure) return { ...error.details, message: context.redact(error.message) };
  const call = context.calls.findLast((entry) => entry.error === error)?.call ?? context.lastCall();
  const aborted = OperationAbortedError.isInstance(error) && context.signal.aborted;
  const details: ClauseFailureDetails = {
    expected: aborted ? 'the clause to complete' : 'the call to succeed',
    actual: aborted ? 'the run was aborted' : `it threw ${context.describe(error)}`,
    call,
  };
  return {
    ...details,
    message: `[${clause.id}] expected ${details.expected}, but ${details.actual} (shown by ${details.call})`,
  };
}
