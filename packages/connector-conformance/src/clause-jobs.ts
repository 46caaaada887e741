import {
  type Clock,
  type Connector,
  isTerminalStatus,
  type JobStatus,
  timeoutSignal,
} from '@neural/integrations-core';
import type { JobObservation } from './job-events.js';
import type { ResolvedTiming } from './target.js';

/** One status a clause saw, and the call that reported it. */
export interface StatusObservation {
  /** What the connector answered (not necessarily a `JobStatus`: judging that is a clause's business). */
  readonly status: unknown;
  /** The call, written out. */
  readonly call: string;
}

/** `connector` with every `getJobStatus` answer pushed to `observations`, written as `call`. */
export function recordingStatuses(
  connector: Connector,
  observations: StatusObservation[],
  call: string,
): Connector {
  return new Proxy(connector, {
    get(target, property) {
      if (property !== 'getJobStatus') return Reflect.get(target, property, target);
      return async (id: string, options?: { signal?: AbortSignal }) => {
        const status = await target.getJobStatus(id, options);
        observations.push({ status, call });
        return status;
      };
    },
  });
}

/** Cancels the `submitted` jobs that may still run; errors are ignored, the clause is over. */
export async function cancelUnfinished(
  submitted: ReadonlyArray<{ connector: Connector; jobId: string }>,
  timing: ResolvedTiming,
  clock: Clock,
): Promise<void> {
  const cleanUps = Promise.all(
    submitted.map(async ({ connector, jobId }) => {
      const timeout = timeoutSignal(clock, timing.jobTimeoutMs);
      const { signal } = timeout;
      try {
        const status = await connector.getJobStatus(jobId, { signal });
        if (!isTerminalStatus(status)) await connector.cancelJob(jobId, { signal });
      } catch {
        // Best effort: a broken connector must not turn a verdict into a crash.
      } finally {
        timeout.clear();
      }
    }),
  );
  // A connector that ignores its signal must not hang the run after its clause has been judged; on the system
  // clock this bound, like the signals', never keeps the process alive by itself.
  const giveUp = timeoutSignal(clock, timing.jobTimeoutMs + timing.abortGraceMs);
  const gaveUp = new Promise<void>((resolve) => giveUp.signal.addEventListener('abort', () => resolve()));
  await Promise.race([cleanUps, gaveUp]);
  giveUp.clear();
}

/** What a resolved job call (`method` with `args`, resolving `resolved`) showed, if it was a job call. */
export function jobObservation(
  clauseId: string,
  method: string,
  args: readonly unknown[],
  resolved: unknown,
): JobObservation | undefined {
  const jobId = method === 'submitJob' ? resolved : args[0];
  if (typeof jobId !== 'string') return undefined;
  let event: JobObservation | undefined;
  if (method === 'submitJob') event = { type: 'job-submitted', clauseId, jobId };
  else if (method === 'getJobStatus' && typeof resolved === 'string')
    event = { type: 'job-status', clauseId, jobId, status: resolved as JobStatus };
  else if (method === 'cancelJob' && typeof resolved === 'boolean')
    event = { type: 'job-cancelled', clauseId, jobId, cancelled: resolved };
  return event;
}
