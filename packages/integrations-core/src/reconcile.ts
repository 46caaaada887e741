import { z } from 'zod';
import { type Clock, systemClock } from './clock.js';
import type { CallOptions } from './connector/call-options.js';
import type { Connector } from './connector/contract.js';
import { throwIfAborted } from './errors.js';
import { foldJournal, type JobJournal } from './journal.js';
import { clockValue, signalValue } from './option-value-schemas.js';
import { type OptionFields, strictOptions } from './strict-options.js';
import { parseOptionsOrThrow } from './validation.js';

/*
 * How the tag is read: a connector that tags each job with its submit's idempotency key (a platform field, a
 * job record) reports it back as `JobSummary.idempotencyKey` in `listJobs()`. No extra contract method is
 * needed, so a connector that cannot read a tag back simply leaves the field out, and reconcile finds nothing
 * to adopt there rather than failing.
 */

/** How {@link reconcile} looks. */
export interface ReconcileOptions extends CallOptions {
  /**
   * How many of the connector's newest jobs are looked through (`listJobs`' `limit`). Default 1000, its
   * maximum: the orphans of a crash are among the newest jobs when reconcile runs at restart.
   */
  listLimit?: number | undefined;
  /** Where the adoption records' time is read. Default {@link systemClock}. */
  clock?: Clock | undefined;
}

/** A job and the idempotency key it carries. */
export interface TaggedJob {
  /** The submit's idempotency key, read from the job's tag. */
  readonly key: string;
  /** The job's id. */
  readonly jobId: string;
}

/** What {@link reconcile} found, and what it wrote. */
export interface ReconcileResult {
  /**
   * Jobs whose submit the journal held as intended but never as submitted (a crash between the platform
   * creating the job and the journal recording its id), found by their tag: each is now recorded as submitted.
   */
  readonly adopted: readonly TaggedJob[];
  /** Keys the journal holds as intended with no job id, that no listed job carries: never created, or older. */
  readonly unsettled: readonly string[];
  /** Listed jobs whose key this journal has never seen (another program's or another journal's): left alone. */
  readonly untracked: readonly TaggedJob[];
  /**
   * Keys carried by more than one listed job, or by a job other than the one the journal holds: duplicates
   * made by something that did not look before resubmitting. Never adopted; for a person to decide.
   */
  readonly conflicts: readonly ReconcileConflict[];
}

/** One idempotency key found on more than one job (see {@link ReconcileResult.conflicts}). */
export interface ReconcileConflict {
  /** The key. */
  readonly key: string;
  /** Every listed job carrying it. */
  readonly jobIds: readonly string[];
  /** The job the journal holds for the key, when it holds one. */
  readonly journalJobId: string | undefined;
}

const ReconcileOptionsSchema = strictOptions({
  listLimit: z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000 (the most listJobs returns)')
    .optional(),
  clock: clockValue.optional(),
  signal: signalValue.optional(),
} satisfies OptionFields<ReconcileOptions>);

/**
 * Adopts the orphans of a crash into a journal: jobs the platform created, carrying the library's tag (the
 * idempotency key the connector stored with them, read back through `listJobs()`' `idempotencyKey`), whose
 * submit the journal recorded as intended but whose id it never recorded. Each is written to the journal as
 * submitted (with its listed status), so `resumeJournal` watches it and a rerun of the batch does not send it
 * again. Jobs the journal does not know, and keys carried by two jobs, are reported and left alone.
 *
 * Safe to run at every start: it only adds records for keys the journal holds without an id.
 *
 * @example
 * ```ts
 * const journal = new FileJobJournal('./sweep.jsonl');
 * const { adopted } = await reconcile(connector, journal); // after a crash, before anything else
 * const { results } = await resumeJournal(connector, journal);
 * ```
 *
 * @throws InvalidParameterError for bad options, before anything is read.
 */
export async function reconcile(
  connector: Connector,
  journal: JobJournal,
  options: ReconcileOptions = {},
): Promise<ReconcileResult> {
  const {
    listLimit = 1000,
    clock = systemClock,
    signal,
  } = parseOptionsOrThrow(ReconcileOptionsSchema, options, 'reconcile options');
  throwIfAborted(signal);
  const entries = foldJournal(await journal.read());
  const listed = await connector.listJobs({ limit: listLimit, signal });
  const carriers = new Map<string, { jobId: string; status: (typeof listed)[number]['status'] }[]>();
  for (const job of listed) {
    if (job.idempotencyKey === undefined) continue;
    const jobs = carriers.get(job.idempotencyKey) ?? [];
    jobs.push({ jobId: job.id, status: job.status });
    carriers.set(job.idempotencyKey, jobs);
  }

  const adopted: TaggedJob[] = [];
  const untracked: TaggedJob[] = [];
  const conflicts: ReconcileConflict[] = [];
  for (const [key, jobs] of carriers) {
    const entry = entries.get(key);
    if (!entry) {
      for (const { jobId } of jobs) untracked.push({ key, jobId });
      continue;
    }
    const journalJobId = entry.jobId;
    const others = jobs.filter((job) => job.jobId !== journalJobId);
    if (journalJobId !== undefined) {
      if (others.length > 0) conflicts.push({ key, jobIds: jobs.map((job) => job.jobId), journalJobId });
      continue;
    }
    if (jobs.length > 1) {
      conflicts.push({ key, jobIds: jobs.map((job) => job.jobId), journalJobId });
      continue;
    }
    const [job] = jobs as [(typeof jobs)[number]];
    throwIfAborted(signal);
    await journal.write({ type: 'submitted', key, jobId: job.jobId, at: clock.now() });
    await journal.write({ type: 'status', jobId: job.jobId, status: job.status, at: clock.now() });
    adopted.push({ key, jobId: job.jobId });
  }
  const unsettled = [...entries.values()]
    .filter((entry) => entry.jobId === undefined && !carriers.has(entry.key))
    .map((entry) => entry.key);
  return Object.freeze({ adopted, unsettled, untracked, conflicts });
}
