import { z } from 'zod';
import { type Clock, systemClock } from './clock.js';
import type { Connector } from './connector/contract.js';
import { assertJobId } from './connector/job-id.js';
import type { ListJobsOptions } from './connector/requests.js';
import { InvalidParameterError, throwIfAborted } from './errors.js';
import { JobStatusSchema } from './job-result.js';
import { isTerminalStatus, JobStatus } from './job-status.js';
import { foldJournal, type JobJournal, journalValue } from './journal.js';
import { type Logger, silentLogger } from './logger.js';
import { boundedNumber, clockValue, loggerValue, signalValue } from './option-value-schemas.js';
import { createRateLimiter, type RateLimiter, rateLimiterValue } from './rate-limiter.js';
import { isRetryableError, RetryOptionSchema, type RetryPolicy, retryWithCheckedPolicy } from './retry.js';
import { cappedPollDelay } from './status-change.js';
import { type OptionFields, strictOptions } from './strict-options.js';
import { parseOptionsOrThrow } from './validation.js';
import {
  type JobWatchEvent,
  toCloudException,
  unreachableError,
  unreachableMessage,
} from './watch-events.js';
import { DEFAULT_UNREACHABLE_BUDGET_MS } from './watch-job.js';

/** Which jobs {@link watchJobs} watches, and how. */
export interface WatchJobsOptions {
  /** These jobs, until each has ended (or could not be watched). */
  jobIds?: Iterable<string> | undefined;
  /**
   * Every job `listJobs(filter)` returns that has not ended yet, as it appears, until the signal aborts. Jobs
   * first seen already ended are history and are left out.
   */
  filter?: Pick<ListJobsOptions, 'statusFilter'> | undefined;
  /**
   * Resume from this journal: every submitted job it holds without a result is watched (with `jobIds`, if
   * given), and every status change is recorded in it before it is yielded.
   */
  journal?: JobJournal | undefined;
  /**
   * The budget: at most this many connector calls per second, all of this watcher's calls included. Default 2.
   * Ignored when `rateLimiter` is given.
   */
  requestsPerSecond?: number | undefined;
  /** A limiter to share the budget with other callers of the same connector (core `createRateLimiter`). */
  rateLimiter?: RateLimiter | undefined;
  /** How often statuses are read; the lateness always allowed. Default 1 000 ms. */
  pollIntervalMs?: number | undefined;
  /** The longest delay between two reads of a job that no listing covers. Default 30 000 ms. */
  maxPollIntervalMs?: number | undefined;
  /** How many jobs one `listJobs` call asks for (1 to 1 000). Default 1 000. */
  listLimit?: number | undefined;
  /**
   * How long a job may stay unreachable (its status unreadable after retries) before an `error` event with
   * `code: 'JOB_UNREACHABLE'` stops watching it. Default 15 minutes.
   */
  unreachableBudgetMs?: number | undefined;
  /** How each call is retried before it counts as failed. */
  retry?: Omit<RetryPolicy, 'signal' | 'clock'> | undefined;
  /** Stops watching: the iterator then throws `OperationAbortedError`. */
  signal?: AbortSignal | undefined;
  /** Where time is read and waited on. Default {@link systemClock}. */
  clock?: Clock | undefined;
  /** Where unreachable and reachable lines go. Default silent. */
  logger?: Logger | undefined;
}

const WatchJobsOptionsSchema = strictOptions({
  jobIds: z
    .custom<Iterable<string>>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as Partial<Iterable<string>>)[Symbol.iterator] === 'function',
      'must be an iterable of job ids (an array, a Set)',
    )
    .optional(),
  filter: strictOptions({ statusFilter: JobStatusSchema.optional() }).optional(),
  journal: journalValue.optional(),
  requestsPerSecond: boundedNumber({ min: 0, exclusive: true }).optional(),
  rateLimiter: rateLimiterValue.optional(),
  pollIntervalMs: boundedNumber({ min: 1 }).optional(),
  maxPollIntervalMs: boundedNumber({ min: 1 }).optional(),
  listLimit: boundedNumber({ min: 1, integer: true })
    .refine((limit) => limit <= 1000, 'must be at most 1000 (the most listJobs returns)')
    .optional(),
  unreachableBudgetMs: boundedNumber({ min: 0, allowInfinity: true }).optional(),
  retry: RetryOptionSchema.optional(),
  signal: signalValue.optional(),
  clock: clockValue.optional(),
  logger: loggerValue.optional(),
} satisfies OptionFields<WatchJobsOptions>);

