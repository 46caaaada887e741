import { type Clock, systemClock } from './clock.js';
import { type Connector, getCapabilities } from './connector/contract.js';
import { assertJobId } from './connector/job-id.js';
import { CloudExecutionError, JobTimeoutError, throwIfAborted } from './errors.js';
import { isTerminalStatus, JobStatus } from './job-status.js';
import { type JobJournal, journalValue } from './journal.js';
import { type Logger, silentLogger } from './logger.js';
import {
  booleanValue,
  boundedNumber,
  clockValue,
  functionValue,
  loggerValue,
  signalValue,
} from './option-value-schemas.js';
import { isRetryableError, RetryOptionSchema, type RetryPolicy, retryWithCheckedPolicy } from './retry.js';
import { cappedPollDelay, MAX_STATUS_WAIT_MS, type StatusChange } from './status-change.js';
import { type OptionFields, strictOptions } from './strict-options.js';
import { parseOptionsOrThrow } from './validation.js';
import {
  type JobReachableEvent,
  type JobUnreachableEvent,
  toCloudException,
  unreachableError,
  unreachableMessage,
} from './watch-events.js';

/** The default {@link WatchJobOptions.unreachableBudgetMs}: 15 minutes. */
export const DEFAULT_UNREACHABLE_BUDGET_MS = 900_000;

/** How {@link watchJob} and {@link waitForCompletion} wait. */
export interface WatchJobOptions {
  /**
   * The shortest delay between status reads, and the lateness always allowed. Default 1 000 ms. Without push,
   * each delay is at most 5% of the time waited so far (or this), so an end is noticed within 5% of it.
   */
  pollIntervalMs?: number;
  /** Largest delay between status reads. Default 30 000 ms. */
  maxPollIntervalMs?: number;
  /** Growth of the delay while the status stays the same, within the 5% cap. Default 1.5. */
  backoffFactor?: number;
  /** Give up after this long (default one hour, as in the seed). */
  timeoutMs?: number;
  /**
   * Cancel the job when giving up on it. Default `false`: a timeout on our side never cancels silently. A job
   * that is unreachable when the time runs out is never cancelled (it could not be reached to see it run).
   */
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
  /**
   * Use the connector's `waitForStatusChange` (a long-poll or a watch) when it claims it. Default `true`;
   * `false` polls with the capped delay instead.
   */
  usePush?: boolean | undefined;
  /**
   * The longest single `waitForStatusChange` call. Default one day (`MAX_STATUS_WAIT_MS`), within `timeoutMs`:
   * connectors slice their own long-polls, and one long call lets a connector that polls (Slurm) keep growing
   * its delay by the 5% rule instead of starting over every slice.
   */
  longPollMs?: number | undefined;
  /**
   * How long status reads may keep failing (platform down, 5xx, rate-limited, after the retries), counted from
   * the first failed read, before giving up with `CloudConnectionError` (`code: 'JOB_UNREACHABLE'`). Meanwhile
   * the job is reported unreachable, never FAILED nor CANCELLED, and never cancelled. Default 15 minutes.
   */
  unreachableBudgetMs?: number | undefined;
  /** Called once when the job becomes unreachable (a warning is logged too). */
  onUnreachable?: ((event: JobUnreachableEvent) => void) | undefined;
  /** Called when the job's status can be read again after being unreachable (an info line is logged too). */
  onReachable?: ((event: JobReachableEvent) => void) | undefined;
  /** Where the unreachable and reachable lines go. Default silent. */
  logger?: Logger | undefined;
}

/**
 * The schema of each {@link WatchJobOptions} field; `satisfies` makes the compiler keep it complete, so no
 * option is refused as unknown.
 *
 * @internal
 */
