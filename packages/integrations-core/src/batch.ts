import { z } from 'zod';
import { type Clock, systemClock } from './clock.js';
import { type Connector, supportsIdempotentSubmit } from './connector/contract.js';
import {
  type ParsedSubmitJobRequest,
  parseSubmitJobRequest,
  type SubmitJobRequest,
  withCallIdentity,
} from './connector/requests.js';
import {
  CloudException,
  CloudExecutionError,
  InvalidParameterError,
  OperationAbortedError,
} from './errors.js';
import {
  fingerprintRequest,
  foldJournal,
  type JobJournal,
  type JournalRecord,
  journalRequest,
  journalValue,
} from './journal.js';
import { boundedNumber, clockValue, functionValue, signalValue } from './option-value-schemas.js';
import { RetryOptionSchema, type RetryPolicy, retryWithCheckedPolicy } from './retry.js';
import { sha256Hex } from './sha256.js';
import { type OptionFields, strictOptions } from './strict-options.js';
import { parseOptionsOrThrow } from './validation.js';

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
  /**
   * Records every submit before it is sent and every id that comes back, so the same batch run again with the
   * same journal (after a crash, a kill, an abort) submits only the jobs not yet submitted. A job whose submit
   * was sent but whose id never came back is resubmitted with the same key when the connector claims
   * `idempotency`, and otherwise reported as a `SUBMIT_AMBIGUOUS` failure, never sent a second time.
   */
  journal?: JobJournal | undefined;
  /**
   * Names the batch: a job without its own `idempotencyKey` gets `<batchId>:<index>`. Default with a journal:
   * the id the journal already holds for the same list of jobs, or a new random one recorded in it.
   */
  batchId?: string | undefined;
}

const BatchSubmitOptionsSchema = strictOptions({
  // A NaN concurrency would start no worker at all and silently submit nothing.
  concurrency: boundedNumber({ min: 1, integer: true }).optional(),
  signal: signalValue.optional(),
  onProgress: functionValue<NonNullable<BatchSubmitOptions['onProgress']>>().optional(),
  retry: RetryOptionSchema.optional(),
  clock: clockValue.optional(),
  journal: journalValue.optional(),
  batchId: z.string({ error: 'must be a non-empty string' }).min(1, 'must be a non-empty string').optional(),
} satisfies OptionFields<BatchSubmitOptions>);

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
  /** The batch's id (see {@link BatchSubmitOptions.batchId}); `undefined` without a journal or a given id. */
  readonly batchId: string | undefined;
  /** How many jobs the journal showed as submitted by an earlier run, and were not sent again. */
  readonly alreadySubmitted: number;
}

function asCloudException(error: unknown): CloudException {
  return CloudException.isInstance(error)
    ? error
    : new CloudException(error instanceof Error ? error.message : String(error), { cause: error });
}

/**
 * Submits many jobs with bounded concurrency: the seed's batch pattern, concurrent, with every failure kept.
 * Each job gets an idempotency key (its own, or a generated one), and on connectors that honour keys, failed
 * submits are retried safely. With a `journal`, the batch can be killed at any moment and run again.
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
  parseOptionsOrThrow(BatchSubmitOptionsSchema, options, 'batchSubmitJobs options');
  const concurrency = options.concurrency ?? 4;
  const retrySafe = supportsIdempotentSubmit(connector);
  const clock = options.clock ?? systemClock;
  const { journal } = options;
  const jobIds: (string | null)[] = jobs.map(() => null);
  // Validated once, up front: a malformed job fails on its own, without a call to the platform or the journal.
  const parsed = jobs.map((job) => {
    try {
      return parseSubmitJobRequest(job);
    } catch (error) {
      return asCloudException(error);
    }
  });
  const recorded = parsed.map((job) => (CloudException.isInstance(job) ? undefined : journalRequest(job)));
  const fingerprints = recorded.map((request) => (request ? fingerprintRequest(request) : 'invalid'));
  const records = journal ? await journal.read() : [];
  const entries = foldJournal(records);
  const batchId = journal
    ? await resolveBatchId(journal, records, fingerprints, options.batchId, clock)
    : options.batchId;
  const keys = jobs.map(
    (job: SubmitJobRequest | null | undefined, index) =>
      (typeof job?.idempotencyKey === 'string' && job.idempotencyKey) ||
      (batchId === undefined ? globalThis.crypto.randomUUID() : `${batchId}:${index}`),
  );
  const errors = new Map<number, CloudException>();
  let next = 0;
  let succeeded = 0;
  let alreadySubmitted = 0;
  const record = (entry: JournalRecord) => journal?.write(entry);

  const submit = async (index: number, request: ParsedSubmitJobRequest) => {
    const key = keys[index]!;
    const entry = entries.get(key);
    if (entry && entry.fingerprint !== fingerprints[index]) {
      throw InvalidParameterError.fromIssues('batchSubmitJobs', [
        {
          field: `jobs[${index}]`,
          rule: `must be the job the journal recorded under idempotency key ${key} (it changed since the last run)`,
        },
      ]);
    }
    if (entry?.jobId !== undefined) {
      alreadySubmitted++;
      return entry.jobId;
    }
    if (entry && !retrySafe) {
      throw new CloudExecutionError(
        `Job ${index} (idempotency key ${key}) was sent by an earlier run whose answer never came back, and this ` +
          'connector does not honour idempotency keys: it may exist already, so it was not sent again',
        { code: 'SUBMIT_AMBIGUOUS' },
      );
    }
    if (!entry) {
      await record({
        type: 'intent',
        key,
        fingerprint: fingerprints[index]!,
        request: recorded[index]!,
        at: clock.now(),
      });
    }
    let jobId: string;
    try {
      jobId = retrySafe
        ? await retryWithCheckedPolicy(() => connector.submitJob(request), {
            ...options.retry,
            signal: options.signal,
            clock,
          })
        : await connector.submitJob(request);
    } catch (error) {
      const failure = asCloudException(error);
      // Best effort: the intent alone already says "unsettled"; this only adds why.
      await record({
        type: 'failed',
        key,
        code: failure.code,
        message: failure.message,
        at: clock.now(),
      })?.catch(() => {});
      throw failure;
    }
    await record({ type: 'submitted', key, jobId, at: clock.now() });
    return jobId;
  };

  const submitOne = async (index: number) => {
    const job = parsed[index]!;
    try {
      if (CloudException.isInstance(job)) throw job;
      // Validated once, above: the connector's own parseSubmitJobRequest returns this request as it is.
      jobIds[index] = await submit(index, withCallIdentity(job, keys[index]!, options.signal ?? job.signal));
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
  return Object.freeze({ jobIds, failures, idempotencyKeys: keys, aborted, batchId, alreadySubmitted });
}

/**
 * The batch's id: the caller's, or the one the journal holds for this exact list of jobs, or a new one. It is
 * recorded before any submit, so a rerun of the same list finds it and derives the same keys.
 */
async function resolveBatchId(
  journal: JobJournal,
  records: readonly JournalRecord[],
  fingerprints: readonly string[],
  given: string | undefined,
  clock: Clock,
): Promise<string> {
  const jobsHash = sha256Hex(fingerprints.join('\n'));
  const known = records.find(
    (record): record is Extract<JournalRecord, { type: 'batch' }> =>
      record.type === 'batch' &&
      (given === undefined ? record.jobsHash === jobsHash : record.batchId === given),
  );
  if (known) return known.batchId;
  const batchId = given ?? globalThis.crypto.randomUUID();
  await journal.write({ type: 'batch', batchId, jobsHash, size: fingerprints.length, at: clock.now() });
  return batchId;
}