interface WatchedJob {
  readonly id: string;
  status: JobStatus | undefined;
  /** Whether a status was read in this run (the first read is always reported, even if the journal had it). */
  observed: boolean;
  readonly watchedSince: number;
  lastReadAt: number;
  unreachableSince: number | undefined;
}

/**
 * Watches many jobs on one request budget: each round reads statuses in `listJobs` pages (one call covers up
 * to 1 000 jobs), reads one by one only the watched jobs no page covered (due by the same 5% rule as
 * `watchJob`), and yields what changed. A job is never reported FAILED or CANCELLED because the platform could
 * not be reached: that is an `unreachable` event, then `reachable` when reads work again, or an `error` once
 * past `unreachableBudgetMs`. The iterator ends when every job given by id has ended or errored.
 *
 * @throws InvalidParameterError for bad options; OperationAbortedError when the signal aborts; the error of a
 *   listing the platform refused outright (`AuthenticationError`).
 * @example
 * ```ts
 * for await (const event of watchJobs(connector, { jobIds, requestsPerSecond: 5 })) {
 *   if (event.type === 'ended') console.log(`${event.jobId} ${event.status}`);
 *   if (event.type === 'unreachable') console.warn(`${event.jobId} unreachable since ${new Date(event.since).toISOString()}`);
 * }
 * ```
 */
