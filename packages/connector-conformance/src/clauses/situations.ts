import { type Connector, type JobResult, JobStatus } from '@neural/integrations-core';
import type { ClauseContext, StatusObservation } from '../context.js';

/** A way a job can end that a real platform produces, and the status it must end in. */
export type Outcome = 'succeeded' | 'failed' | 'cancelled while pending' | 'cancelled while running';

/** Every outcome the suite drives a job to, in the order reports list them. */
export const OUTCOMES: readonly Outcome[] = Object.freeze([
  'succeeded',
  'failed',
  'cancelled while pending',
  'cancelled while running',
]);

/** The status each outcome must end in. */
export const OUTCOME_STATUS: Readonly<Record<Outcome, JobStatus>> = Object.freeze({
  succeeded: JobStatus.SUCCEEDED,
  failed: JobStatus.FAILED,
  'cancelled while pending': JobStatus.CANCELLED,
  'cancelled while running': JobStatus.CANCELLED,
});

/** The words a clause's rule uses for the outcomes it drives jobs to. */
export const OUTCOMES_IN_WORDS =
  'a job that succeeds, one that fails, one cancelled right after submit (while pending, on a platform that queues) and one cancelled while running, all at once';

/** One job driven to one outcome: every status seen on the way, and its result once terminal. */
export interface DrivenJob {
  readonly outcome: Outcome;
  readonly jobId: string;
  readonly observations: StatusObservation[];
  readonly result: JobResult;
  /** What `cancelJob()` resolved, for the cancelled outcomes. */
  readonly cancelled?: unknown;
}

/** Submits a job and drives it to `outcome`, watching every status on the way. */
export async function drive(ctx: ClauseContext, connector: Connector, outcome: Outcome): Promise<DrivenJob> {
  const observations: StatusObservation[] = [];
  const kind = outcome === 'succeeded' ? 'succeeds' : outcome === 'failed' ? 'fails' : 'runsLong';
  const jobId = await ctx.submit(connector, kind);
  let cancelled: unknown;
  if (outcome === 'cancelled while running') await ctx.waitForRunning(connector, jobId, observations);
  if (outcome.startsWith('cancelled')) cancelled = await connector.cancelJob(jobId, { signal: ctx.signal });
  const { result } = await ctx.watchToEnd(connector, jobId, observations);
  return { outcome, jobId, observations, result, cancelled };
}

/** Drives one job to each of `outcomes` at once, on one connector. */
export function driveAll(
  ctx: ClauseContext,
  connector: Connector,
  outcomes: readonly Outcome[] = OUTCOMES,
): Promise<DrivenJob[]> {
  return Promise.all(outcomes.map((outcome) => drive(ctx, connector, outcome)));
}
