/**
 * The error family every connector throws. The seed's `neural.exceptions` (`CloudException`,
 * `CloudConnectionError`, `CloudExecutionError`, `InvalidParameterError`) plus the errors a real client needs.
 *
 * Every class carries a `Symbol.for` marker and a static `isInstance()`: a third-party connector may load its
 * own copy of this package, and `instanceof` fails across copies while `isInstance` does not.
 */

const MARKER_PREFIX = '@neural/integrations-core/error';

function marker(name: string): symbol {
  return Symbol.for(`${MARKER_PREFIX}/${name}`);
}

function hasMarker(value: unknown, symbol: symbol): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    symbol in value &&
    (value as Record<symbol, unknown>)[symbol] === true
  );
}

const cloudExceptionMarker = marker('CloudException');

/** Options every error of the family accepts. */
export interface CloudExceptionOptions {
  /** The error that caused this one; kept, never flattened into the message. */
  cause?: unknown;
  /** Whether trying the same call again may succeed. Defaults per class. */
  retryable?: boolean;
  /** A stable machine-readable code; defaults per class. */
  code?: string;
}

/**
 * The base of every error a connector or helper throws.
 *
 * @example
 * ```ts
 * try {
 *   await connector.submitJob({ code });
 * } catch (error) {
 *   if (CloudException.isInstance(error) && error.retryable) scheduleRetry();
 * }
 * ```
 */
export class CloudException extends Error {
  protected readonly [cloudExceptionMarker] = true;
  /** A stable machine-readable code, such as `JOB_NOT_FOUND`. */
  readonly code: string;
  /** Whether trying the same call again may succeed. */
  readonly retryable: boolean;

  constructor(message: string, options: CloudExceptionOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? 'CLOUD_ERROR';
    this.retryable = options.retryable ?? false;
  }

  /** Whether `value` is a `CloudException` from any copy of this package. */
  static isInstance(value: unknown): value is CloudException {
    return hasMarker(value, cloudExceptionMarker);
  }

  /** A plain, secret-free description of the error (the cause is summarised, not serialised). */
  toJSON(): { name: string; code: string; message: string; retryable: boolean } {
    return { name: this.name, code: this.code, message: this.message, retryable: this.retryable };
  }
}

const connectionMarker = marker('CloudConnectionError');

/**
 * The platform could not be reached, or answered with something that is not a valid response
 * (a network failure, a timeout, a 5xx, a malformed body). Retryable by default.
 */
export class CloudConnectionError extends CloudException {
  protected readonly [connectionMarker] = true;
  constructor(message: string, options: CloudExceptionOptions = {}) {
    super(message, { code: 'CONNECTION_FAILED', retryable: true, ...options });
  }
  /** Whether `value` is a `CloudConnectionError` from any copy of this package. */
  static override isInstance(value: unknown): value is CloudConnectionError {
    return hasMarker(value, connectionMarker);
  }
}

const executionMarker = marker('CloudExecutionError');

/** The platform understood the request and refused or failed to carry it out. Not retryable by default. */
export class CloudExecutionError extends CloudException {
  protected readonly [executionMarker] = true;
  constructor(message: string, options: CloudExceptionOptions = {}) {
    super(message, { code: 'EXECUTION_FAILED', ...options });
  }
  /** Whether `value` is a `CloudExecutionError` from any copy of this package. */
  static override isInstance(value: unknown): value is CloudExecutionError {
    return hasMarker(value, executionMarker);
  }
}

/** One broken rule in an {@link InvalidParameterError}. */
export interface ParameterIssue {
  /** The dotted path of the offending field, such as `resourceConfig.gpuCount`; empty for the whole value. */
  readonly field: string;
  /** The rule it breaks, in words. */
  readonly rule: string;
}

const invalidParameterMarker = marker('InvalidParameterError');

/**
 * Input was rejected before anything was sent or written. Names every bad field and the rule it breaks.
 *
 * @example
 * ```ts
 * try {
 *   new ResourceConfig({ gpuCount: -1 });
 * } catch (error) {
 *   if (InvalidParameterError.isInstance(error)) console.log(error.issues); // [{ field: 'gpuCount', rule: … }]
 * }
 * ```
 */
export class InvalidParameterError extends CloudException {
  protected readonly [invalidParameterMarker] = true;
  /** Every broken rule, one per field. */
  readonly issues: readonly ParameterIssue[];

  constructor(message: string, options: CloudExceptionOptions & { issues?: readonly ParameterIssue[] } = {}) {
    const { issues, ...rest } = options;
    super(message, { code: 'INVALID_PARAMETER', ...rest, retryable: false });
    this.issues = Object.freeze([...(issues ?? [])]);
  }

  /** Builds the error from a list of issues, with a message that lists each one. */
  static fromIssues(subject: string, issues: readonly ParameterIssue[]): InvalidParameterError {
    const lines = issues.map((issue) => `  - ${issue.field || '(value)'}: ${issue.rule}`);
    return new InvalidParameterError(`Invalid ${subject}:\n${lines.join('\n')}`, { issues });
  }

  /** Whether `value` is an `InvalidParameterError` from any copy of this package. */
  static override isInstance(value: unknown): value is InvalidParameterError {
    return hasMarker(value, invalidParameterMarker);
  }
}

const authenticationMarker = marker('AuthenticationError');

