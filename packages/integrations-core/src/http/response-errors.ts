/**
 * Every way a platform's answer can fail, mapped onto the core error family through a table the connector
 * supplies: its rules say what its platform's statuses and error codes mean, and the statuses no rule claims
 * fall through to {@link DEFAULT_ERROR_RULES}. A connector never builds an error from a status code by hand.
 */
import type { z } from 'zod';
import {
  AuthenticationError,
  CloudConnectionError,
  type CloudException,
  CloudExecutionError,
  InvalidParameterError,
  RateLimitError,
} from '../errors.js';
import { excerpt } from './excerpt.js';

/** What a request was doing, so an error can say so. */
export interface ErrorContext {
  /** The connector operation, such as `getJobStatus`. */
  readonly operation: string;
  /** The job the request was about, for `JobNotFoundError`. */
  readonly jobId?: string | undefined;
  /** Now, in clock milliseconds, to read an HTTP-date `Retry-After`. */
  readonly now: number;
}

/** A non-2xx answer (or a 2xx one whose body reports a failure), as an error rule sees it. */
export interface FailedResponse<P> extends ErrorContext {
  /** The HTTP status. */
  readonly status: number;
  /** The platform's error payload, when the body held one the table's schema accepts. */
  readonly payload: P | undefined;
  /**
   * `"<operation> failed with HTTP <status>: <detail>"`, the detail from the table's `describe` or an
   * {@link excerpt} of the body. Rules build their messages from it rather than quote the body themselves.
   */
  readonly message: string;
  /** The wait a `Retry-After` header asked for, in ms. */
  readonly retryAfterMs: number | undefined;
  /**
   * What an error built from this answer should carry (`status`, `operation`, `jobId`): spread it into the
   * error's options. Never the body or the headers.
   */
  readonly context: FailureContext;
}

/** The structured context of a failed answer, for an error's options. */
export interface FailureContext {
  /** The HTTP status. */
  readonly status: number;
  /** The connector operation. */
  readonly operation: string;
  /** The job the request was about, when it was about one. */
  readonly jobId?: string;
}

/** One row of an error table: which answers it is for, and the error they become. */
export interface ResponseErrorRule<P> {
  /** The statuses it matches: one, a list, or a class (`'4xx'`, `'5xx'`). Every status when absent. */
  readonly status?: number | readonly number[] | '4xx' | '5xx' | undefined;
  /** A further condition, typically on the payload's error code. */
  readonly when?: ((failure: FailedResponse<P>) => boolean) | undefined;
  /** The error to throw. */
  readonly error: (failure: FailedResponse<P>) => CloudException;
}

/** How a connector's platform reports failures. */
export interface ResponseErrorTable<P> {
  /** Reads the platform's error payload from a JSON body (problem+json, a list of errors). */
  readonly payload?: z.ZodType<P> | undefined;
  /** One line describing a payload, for messages. Default: an excerpt of the body. */
  readonly describe?: ((payload: P) => string) | undefined;
  /** Tried in order; the first match decides. Unmatched answers get {@link DEFAULT_ERROR_RULES}. */
  readonly rules: readonly ResponseErrorRule<P>[];
}

/**
 * How long a `Retry-After` header asks to wait, in milliseconds: delay-seconds or an HTTP date.
 * `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * What an answer no rule claimed becomes:
 *
 * | status | error |
 * | --- | --- |
 * | 401, 403 | `AuthenticationError` |
 * | 400, 422 | `InvalidParameterError` |
 * | 429 | `RateLimitError` with the `Retry-After` wait |
 * | 5xx | `CloudConnectionError` `SERVER_ERROR` (retryable) |
 * | other | `CloudExecutionError` `HTTP_<status>` |
 */
export const DEFAULT_ERROR_RULES: readonly ResponseErrorRule<unknown>[] = Object.freeze([
  { status: [401, 403], error: (f) => new AuthenticationError(f.message, { ...f.context }) },
  {
    status: [400, 422],
    error: (f) =>
      new InvalidParameterError(f.message, {
        ...f.context,
        issues: [{ field: '', rule: 'rejected by the platform' }],
      }),
  },
  {
    status: 429,
    error: (f) => new RateLimitError(f.message, { ...f.context, retryAfterMs: f.retryAfterMs }),
  },
  {
    status: '5xx',
    error: (f) => new CloudConnectionError(f.message, { ...f.context, code: 'SERVER_ERROR' }),
  },
  { error: (f) => new CloudExecutionError(f.message, { ...f.context, code: `HTTP_${f.status}` }) },
]);

function matchesStatus(rule: ResponseErrorRule<never>, status: number): boolean {
  const wanted = rule.status;
  if (wanted === undefined) return true;
  if (wanted === '4xx') return status >= 400 && status < 500;
  if (wanted === '5xx') return status >= 500 && status < 600;
  return typeof wanted === 'number' ? wanted === status : wanted.includes(status);
}

/** The error for `failure`: the first of the table's rules that matches, else the default table's. */
export function errorForFailure<P>(failure: FailedResponse<P>, table: ResponseErrorTable<P>): CloudException {
  for (const rule of table.rules) {
    if (matchesStatus(rule, failure.status) && (rule.when?.(failure) ?? true)) return rule.error(failure);
  }
  const fallback = DEFAULT_ERROR_RULES.find((rule) => matchesStatus(rule, failure.status));
  return (fallback ?? (DEFAULT_ERROR_RULES.at(-1) as ResponseErrorRule<unknown>)).error(failure);
}

/** Parses `text` as JSON and reads it with the table's payload schema; `undefined` when either fails. */
export function readErrorPayload<P>(text: string, table: ResponseErrorTable<P>): P | undefined {
  if (!table.payload || text.length === 0) return undefined;
  try {
    const parsed = table.payload.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Describes a failed answer for {@link errorForFailure}: reads its body (or says it could not), its payload,
 * its `Retry-After`.
 */
export function describeFailure<P>(
  status: number,
  headers: Headers,
  text: string,
  table: ResponseErrorTable<P>,
  context: ErrorContext,
  payload: P | undefined = readErrorPayload(text, table),
): FailedResponse<P> {
  const detail = payload !== undefined && table.describe ? table.describe(payload) : `${excerpt(text)}`;
  return {
    ...context,
    status,
    payload,
    message: `${context.operation} failed with HTTP ${status}: ${detail}`,
    retryAfterMs: parseRetryAfter(headers.get('retry-after'), context.now),
    context: {
      status,
      operation: context.operation,
      ...(context.jobId !== undefined ? { jobId: context.jobId } : {}),
    },
  };
}

/** The core error for a non-2xx `response`, through `table`. Reads (and so consumes) the body. */
export async function errorFromResponse<P>(
  response: Response,
  table: ResponseErrorTable<P>,
  context: ErrorContext,
): Promise<CloudException> {
  let text = '';
  try {
    text = await response.text();
  } catch (error) {
    text = `(body unreadable: ${error instanceof Error ? error.message : String(error)})`;
  }
  return errorForFailure(describeFailure(response.status, response.headers, text, table, context), table);
}

/**
 * The platform answered something its API does not promise (HTML, a truncated body, a wrong-typed field):
 * a `CloudConnectionError` `INVALID_RESPONSE`, retryable since it may be a truncated body.
 */
export function invalidResponse(
  context: ErrorContext,
  reason: string,
  cause?: unknown,
): CloudConnectionError {
  return new CloudConnectionError(`${context.operation}: the platform sent an invalid response: ${reason}`, {
    code: 'INVALID_RESPONSE',
    operation: context.operation,
    jobId: context.jobId,
    cause,
  });
}
