import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from './clock.js';
import { type Connector, parseSubmitJobRequest, type SubmitJobRequest } from './connector.js';
import { CloudException, InvalidParameterError, OperationAbortedError } from './errors.js';
import { supportsIdempotentSubmit } from './polling.js';
import { type RetryPolicy, withRetry } from './retry.js';
import { checkNumericOptions } from './validation.js';

/** How {@link batchSubmitJobs} runs. */
export interface BatchSubmitOptions {
  /** How many submits are in flight at once. Default 4. */
  concurrency?: number;
  /** Stops starting new submits; those in flight are aborted, and the batch returns what it has. */
  signal?: AbortSignal | undefined;
  /** Called after each job is submitted or has failed. */
  onProgress?: (progress: { done: number; total: number; succeeded: number; failed: number }) => void;
  /**
   * How a failed submit is retried. Only used when the connector claims the `idempotency` capability, with a
   * key generated per job when the request has none, so a retry never makes a second job.
   */
  retry?: Omit<RetryPolicy, 'signal' | 'clock'>;
  /** Where retry waits happen. Default {@link systemClock}. */
  clock?: Clock;
}

/** One job the batch could not submit. */
export interface BatchSubmitFailure {
  /** Its position in the input. */
  readonly index: number;
  /** Why it failed (a `CloudException`; other errors are wrapped). */
  readonly error: CloudException;
}

/** The outcome of {@link batchSubmitJobs}, lined up with the input. */
export interface BatchSubmitResult {
  /** One entry per input job: its id, or `null` when it was not submitted (as in the seed). */
  readonly jobIds: readonly (string | null)[];
  /** Every job that was not submitted, with its error. */
  readonly failures: readonly BatchSubmitFailure[];
  /** The idempotency key each job was submitted with, lined up with the input. */
  readonly idempotencyKeys: readonly string[];
  /** Whether the batch stopped early because its signal aborted. */
  readonly aborted: boolean;
}

function asCloudException(error: unknown): CloudException {
  return CloudException.isInstance(error)
    ? error
    : new CloudException(error instanceof Error ? error.message : String(error), { cause: error });
}

/**
 * Submits many jobs with bounded concurrency: the seed's batch pattern, concurrent, with every failure kept.
 * Each job gets an idempotency key (its own, or a generated one), and on connectors that honour keys, failed
 * submits are retried safely.
 *
 * @example
 * ```ts
 * const { jobIds, failures } = await batchSubmitJobs(connector, jobs, { concurrency: 8 });
 * for (const failure of failures) console.error(`job ${failure.index}: ${failure.error.message}`);
 * ```
 */
export async function batchSubmitJobs(
  connector: Connector,
  jobs: readonly SubmitJobRequest[],
  options: BatchSubmitOptions = {},
): Promise<BatchSubmitResult> {
  if (!Array.isArray(jobs)) {
    throw InvalidParameterError.fromIssues('batchSubmitJobs', [
      { field: 'jobs', rule: 'must be an array of submitJob requests' },
    ]);
  }
  // A NaN concurrency would start no worker at all and silently submit nothing.
  checkNumericOptions('batchSubmitJobs options', [
    { field: 'concurrency', value: options.concurrency, min: 1, integer: true },
  ]);
  const concurrency = options.concurrency ?? 4;
  const retrySafe = supportsIdempotentSubmit(connector);
  const jobIds: (string | null)[] = jobs.map(() => null);
  const keys = jobs.map(
    (job: SubmitJobRequest | null | undefined) =>
      (typeof job?.idempotencyKey === 'string' && job.idempotencyKey) || randomUUID(),
  );
  const errors = new Map<number, CloudException>();
  let next = 0;
  let succeeded = 0;

  const submitOne = async (index: number) => {
    const job = jobs[index]!;
    const request: SubmitJobRequest = {
      ...job,
      idempotencyKey: keys[index],
      signal: options.signal ?? job?.signal,
    };
    try {
      // A malformed job fails here, on its own, without a call to the platform.
      parseSubmitJobRequest(request);
      jobIds[index] = retrySafe
        ? await withRetry(() => connector.submitJob(request), {
            ...options.retry,
            signal: options.signal,
            clock: options.clock ?? systemClock,
          })
        : await connector.submitJob(request);
      succeeded++;
    } catch (error) {
      errors.set(index, asCloudException(error));
    }
    options.onProgress?.({
      done: succeeded + errors.size,
      total: jobs.length,
      succeeded,
      failed: errors.size,
    });
  };

  const worker = async () => {
    while (next < jobs.length && !options.signal?.aborted) await submitOne(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));

  const aborted = options.signal?.aborted ?? false;
  if (aborted) {
    for (let index = 0; index < jobs.length; index++) {
      if (jobIds[index] === null && !errors.has(index)) {
        errors.set(index, new OperationAbortedError('The batch was aborted before this job was submitted'));
      }
    }
  }
  const failures = [...errors.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, error]) => ({ index, error }));
  return Object.freeze({ jobIds, failures, idempotencyKeys: keys, aborted });
}
