import type { Connector } from './connector/contract.js';
import { CloudException, throwIfAborted } from './errors.js';
import { JobResult } from './job-result.js';
import { foldJournal, type JobJournal } from './journal.js';
import { boundedNumber, functionValue } from './option-value-schemas.js';
import { type OptionFields, strictOptions } from './strict-options.js';
import { parseOptionsOrThrow } from './validation.js';
import { waitForCompletion } from './wait-for-completion.js';
import { type WatchJobOptions, watchJobOptionFields } from './watch-job.js';

/** How {@link resumeJournal} watches. */
export interface ResumeJournalOptions extends WatchJobOptions {
  /** How many jobs are watched at once. Default 16. */
  concurrency?: number;
  /** Called as each job's result is known (from the journal or freshly fetched). */
  onResult?: (outcome: JournalJobResult) => void;
}

const ResumeJournalOptionsSchema = strictOptions({
  ...watchJobOptionFields,
  concurrency: boundedNumber({ min: 1, integer: true }).optional(),
  onResult: functionValue<(outcome: JournalJobResult) => void>().optional(),
} satisfies OptionFields<ResumeJournalOptions>);

/** One job of a journal and its final result. */
export interface JournalJobResult {
  /** The submit's idempotency key. */
  readonly key: string;
  /** The job's id. */
  readonly jobId: string;
  /** Its result. */
  readonly result: JobResult;
  /** Whether the result was already in the journal (no call was made for it). */
  readonly fromJournal: boolean;
}

/** What {@link resumeJournal} found and did. */
export interface ResumeJournalResult {
  /** Every submitted job whose result is known, in journal order. */
  readonly results: readonly JournalJobResult[];
  /** Submitted jobs that could not be watched to the end (timeout, not found, abort), with the reason. */
  readonly failures: readonly {
    readonly key: string;
    readonly jobId: string;
    readonly error: CloudException;
  }[];
  /**
   * Keys recorded as intended but with no job id: run the same `batchSubmitJobs` again with the journal to
   * settle them (the journal does not keep environment values, so it cannot resubmit on its own).
   */
  readonly unsubmitted: readonly string[];
}

/**
 * Picks up where a crashed or stopped program left off: reads the journal, returns the results it already
 * holds without a call, and watches every other submitted job to its end (recording each status and result),
 * with bounded concurrency.
 *
 * @example
 * ```ts
 * const journal = new FileJobJournal('./sweep.jsonl');
 * await batchSubmitJobs(connector, jobs, { journal }); // submits only what the last run did not
 * const { results, failures } = await resumeJournal(connector, journal, { pollIntervalMs: 2_000 });
 * ```
 */
export async function resumeJournal(
  connector: Connector,
  journal: JobJournal,
  options: ResumeJournalOptions = {},
): Promise<ResumeJournalResult> {
  parseOptionsOrThrow(ResumeJournalOptionsSchema, options, 'resumeJournal options');
  const entries = [...foldJournal(await journal.read()).values()];
  const results: JournalJobResult[] = [];
  const failures: { key: string; jobId: string; error: CloudException }[] = [];
  const toWatch: { key: string; jobId: string }[] = [];
  const order = new Map<string, number>();
  entries.forEach((entry, index) => {
    order.set(entry.key, index);
    if (entry.jobId === undefined) return;
    if (entry.result !== undefined) {
      const outcome = {
        key: entry.key,
        jobId: entry.jobId,
        result: new JobResult(entry.result),
        fromJournal: true,
      };
      results.push(outcome);
      options.onResult?.(outcome);
    } else toWatch.push({ key: entry.key, jobId: entry.jobId });
  });
  const { concurrency = 16, onResult: _onResult, ...watchOptions } = options;
  let next = 0;
  const worker = async () => {
    while (next < toWatch.length) {
      const { key, jobId } = toWatch[next++]!;
      try {
        const result = await waitForCompletion(connector, jobId, { ...watchOptions, journal });
        const outcome = { key, jobId, result, fromJournal: false };
        results.push(outcome);
        options.onResult?.(outcome);
      } catch (error) {
        if (options.signal?.aborted) throwIfAborted(options.signal);
        failures.push({
          key,
          jobId,
          error: CloudException.isInstance(error)
            ? error
            : new CloudException(error instanceof Error ? error.message : String(error), { cause: error }),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, toWatch.length) }, worker));
  const byOrder = (a: { key: string }, b: { key: string }) => order.get(a.key)! - order.get(b.key)!;
  return Object.freeze({
    results: results.sort(byOrder),
    failures: failures.sort(byOrder),
    unsubmitted: entries.filter((entry) => entry.jobId === undefined).map((entry) => entry.key),
  });
}
