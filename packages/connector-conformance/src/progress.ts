import type { ConformanceEvent } from './events.js';
import { formatClauseLine } from './reporters.js';

function seconds(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/**
 * The line live progress prints for an event, or `undefined` for events that are not worth a line (every
 * status read, for instance): each clause as it finishes, a job stuck in one status, the stop and its cancels.
 */
export function formatProgressEvent(event: ConformanceEvent): string | undefined {
  switch (event.type) {
    case 'clause-finished':
      return formatClauseLine(event.clause);
    case 'job-stalled':
      return `  ! job ${event.jobId} (${event.clauseId}) has been "${event.status}" for ${seconds(event.forMs)} (notice after ${seconds(event.thresholdMs)})`;
    case 'run-interrupted':
      return `Stopping (${event.reason}): cancelling every job the suite started…`;
    case 'jobs-cancelled':
      return [
        `Cancelled or ended: ${event.cancelled.length === 0 ? 'no job was left running' : event.cancelled.join(', ')}`,
        ...(event.unconfirmed.length > 0
          ? [`Not confirmed cancelled, may still run: ${event.unconfirmed.join(', ')}`]
          : []),
      ].join('\n');
    case 'teardown-timed-out':
      return [
        `The target's teardown() did not finish within ${seconds(event.afterMs)}: not waiting for it.`,
        ...(event.unconfirmed.length > 0
          ? [`Not confirmed cancelled, may still run: ${event.unconfirmed.join(', ')}`]
          : []),
      ].join('\n');
    default:
      return undefined;
  }
}
