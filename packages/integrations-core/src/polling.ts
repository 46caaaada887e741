import { type Clock, systemClock } from './clock.js';
import { assertJobId, type Connector, getCapabilities } from './connector.js';
import { CloudExecutionError, JobTimeoutError, throwIfAborted } from './errors.js';
import type { JobResult } from './job-result.js';
import { isTerminalStatus, JobStatus } from './job-status.js';
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
  return withRetry(({ signal }) => connector.getJobResult(jobId, { signal }), {
    ...options.retry,
    signal: options.signal,
    clock: options.clock,
  });
}

/** Whether a connector promises that a retried submit with the same key makes no second job. */
export function supportsIdempotentSubmit(connector: Connector): boolean {
  return getCapabilities(connector).idempotency;
}