export async function* watchJobs(
  connector: Connector,
  options: WatchJobsOptions,
): AsyncGenerator<JobWatchEvent, void, undefined> {
  if (typeof options !== 'object' || options === null) {
    throw InvalidParameterError.fromIssues('watchJobs options', [
      { field: 'options', rule: 'must be an object such as { jobIds: [...] }' },
    ]);
  }
  parseOptionsOrThrow(WatchJobsOptionsSchema, options, 'watchJobs options');
  if (options.jobIds === undefined && options.filter === undefined && options.journal === undefined) {
    throw InvalidParameterError.fromIssues('watchJobs options', [
      { field: 'jobIds', rule: 'give jobIds, a filter or a journal: there is nothing to watch' },
    ]);
  }
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const { signal, journal } = options;
  const intervalMs = options.pollIntervalMs ?? 1_000;
  const delayPolicy = {
    minIntervalMs: intervalMs,
    maxIntervalMs: Math.max(intervalMs, options.maxPollIntervalMs ?? 30_000),
  };
  const listLimit = options.listLimit ?? 1000;
  const budgetMs = options.unreachableBudgetMs ?? DEFAULT_UNREACHABLE_BUDGET_MS;
  const requestsPerSecond = options.requestsPerSecond ?? 2;
  const limiter = options.rateLimiter ?? createRateLimiter({ requestsPerSecond, clock });
  // The individual reads one round may spend, so a round never outlasts its interval on the budget.
  const readsPerRound = Math.max(1, Math.floor((requestsPerSecond * intervalMs) / 1000));
  const watched = new Map<string, WatchedJob>();
  const started = clock.now();
  const add = (id: string, status?: JobStatus) => {
    if (!watched.has(id)) {
      watched.set(id, {
        id,
        status,
        observed: false,
        watchedSince: started,
        lastReadAt: Number.NEGATIVE_INFINITY,
        unreachableSince: undefined,
      });
    }
  };
  for (const id of options.jobIds ?? []) {
    assertJobId(id, 'jobIds[]');
    add(id);
  }
  if (journal) {
    for (const entry of foldJournal(await journal.read()).values()) {
      if (entry.jobId !== undefined && entry.result === undefined) add(entry.jobId, entry.status);
    }
  }
  const call = <T>(operation: (signal: AbortSignal | undefined) => Promise<T>) =>
    retryWithCheckedPolicy(
      async ({ signal: attemptSignal }) => {
        await limiter.acquire(attemptSignal);
        return operation(attemptSignal);
      },
      { ...options.retry, signal, clock },
    );

  const events: JobWatchEvent[] = [];
  const observe = async (job: WatchedJob, status: JobStatus) => {
    const now = clock.now();
    job.lastReadAt = now;
    if (job.unreachableSince !== undefined) {
      logger.info(`Job ${job.id} is reachable again`, { jobId: job.id, status });
      events.push(
        Object.freeze({
          type: 'reachable',
          jobId: job.id,
          since: job.unreachableSince,
          status,
          observedAt: now,
        }),
      );
      job.unreachableSince = undefined;
    }
    if (job.observed && status === job.status) return;
    const previous = job.status;
    job.observed = true;
    job.status = status;
    if (previous !== status) await journal?.write({ type: 'status', jobId: job.id, status, at: now });
    const type = isTerminalStatus(status) ? 'ended' : 'status';
    events.push(Object.freeze({ type, jobId: job.id, status, previous, observedAt: now }));
    if (type === 'ended') watched.delete(job.id);
  };
  const unreachable = (job: WatchedJob, since: number, error: unknown) => {
    const now = clock.now();
    if (job.unreachableSince === undefined) {
      job.unreachableSince = since;
      logger.warn(unreachableMessage(job.id, since), { jobId: job.id, lastStatus: job.status, error });
      events.push(
        Object.freeze({
          type: 'unreachable',
          jobId: job.id,
          since,
          lastStatus: job.status,
          error: toCloudException(error),
          observedAt: now,
        }),
      );
    } else if (now - job.unreachableSince >= budgetMs) {
      drop(job, unreachableError(job.id, job.unreachableSince, now, budgetMs, job.status, error));
    }
  };
  const drop = (job: WatchedJob, error: unknown) => {
    watched.delete(job.id);
    events.push(
      Object.freeze({
        type: 'error',
        jobId: job.id,
        error: toCloudException(error),
        lastStatus: job.status,
        observedAt: clock.now(),
      }),
    );
  };

  for (;;) {
    throwIfAborted(signal);
    if (options.filter === undefined && watched.size === 0) return;
    const roundStart = clock.now();
    const seen = new Set<string>();
    let listingError: unknown;
    const listingStart = clock.now();
    for (const window of windowsFor(options.filter, watched.size > listLimit)) {
      try {
        const page = await call((attemptSignal) =>
          connector.listJobs({ ...window, limit: listLimit, signal: attemptSignal }),
        );
        for (const summary of page) {
          let job = watched.get(summary.id);
          if (!job && options.filter !== undefined && !isTerminalStatus(summary.status)) {
            add(summary.id);
            job = watched.get(summary.id);
          }
          if (!job) continue;
          seen.add(job.id);
          await observe(job, summary.status);
        }
      } catch (error) {
        if (signal?.aborted) throwIfAborted(signal);
        if (!isRetryableError(error)) throw error;
        listingError = error;
        break;
      }
    }
    // A page describes the platform as it was while the request was served, and is seen a little later:
    // starting the next round that much earlier, with 5% to spare for the work between a page and its events,
    // keeps the time between an end and its event within one interval.
    const listingMs = Math.min(intervalMs / 2, clock.now() - listingStart) + intervalMs * ROUND_MARGIN;
    if (listingError !== undefined) {
      // The platform did not answer the listing: every job not read this round is unreachable, not failed.
      for (const job of [...watched.values()]) {
        if (!seen.has(job.id)) unreachable(job, roundStart, listingError);
      }
    } else {
      const now = clock.now();
      const due = [...watched.values()]
        .filter((job) => !seen.has(job.id))
        .map((job) => ({ job, dueAt: job.lastReadAt + cappedPollDelay(now - job.watchedSince, delayPolicy) }))
        .filter(({ dueAt }) => dueAt <= now)
        .sort((a, b) => a.dueAt - b.dueAt)
        .slice(0, readsPerRound);
      for (const { job } of due) {
        const readAt = clock.now();
        try {
          await observe(
            job,
            await call((attemptSignal) => connector.getJobStatus(job.id, { signal: attemptSignal })),
          );
        } catch (error) {
          if (signal?.aborted) throwIfAborted(signal);
          if (isRetryableError(error)) unreachable(job, readAt, error);
          else drop(job, error);
        }
      }
    }
    while (events.length > 0) yield events.shift() as JobWatchEvent;
    if (options.filter === undefined && watched.size === 0) return;
    const wait = roundStart + intervalMs - listingMs - clock.now();
    if (wait > 0) await clock.sleep(wait, signal);
  }
}

/** The share of the interval a round starts early by, for the delays between a page and its event. */
const ROUND_MARGIN = 0.05;

/**
 * The listings of one round: the newest jobs (which a batch just submitted are), and, when more jobs are
 * watched than one page holds, the pending and running ones, which older active jobs are among.
 */
function windowsFor(
  filter: Pick<ListJobsOptions, 'statusFilter'> | undefined,
  moreThanOnePage: boolean,
): Pick<ListJobsOptions, 'statusFilter'>[] {
  if (filter !== undefined) return [{ ...filter }];
  if (!moreThanOnePage) return [{}];
  return [{}, { statusFilter: JobStatus.PENDING }, { statusFilter: JobStatus.RUNNING }];
}
