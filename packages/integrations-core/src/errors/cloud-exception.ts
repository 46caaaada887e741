import type { ErrorCode } from './codes.js';
import { hasMarker, marker } from './marker.js';

const cloudExceptionMarker = marker('CloudException');

/**
 * A code for {@link CloudExceptionOptions.code}: one of {@link ErrorCode}, or a code the platform itself sent
 * (passed through as a plain `string`). Editors offer the known codes first.
 */
export type ErrorCodeOption = ErrorCode | (string & {});

/** Options every error of the family accepts. */
export interface CloudExceptionOptions {
  /** The error that caused this one; kept, never flattened into the message. */
  cause?: unknown;
  /** Whether trying the same call again may succeed. Defaults per class. */
  retryable?: boolean;
  /** A stable machine-readable code ({@link ErrorCode}); defaults per class. */
  code?: ErrorCodeOption;
  /** The platform's HTTP status, when the error comes from an answer. */
  status?: number;
  /** The operation that failed, such as `getJobStatus` or `POST /v1/jobs`. */
  operation?: string;
  /** The job the failed call was about. */
  jobId?: string;
}

/** What `toJSON()` gives: the fields of the error, and its context when known. Never a body or a header. */
export interface CloudExceptionJSON {
  name: string;
  code: string;
  message: string;
  retryable: boolean;
  status?: number;
  operation?: string;
  jobId?: string;
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
  /** A stable machine-readable code, such as `JOB_NOT_FOUND` (see {@link ErrorCode}). */
  readonly code: ErrorCodeOption;
  /** Whether trying the same call again may succeed. */
  readonly retryable: boolean;
  /** The platform's HTTP status, when the error comes from an answer. */
  readonly status: number | undefined;
  /** The operation that failed, when known. */
  readonly operation: string | undefined;
  /** The job the failed call was about, when known. */
  readonly jobId: string | undefined;

  constructor(message: string, options: CloudExceptionOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? 'CLOUD_ERROR';
    this.retryable = options.retryable ?? false;
    this.status = options.status;
    this.operation = options.operation;
    this.jobId = options.jobId;
  }

  /** Whether `value` is a `CloudException` from any copy of this package. */
  static isInstance(value: unknown): value is CloudException {
    return hasMarker(value, cloudExceptionMarker);
  }

  /** A plain, secret-free description of the error (the cause is summarised, not serialised). */
  toJSON(): CloudExceptionJSON {
    const json: CloudExceptionJSON = {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
    };
    if (this.status !== undefined) json.status = this.status;
    if (this.operation !== undefined) json.operation = this.operation;
    if (this.jobId !== undefined) json.jobId = this.jobId;
    return json;
  }
}
