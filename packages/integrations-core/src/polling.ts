import { type Clock, systemClock } from './clock.js';
import { assertJobId, type Connector, getCapabilities } from './connector.js';
import { CloudException, CloudExecutionError, JobTimeoutError, throwIfAborted } from './errors.js';
import { JobResult } from './job-result.js';
import { isTerminalStatus, JobStatus } from './job-status.js';
import { foldJournal, type JobJournal } from './journal.js';
import { type RetryPolicy, withRetry } from './retry.js';
import { checkNumericOptions } from './validation.js';

/** How {@link watchJob} and {@link waitForCompletion} poll. */
export interface WatchJobOptions {
  /** First delay between polls. Default 1 000 ms. */
  pollIntervalMs?: number;
  /** Largest delay between polls; the delay grows by `backoffFactor` while nothing changes. Default 30 000 ms. */
  maxPollIntervalMs?: number;
  /** Growth of the delay while the status stays the same. Default 1.5. */
  backoffFactor?: number;
  /** Give up after this long (default one hour, as in the seed). */
  timeoutMs?: number;
  /** Cancel the job when giving up on it. Default `false`: a timeout on our side never cancels silently. */
  cancelOnTimeout?: boolean;
  /** Give up when the platform says UNKNOWN this many times in a row. Default 10. */
  maxConsecutiveUnknown?: number;
  /** Stops watching at once. */
  signal?: AbortSignal | undefined;
  /** Where time is read and waited on. Default {@link systemClock}. */
  clock?: Clock;
  /** How a failing status call is retried before it counts as a failure. A failed status call never cancels. */
  retry?: Omit<RetryPolicy, 'signal' | 'clock'>;
  /**
   * Records every status change (and, in {@link waitForCompletion}, the result) in this journal, each record
   * durable before the change is reported, so {@link resumeJournal} can pick up after a restart.
   */
  journal?: JobJournal | undefined;
}

/** One observed change of a job's status. */
export interface JobStatusChange {
  /** The job. */
  readonly jobId: string;
  /** The new status. */
  readonly status: JobStatus;
  /** The status seen before, `undefined` for the first observation. */
  readonly previous: JobStatus | undefined;
  /** When it was observed (clock milliseconds). */
  readonly observedAt: number;
}

/**
 * Watches a job, yielding each status change (the first observation included) until a terminal status,
 * which is yielded last. Polls with backoff: the delay grows while nothing changes and resets when it does.
 *
 * @throws JobTimeoutError after `timeoutMs`; CloudExecutionError after too many UNKNOWN in a row;
 * OperationAbortedError when the signal aborts.
 * @example
 * ```ts
 * for await (const change of watchJob(connector, jobId, { pollIntervalMs: 500 })) {
 *   console.log(`${change.previous ?? 'new'} -> ${change.status}`);
 * }
 * ```
 */
