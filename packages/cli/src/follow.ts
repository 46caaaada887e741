import {
  type Connector,
  isTerminalStatus,
  type JobJournal,
  type JobResult,
  type JobStatus,
  JobStatus as Status,
  systemClock,
  waitForCompletion,
} from '@neural/integrations-core';
import type { CommandContext } from './context.js';
import { formatElapsed, LiveRegion } from './live.js';
import type { Output } from './output.js';

/** How long to wait, and how often to look. */
export interface FollowFlags {
  pollInterval?: number;
  timeout?: number;
}

/** The `watchJob` options of `--poll-interval` and `--timeout`. */
export function watchOptions(context: CommandContext, flags: FollowFlags) {
  const pollIntervalMs = flags.pollInterval ?? 1_000;
  return {
    pollIntervalMs,
    // Polls slow down while nothing changes, but never so much that the display lags by more than 5 s.
    maxPollIntervalMs: Math.max(pollIntervalMs, 5_000),
    timeoutMs: flags.timeout === undefined ? Number.POSITIVE_INFINITY : flags.timeout * 1_000,
    clock: context.io.clock ?? systemClock,
    signal: context.io.signal,
  };
}

/** A status in its colour. */
export function styledStatus(out: Output, status: JobStatus): string {
  const text = status.toUpperCase();
  if (status === Status.SUCCEEDED) return out.style('green', text);
  if (status === Status.FAILED) return out.style('red', text);
  if (status === Status.CANCELLED) return out.style('yellow', text);
  return out.style('cyan', text);
}

/**
 * Follows a job to its end with a live status line (a spinner, the status, the time since it was followed),
 * or one line per change on stderr without a TTY, and returns its result.
 */
export async function followJob(
  context: CommandContext,
  connector: Connector,
  jobId: string,
  options: FollowFlags & { name?: string | undefined; journal?: JobJournal | undefined },
): Promise<JobResult> {
  const { out } = context;
  const watch = watchOptions(context, options);
  const started = watch.clock.now();
  let status: JobStatus | undefined;
  const label = options.name ? `${jobId} (${options.name})` : jobId;
  const region = out.live
    ? new LiveRegion(out, (frame) => {
        const icon = status !== undefined && isTerminalStatus(status) ? ' ' : out.style('cyan', frame);
        const shown = status === undefined ? 'submitted' : styledStatus(out, status);
        return `${icon} ${label}  ${shown}  ${formatElapsed(watch.clock.now() - started)}`;
      }).start()
    : undefined;
  try {
    return await waitForCompletion(connector, jobId, {
      ...watch,
      journal: options.journal,
      onStatus: (change) => {
        status = change.status;
        if (region) region.refresh();
        else if (!out.json) out.note(`${label}: ${change.status.toUpperCase()}`);
      },
    });
  } finally {
    region?.stop();
  }
}
