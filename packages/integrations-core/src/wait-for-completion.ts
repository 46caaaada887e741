import { systemClock } from './clock.js';
import type { Connector } from './connector/contract.js';
import { assertJobId } from './connector/job-id.js';
import type { JobResult } from './job-result.js';
import { functionValue } from './option-value-schemas.js';
import { retryWithCheckedPolicy } from './retry.js';
import { type OptionFields, strictOptions } from './strict-options.js';
import { parseOptionsOrThrow } from './validation.js';
import {
  type JobStatusChange,
  type WatchJobOptions,
  watchJobOptionFields,
  watchJobWithCheckedOptions,
} from './watch-job.js';

const WaitForCompletionOptionsSchema = strictOptions({
  ...watchJobOptionFields,
  onStatus: functionValue<(change: JobStatusChange) => void>().optional(),
} satisfies OptionFields<WatchJobOptions & { onStatus?: (change: JobStatusChange) => void }>);

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
  parseOptionsOrThrow(WaitForCompletionOptionsSchema, options, 'waitForCompletion options');
  assertJobId(jobId);
  const { onStatus, ...watchOptions } = options;
  for await (const change of watchJobWithCheckedOptions(connector, jobId, watchOptions)) onStatus?.(change);
  const result = await retryWithCheckedPolicy(({ signal }) => connector.getJobResult(jobId, { signal }), {
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