export async function* watchJob(
  connector: Connector,
  jobId: string,
  options: WatchJobOptions = {},
): AsyncGenerator<JobStatusChange, void, undefined> {
  assertJobId(jobId);
  checkNumericOptions('watchJob options', [
    { field: 'pollIntervalMs', value: options.pollIntervalMs, min: 0 },
    { field: 'maxPollIntervalMs', value: options.maxPollIntervalMs, min: 0 },
    { field: 'backoffFactor', value: options.backoffFactor, min: 1 },
    { field: 'timeoutMs', value: options.timeoutMs, min: 0, allowInfinity: true },
    { field: 'maxConsecutiveUnknown', value: options.maxConsecutiveUnknown, min: 1, integer: true },
  ]);
  const clock = options.clock ?? systemClock;
  const initialInterval = Math.max(1, options.pollIntervalMs ?? 1_000);
  const maxInterval = Math.max(initialInterval, options.maxPollIntervalMs ?? 30_000);
  const factor = options.backoffFactor ?? 1.5;
  const timeoutMs = options.timeoutMs ?? 3_600_000;
  const maxUnknown = options.maxConsecutiveUnknown ?? 10;
  const started = clock.now();
  const deadline = started + timeoutMs;
  let interval = initialInterval;
  let previous: JobStatus | undefined;
  let unknownInARow = 0;

  const giveUp = async (): Promise<never> => {
    let cancelled = false;
    let cancelError: unknown;
    if (options.cancelOnTimeout) {
      try {
        cancelled = await connector.cancelJob(jobId, { signal: options.signal });
      } catch (error) {
        // The timeout is what the caller needs to hear about; the failed cancel is kept as its cause.
        cancelError = error;
      }
    }
    throw new JobTimeoutError(jobId, timeoutMs, {
      ...(previous === undefined ? {} : { lastStatus: previous }),
      cancelled,
      ...(cancelError === undefined ? {} : { cause: cancelError }),
    });
  };

  for (;;) {
    throwIfAborted(options.signal);
    const status = await statusBefore(deadline);
    if (status === DEADLINE_PASSED) return await giveUp();
    unknownInARow = status === JobStatus.UNKNOWN ? unknownInARow + 1 : 0;
    if (status !== previous) {
      await options.journal?.write({ type: 'status', jobId, status, at: clock.now() });
      yield Object.freeze({ jobId, status, previous, observedAt: clock.now() });
      interval = initialInterval;
    } else {
      interval = Math.min(maxInterval, interval * factor);
    }
    previous = status;
    if (isTerminalStatus(status)) return;
    if (unknownInARow >= maxUnknown) {
      throw new CloudExecutionError(
        `Job ${jobId} was reported UNKNOWN ${unknownInARow} times in a row; giving up (the job was not cancelled)`,
        { code: 'STATUS_UNKNOWN' },
      );
    }
    const remaining = deadline - clock.now();
    if (remaining <= 0) return await giveUp();
    await clock.sleep(Math.min(interval, remaining), options.signal);
  }

  /**
   * One status call (retried while transient), raced against the deadline so that a status call that hangs
   * or keeps failing cannot stretch the wait past `timeoutMs`.
   */
  async function statusBefore(deadlineAt: number): Promise<JobStatus | typeof DEADLINE_PASSED> {
    const remaining = deadlineAt - clock.now();
    if (!Number.isFinite(remaining)) return getStatus(options.signal);
    const stop = new AbortController();
    const forward = () => stop.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', forward, { once: true });
    const deadlinePassed = new Promise<typeof DEADLINE_PASSED>((resolve) => {
      clock.sleep(Math.max(0, remaining), stop.signal).then(
        () => resolve(DEADLINE_PASSED),
        () => {},
      );
    });
    const call = getStatus(stop.signal);
    call.catch(() => {});
    try {
      return await Promise.race([call, deadlinePassed]);
    } catch (error) {
      if (options.signal?.aborted) throwIfAborted(options.signal);
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', forward);
      stop.abort();
    }
  }

  function getStatus(signal: AbortSignal | undefined): Promise<JobStatus> {
    return withRetry(
      ({ signal: attemptSignal }) => connector.getJobStatus(jobId, { signal: attemptSignal }),
      {
        ...options.retry,
        signal,
        clock,
      },
    );
  }
}

const DEADLINE_PASSED = Symbol('deadline passed');

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
  for await (const change of watchJob(connector, jobId, options)) options.onStatus?.(change);
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

/** How {@link resumeJournal} watches. */
export interface ResumeJournalOptions extends WatchJobOptions {
  /** How many jobs are watched at once. Default 16. */
  concurrency?: number;
  /** Called as each job's result is known (from the journal or freshly fetched). */
  onResult?: (outcome: JournalJobResult) => void;
}

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
  checkNumericOptions('resumeJournal options', [
    { field: 'concurrency', value: options.concurrency, min: 1, integer: true },
  ]);
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

/** Whether a connector promises that a retried submit with the same key makes no second job. */
export function supportsIdempotentSubmit(connector: Connector): boolean {
  return getCapabilities(connector).idempotency;
}
