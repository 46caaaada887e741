/**
 * One journaled batch, run the way an application would after a crash: every request submitted through
 * core's `batchSubmitJobs` with a journal, then every job the journal holds watched to its end with
 * `resumeJournal`. The run keeps everything needed to judge it afterwards (see `findBatchViolations`).
 */
import {
  type BatchSubmitResult,
  batchSubmitJobs,
  type Clock,
  type Connector,
  InvalidParameterError,
  type JobJournal,
  type JournalRecord,
  MemoryJobJournal,
  type ResumeJournalOptions,
  type ResumeJournalResult,
  type RetryPolicy,
  resumeJournal,
  type SubmitJobRequest,
} from '@neural/integrations-core';

/** How {@link runJournaledBatch} submits and watches. Every field is optional. */
export interface JournaledBatchOptions {
  /** Where submits and results are recorded. Default: a fresh `MemoryJobJournal`. */
  readonly journal?: JobJournal | undefined;
  /** How many submits are in flight at once. Default 8. */
  readonly concurrency?: number | undefined;
  /** How failed submits and watch calls are retried (used for both). Default: core's retry policy. */
  readonly retry?: Omit<RetryPolicy, 'signal' | 'clock'> | undefined;
  /** How the jobs are watched to their end: `concurrency`, `pollIntervalMs`, `timeoutMs`, … */
  readonly watch?:
    | Omit<ResumeJournalOptions, 'retry' | 'signal' | 'clock' | 'journal' | 'onResult'>
    | undefined;
  /** Stops the run: submits not yet sent are reported as aborted failures, watching stops. */
  readonly signal?: AbortSignal | undefined;
  /** Where retry and poll waits happen. Default: the system clock. */
  readonly clock?: Clock | undefined;
}

/** Everything a journaled batch did, to be judged by {@link findBatchViolations}. */
export interface JournaledBatchRun {
  /** The requests, in the order they were given. */
  readonly requests: readonly SubmitJobRequest[];
  /** What `batchSubmitJobs` returned: ids, idempotency keys and failures, lined up with `requests`. */
  readonly submitted: BatchSubmitResult;
  /** What `resumeJournal` returned: each submitted job's result, or why it could not be watched. */
  readonly watched: ResumeJournalResult;
  /** Every record the journal holds once the run is over. */
  readonly records: readonly JournalRecord[];
}

/**
 * Submits `requests` with `batchSubmitJobs` and a journal, then watches every journaled job to its end with
 * `resumeJournal`, and returns both outcomes with the journal's records. Nothing is judged here: hand the run
 * to {@link assertNoneLostNoneDuplicated} (or {@link findBatchViolations}) with what the platform holds.
 *
 * @example
 * ```ts
 * const run = await runJournaledBatch(connector, chaosJobRequests(100), {
 *   concurrency: 10,
 *   retry: { maxAttempts: 30, initialDelayMs: 2, maxDelayMs: 50 },
 *   watch: { pollIntervalMs: 20, timeoutMs: 60_000 },
 * });
 * ```
 */
export async function runJournaledBatch(
  connector: Connector,
  requests: readonly SubmitJobRequest[],
  options: JournaledBatchOptions = {},
): Promise<JournaledBatchRun> {
  if (!Array.isArray(requests) || requests.length === 0) {
    throw InvalidParameterError.fromIssues('runJournaledBatch', [
      { field: 'requests', rule: 'must be a non-empty array of submitJob requests' },
    ]);
  }
  const journal = options.journal ?? new MemoryJobJournal();
  const { retry, signal, clock } = options;
  const submitted = await batchSubmitJobs(connector, requests, {
    journal,
    concurrency: options.concurrency ?? 8,
    retry,
    signal,
    ...(clock ? { clock } : {}),
  });
  const watched = await resumeJournal(connector, journal, {
    ...options.watch,
    retry,
    signal,
    ...(clock ? { clock } : {}),
  });
  return { requests: [...requests], submitted, watched, records: await journal.read() };
}

/**
 * `count` requests whose jobs print `<prefix> <index>` and run 5 to 20 ms: a Python `print` that a real
 * platform runs, and a `# @fake duration=` directive that the fakes of this repository honour (a comment to
 * Python). Each has the job name `<prefix>-<index>`, so a job on the platform names its request.
 */
export function chaosJobRequests(count: number, prefix = 'chaos'): SubmitJobRequest[] {
  if (!Number.isInteger(count) || count < 1) {
    throw InvalidParameterError.fromIssues('chaosJobRequests', [
      { field: 'count', rule: 'must be a whole number, at least 1' },
    ]);
  }
  // Spliced into Python source and a job name: anything but these characters could break either.
  if (typeof prefix !== 'string' || !/^[a-z][a-z0-9-]{0,30}$/.test(prefix)) {
    throw InvalidParameterError.fromIssues('chaosJobRequests', [
      { field: 'prefix', rule: 'must be 1 to 31 lowercase letters, digits or "-", starting with a letter' },
    ]);
  }
  return Array.from({ length: count }, (_, index) => ({
    code: `print("${prefix} ${index}")\n# @fake duration=${5 + (index % 4) * 5}ms`,
    jobName: `${prefix}-${index}`,
  }));
}
