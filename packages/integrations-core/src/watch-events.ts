import { CloudConnectionError, CloudException } from './errors.js';
import type { JobStatus } from './job-status.js';

/** A watched job's status changed to a status that is not terminal (the first observation included). */
export interface JobStatusEvent {
  /** The kind of event. */
  readonly type: 'status';
  /** The job. */
  readonly jobId: string;
  /** The new status. */
  readonly status: JobStatus;
  /** The status seen before, `undefined` for the first observation. */
  readonly previous: JobStatus | undefined;
  /** When it was observed (clock milliseconds). */
  readonly observedAt: number;
}

/** A watched job reached a terminal status (SUCCEEDED, FAILED or CANCELLED, as the platform said). */
export interface JobEndedEvent {
  /** The kind of event. */
  readonly type: 'ended';
  /** The job. */
  readonly jobId: string;
  /** The terminal status. */
  readonly status: JobStatus;
  /** The status seen before, `undefined` when the first observation was already terminal. */
  readonly previous: JobStatus | undefined;
  /** When it was observed (clock milliseconds). */
  readonly observedAt: number;
}

/**
 * A job's status could not be read (the platform did not answer, answered 5xx or kept rate-limiting) even
 * after retries. Its status is unknown, not failed: the job is still watched, and never cancelled for this.
 */
export interface JobUnreachableEvent {
  /** The kind of event. */
  readonly type: 'unreachable';
  /** The job. */
  readonly jobId: string;
  /**
   * When the first failed read started (clock milliseconds); for a push wait (`waitForStatusChange`), which
   * may have been running long before the platform went away, when its failure was seen.
   */
  readonly since: number;
  /** The last status read before that, if any. */
  readonly lastStatus: JobStatus | undefined;
  /** The error of the failed read. */
  readonly error: CloudException;
  /** When it was observed (clock milliseconds). */
  readonly observedAt: number;
}

/** A job's status can be read again after an unreachable stretch. */
export interface JobReachableEvent {
  /** The kind of event. */
  readonly type: 'reachable';
  /** The job. */
  readonly jobId: string;
  /** When the unreachable stretch started (clock milliseconds). */
  readonly since: number;
  /** The status read now. */
  readonly status: JobStatus;
  /** When it was observed (clock milliseconds). */
  readonly observedAt: number;
}

/**
 * A job stopped being watched without an end: the platform does not know it (`JobNotFoundError`), refused the
 * credentials, or stayed unreachable past the budget (`code: 'JOB_UNREACHABLE'`). Its status is unknown.
 */
export interface JobWatchErrorEvent {
  /** The kind of event. */
  readonly type: 'error';
  /** The job. */
  readonly jobId: string;
  /** Why it is no longer watched. */
  readonly error: CloudException;
  /** The last status read, if any. */
  readonly lastStatus: JobStatus | undefined;
  /** When it was observed (clock milliseconds). */
  readonly observedAt: number;
}

/** What `watchJobs` yields. */
export type JobWatchEvent =
  | JobStatusEvent
  | JobEndedEvent
  | JobUnreachableEvent
  | JobReachableEvent
  | JobWatchErrorEvent;

/** `error` as a `CloudException` (a plain `Error` or a thrown value is wrapped, kept as the cause). */
export function toCloudException(error: unknown): CloudException {
  return CloudException.isInstance(error)
    ? error
    : new CloudException(error instanceof Error ? error.message : String(error), { cause: error });
}

/** The log line of an unreachable job, with when it started as an ISO date. */
export function unreachableMessage(jobId: string, since: number): string {
  return `Job ${jobId} is unreachable since ${new Date(since).toISOString()}: its status is unknown (not failed); still waiting`;
}

/** The error that ends a wait on a job unreachable past its budget: never a failure of the job itself. */
export function unreachableError(
  jobId: string,
  since: number,
  now: number,
  budgetMs: number,
  lastStatus: JobStatus | undefined,
  cause: unknown,
): CloudConnectionError {
  return new CloudConnectionError(
    `Job ${jobId} could not be reached since ${new Date(since).toISOString()} (${now - since} ms, budget ${budgetMs} ms); its status is unknown (last seen: ${lastStatus ?? 'none'}) and it was not cancelled`,
    { code: 'JOB_UNREACHABLE', cause, retryable: false },
  );
}