export const watchJobOptionFields = {
  pollIntervalMs: boundedNumber({ min: 0 }).optional(),
  maxPollIntervalMs: boundedNumber({ min: 0 }).optional(),
  backoffFactor: boundedNumber({ min: 1 }).optional(),
  timeoutMs: boundedNumber({ min: 0, allowInfinity: true }).optional(),
  cancelOnTimeout: booleanValue.optional(),
  maxConsecutiveUnknown: boundedNumber({ min: 1, integer: true }).optional(),
  signal: signalValue.optional(),
  clock: clockValue.optional(),
  retry: RetryOptionSchema.optional(),
  journal: journalValue.optional(),
  usePush: booleanValue.optional(),
  longPollMs: boundedNumber({ min: 1 }).optional(),
  unreachableBudgetMs: boundedNumber({ min: 0, allowInfinity: true }).optional(),
  onUnreachable: functionValue<NonNullable<WatchJobOptions['onUnreachable']>>().optional(),
  onReachable: functionValue<NonNullable<WatchJobOptions['onReachable']>>().optional(),
  logger: loggerValue.optional(),
} satisfies OptionFields<WatchJobOptions>;

const WatchJobOptionsSchema = strictOptions(watchJobOptionFields);

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
 * which is yielded last. When the connector claims `waitForStatusChange`, it waits on the platform (no
 * polling); otherwise it polls, with a delay that grows while nothing changes but never past 5% of the time
 * waited so far (or one `pollIntervalMs`), so an end is noticed within 5% of the wait.
 *
 * When status reads keep failing (after retries), the job is reported unreachable (`onUnreachable`, a
 * warning) and still waited for, within `unreachableBudgetMs`: it is never reported FAILED or CANCELLED, nor
 * cancelled, because it could not be reached.
 *
 * @throws JobTimeoutError after `timeoutMs`; CloudExecutionError after too many UNKNOWN in a row;
 * CloudConnectionError (`JOB_UNREACHABLE`) when unreachable past the budget; OperationAbortedError on abort.
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
  parseOptionsOrThrow(WatchJobOptionsSchema, options, 'watchJob options');
  yield* watchJobWithCheckedOptions(connector, jobId, options);
}

/**
 * {@link watchJob} for a job id and options its caller has already checked (`waitForCompletion`, whose options
 * schema includes watchJob's): the options are checked once per call, not once by each of the two.
 *
 * @internal
 */
