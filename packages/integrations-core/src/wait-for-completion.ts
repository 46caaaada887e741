import { systemClock } from './clock.js';
import type { Connector } from './connector/contract.js';
import type { JobResult } from './job-result.js';
import { withRetry } from './retry.js';
import { rejectUnknownOptions } from './validation.js';
import { type JobStatusChange, WATCH_JOB_OPTION_KEYS, type WatchJobOptions, watchJob } from './watch-job.js';

/**
 * Waits for a job to reach a terminal status and returns its result: the seed's polling pattern, with
 * backoff, a timeout, abort, and no endless loop on UNKNOWN.
 *
 * @example
 * ```ts
 * const result = await waitForCompletion(connector, jobId, { timeoutMs: 60_000, onStatus: (c) => console.log(c.status) });
 * console.log(formatJobOutput(result));
 * ```
 */
export async function waitForCompletion(
  connector: Connector,
  jobId: string,
  options: WatchJobOptions & { onStatus?: (change: JobStatusChange) => void } = {},
): Promise<JobResult> {
  rejectUnknownOptions('waitForCompletion options', options, { ...WATCH_JOB_OPTION_KEYS, onStatus: true });
  const { onStatus, ...watchOptions } = options;
  for await (const change of watchJob(connector, jobId, watchOptions)) onStatus?.(change);
  const result = await withRetry(({ signal }) => connector.getJobResult(jobId, { signal }), {
    ...options.retry,
    signal: options.signal,
    clock: options.clock,
  });
  await options.journal?.write({
    type: 'result',
    jobId,
    result: result.toJSON(),
    at: (options.clock ?? systemClock).now(),
  });
  return result;
}