/** The platform refused the credentials (wrong key, expired or revoked token). Not retryable. */
export class AuthenticationError extends CloudException {
  protected readonly [authenticationMarker] = true;
  constructor(message: string, options: CloudExceptionOptions = {}) {
    super(message, { code: 'AUTHENTICATION_FAILED', ...options, retryable: false });
  }
  /** Whether `value` is an `AuthenticationError` from any copy of this package. */
  static override isInstance(value: unknown): value is AuthenticationError {
    return hasMarker(value, authenticationMarker);
  }
}

const jobNotFoundMarker = marker('JobNotFoundError');

/** No job with this id exists on the platform. Thrown by every method that takes a job id. */
export class JobNotFoundError extends CloudException {
  protected readonly [jobNotFoundMarker] = true;
  /** The id that was not found. */
  readonly jobId: string;
  constructor(jobId: string, options: CloudExceptionOptions = {}) {
    super(`Job not found: ${jobId}`, { code: 'JOB_NOT_FOUND', ...options, retryable: false });
    this.jobId = jobId;
  }
  /** Whether `value` is a `JobNotFoundError` from any copy of this package. */
  static override isInstance(value: unknown): value is JobNotFoundError {
    return hasMarker(value, jobNotFoundMarker);
  }
}

const rateLimitMarker = marker('RateLimitError');

/** The platform asked the client to slow down (HTTP 429). Retryable after {@link RateLimitError.retryAfterMs}. */
export class RateLimitError extends CloudException {
  protected readonly [rateLimitMarker] = true;
  /** How long the platform asked the client to wait, when it said. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: CloudExceptionOptions & { retryAfterMs?: number } = {}) {
    const { retryAfterMs, ...rest } = options;
    super(message, { code: 'RATE_LIMITED', retryable: true, ...rest });
    // A platform's Retry-After can be garbage (negative, NaN); treat that as "it did not say".
    this.retryAfterMs =
      typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs >= 0
        ? retryAfterMs
        : undefined;
  }
  /** Whether `value` is a `RateLimitError` from any copy of this package. */
  static override isInstance(value: unknown): value is RateLimitError {
    return hasMarker(value, rateLimitMarker);
  }
}

const notSupportedMarker = marker('NotSupportedError');

/** The connector does not implement this optional method. Check `connector.capabilities` first. */
export class NotSupportedError extends CloudException {
  protected readonly [notSupportedMarker] = true;
  /** The method that is not supported. */
  readonly method: string;
  constructor(method: string, options: CloudExceptionOptions & { connector?: string } = {}) {
    const { connector, ...rest } = options;
    super(`${connector ?? 'This connector'} does not support ${method}()`, {
      code: 'NOT_SUPPORTED',
      ...rest,
      retryable: false,
    });
    this.method = method;
  }
  /** Whether `value` is a `NotSupportedError` from any copy of this package. */
  static override isInstance(value: unknown): value is NotSupportedError {
    return hasMarker(value, notSupportedMarker);
  }
}

const jobTimeoutMarker = marker('JobTimeoutError');

/** A job did not reach a terminal status within the time allowed. */
export class JobTimeoutError extends CloudException {
  protected readonly [jobTimeoutMarker] = true;
  /** The job that timed out. */
  readonly jobId: string;
  /** The last status seen before giving up. */
  readonly lastStatus: string | undefined;
  /** Whether the job was cancelled because of the timeout. */
  readonly cancelled: boolean;
  constructor(
    jobId: string,
    timeoutMs: number,
    options: CloudExceptionOptions & { lastStatus?: string; cancelled?: boolean } = {},
  ) {
    const { lastStatus, cancelled, ...rest } = options;
    super(
      `Job ${jobId} did not finish within ${timeoutMs} ms (last status: ${lastStatus ?? 'none'}${
        cancelled ? '; the job was cancelled' : ''
      })`,
      { code: 'JOB_TIMEOUT', ...rest, retryable: false },
    );
    this.jobId = jobId;
    this.lastStatus = lastStatus;
    this.cancelled = cancelled ?? false;
  }
  /** Whether `value` is a `JobTimeoutError` from any copy of this package. */
  static override isInstance(value: unknown): value is JobTimeoutError {
    return hasMarker(value, jobTimeoutMarker);
  }
}

const abortedMarker = marker('OperationAbortedError');

/**
 * The caller aborted the call through its `AbortSignal`. The signal's reason is the cause.
 * A `CloudException`, so "every error a connector throws is a `CloudException`" holds for aborts too.
 */
export class OperationAbortedError extends CloudException {
  protected readonly [abortedMarker] = true;
  constructor(message = 'The operation was aborted', options: CloudExceptionOptions = {}) {
    super(message, { code: 'ABORTED', ...options, retryable: false });
  }
  /** Whether `value` is an `OperationAbortedError` from any copy of this package. */
  static override isInstance(value: unknown): value is OperationAbortedError {
    return hasMarker(value, abortedMarker);
  }
}

/** Throws {@link OperationAbortedError} when `signal` has been aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new OperationAbortedError(undefined, { cause: signal.reason });
}

/** Whether `error` is an abort, ours or the platform's (`AbortError`, `TimeoutError` from `AbortSignal.timeout`). */
export function isAbortError(error: unknown): boolean {
  if (OperationAbortedError.isInstance(error)) return true;
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * Settles like `promise`, or rejects with {@link OperationAbortedError} as soon as `signal` aborts, even when
 * the work behind `promise` ignores the signal. The losing promise's outcome is swallowed.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(new OperationAbortedError(undefined, { cause: signal.reason }));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new OperationAbortedError(undefined, { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