export async function* watchJobWithCheckedOptions(
  connector: Connector,
  jobId: string,
  options: WatchJobOptions,
): AsyncGenerator<JobStatusChange, void, undefined> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const initialInterval = Math.max(1, options.pollIntervalMs ?? 1_000);
  const maxInterval = Math.max(initialInterval, options.maxPollIntervalMs ?? 30_000);
  const delayPolicy = { minIntervalMs: initialInterval, maxIntervalMs: maxInterval };
  const factor = options.backoffFactor ?? 1.5;
  const timeoutMs = options.timeoutMs ?? 3_600_000;
  const maxUnknown = options.maxConsecutiveUnknown ?? 10;
  const longPollMs = Math.min(MAX_STATUS_WAIT_MS, options.longPollMs ?? MAX_STATUS_WAIT_MS);
  const unreachableBudgetMs = options.unreachableBudgetMs ?? DEFAULT_UNREACHABLE_BUDGET_MS;
  const push =
    options.usePush !== false &&
    getCapabilities(connector).waitForStatusChange &&
    typeof connector.waitForStatusChange === 'function';
  const started = clock.now();
  const deadline = started + timeoutMs;
  let interval = initialInterval;
  let previous: JobStatus | undefined;
  let unknownInARow = 0;
  let unreachableSince: number | undefined;

  const giveUp = async (): Promise<never> => {
    let cancelled = false;
    let cancelError: unknown;
    // An unreachable job is never cancelled: we could not see it, which says nothing about whether it runs.
    if (options.cancelOnTimeout && unreachableSince === undefined) {
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
    const readStartedAt = clock.now();
    let outcome: StatusChange | typeof DEADLINE_PASSED;
    try {
      outcome = await readBefore(deadline);
    } catch (error) {
      if (options.signal?.aborted) throwIfAborted(options.signal);
      if (!isRetryableError(error)) throw error;
      // A poll fails within its attempts, so the outage began by its start. A push wait may have run for hours
      // before the platform went away: then the moment its failure was seen is the honest "since".
      const pushed = push && previous !== undefined;
      noteUnreachable(pushed ? clock.now() : readStartedAt, error);
      const now = clock.now();
      const budgetLeft = (unreachableSince ?? now) + unreachableBudgetMs - now;
      if (budgetLeft <= 0) {
        throw unreachableError(jobId, unreachableSince ?? now, now, unreachableBudgetMs, previous, error);
      }
      if (deadline - now <= 0) return await giveUp();
      interval = Math.min(maxInterval, interval * factor);
      const delay = Math.min(interval, cappedPollDelay(now - started, delayPolicy));
      await clock.sleep(Math.min(delay, budgetLeft, deadline - now), options.signal);
      continue;
    }
    if (outcome === DEADLINE_PASSED) return await giveUp();
    const { status } = outcome;
    noteReachable(status);
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
    const now = clock.now();
    const remaining = deadline - now;
    if (remaining <= 0) return await giveUp();
    // Push: the next wait starts at once, unless the connector answered "no change" suspiciously fast.
    const waitedLongEnough = now - readStartedAt >= initialInterval;
    if (push && (outcome.changed || waitedLongEnough)) continue;
    const delay = push ? initialInterval : Math.min(interval, cappedPollDelay(now - started, delayPolicy));
    await clock.sleep(Math.min(delay, remaining), options.signal);
  }

  function noteUnreachable(readStartedAt: number, error: unknown): void {
    if (unreachableSince !== undefined) return;
    unreachableSince = readStartedAt;
    const event: JobUnreachableEvent = Object.freeze({
      type: 'unreachable',
      jobId,
      since: readStartedAt,
      lastStatus: previous,
      error: toCloudException(error),
      observedAt: clock.now(),
    });
    logger.warn(unreachableMessage(jobId, readStartedAt), { jobId, lastStatus: previous, error });
    options.onUnreachable?.(event);
  }

  function noteReachable(status: JobStatus): void {
    if (unreachableSince === undefined) return;
    const since = unreachableSince;
    unreachableSince = undefined;
    logger.info(`Job ${jobId} is reachable again (unreachable since ${new Date(since).toISOString()})`, {
      jobId,
      status,
    });
    options.onReachable?.(
      Object.freeze({ type: 'reachable', jobId, since, status, observedAt: clock.now() }),
    );
  }

  /**
   * One read (retried while transient), raced against the deadline so that a call that hangs or keeps
   * failing cannot stretch the wait past `timeoutMs`: the first read and every poll read the status, while
   * with push each later read waits on the platform for a change.
   */
  async function readBefore(deadlineAt: number): Promise<StatusChange | typeof DEADLINE_PASSED> {
    const remaining = deadlineAt - clock.now();
    if (!Number.isFinite(remaining)) return read(options.signal, longPollMs);
    const stop = new AbortController();
    const forward = () => stop.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', forward, { once: true });
    const deadlinePassed = new Promise<typeof DEADLINE_PASSED>((resolve) => {
      clock.sleep(Math.max(0, remaining), stop.signal).then(
        () => resolve(DEADLINE_PASSED),
        () => {},
      );
    });
    const call = read(stop.signal, Math.max(0, Math.min(longPollMs, remaining)));
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

  function read(signal: AbortSignal | undefined, waitMs: number): Promise<StatusChange> {
    const since = previous;
    return retryWithCheckedPolicy(
      async ({ signal: attemptSignal }): Promise<StatusChange> => {
        if (push && since !== undefined && connector.waitForStatusChange) {
          return connector.waitForStatusChange(jobId, { since, timeoutMs: waitMs, signal: attemptSignal });
        }
        const status = await connector.getJobStatus(jobId, { signal: attemptSignal });
        return { status, changed: status !== since };
      },
      { ...options.retry, signal, clock },
    );
  }
}

const DEADLINE_PASSED = Symbol('deadline passed');
