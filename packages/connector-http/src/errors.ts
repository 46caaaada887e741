/**
 * Every way a response can fail, mapped onto the core error family in one place. The connector never builds
 * an error from a status code itself: it calls {@link errorFromResponse}. When you copy this connector, adjust
 * the mapping to your platform's error codes.
 */
import {
  AuthenticationError,
  CloudConnectionError,
  type CloudException,
  CloudExecutionError,
  InvalidParameterError,
  JobNotFoundError,
  RateLimitError,
} from '@neural/integrations-core';
import { type Problem, ProblemSchema } from './schemas.js';

/** What the connector was doing, so an error can say so. */
export interface ErrorContext {
  /** The operation, such as `getJobStatus`. */
  readonly operation: string;
  /** The job the request was about, for `JobNotFoundError`. */
  readonly jobId?: string | undefined;
  /** Now, in clock milliseconds, to read an HTTP-date `Retry-After`. */
  readonly now: number;
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

/** A short, single-line excerpt of a body for an error message. */
export function excerpt(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length === 0) return '(empty body)';
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The platform answered something that is not what its API promises. Retryable: it may be a truncated body. */
export function invalidResponse(
  context: ErrorContext,
  reason: string,
  cause?: unknown,
): CloudConnectionError {
  return new CloudConnectionError(`${context.operation}: the platform sent an invalid response: ${reason}`, {
    code: 'INVALID_RESPONSE',
    cause,
  });
}

function parseProblem(text: string): Problem | undefined {
  try {
    const parsed = ProblemSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The core error for a non-2xx response: reads its problem+json body (or says it had none) and maps the
 * status and the platform's `code`.
 *
 * | status | error |
 * | --- | --- |
 * | 401 | `AuthenticationError` |
 * | 404 `JOB_NOT_FOUND` | `JobNotFoundError` |
 * | 400, 422 | `InvalidParameterError` with the platform's `errors` as issues (`CHECKSUM_MISMATCH`: a retryable `CloudConnectionError`) |
 * | 409 | `CloudExecutionError` |
 * | 429 | `RateLimitError` with `retryAfterMs` |
 * | 5xx | `CloudConnectionError` (retryable) |
 * | other | `CloudExecutionError` |
 */
export async function errorFromResponse(response: Response, context: ErrorContext): Promise<CloudException> {
  let text = '';
  try {
    text = await response.text();
  } catch (error) {
    text = `(body unreadable: ${error instanceof Error ? error.message : String(error)})`;
  }
  const problem = parseProblem(text);
  const code = problem?.code;
  const explanation = problem
    ? [problem.title, problem.detail].filter(Boolean).join(': ') || 'no detail'
    : `not a problem+json body: ${excerpt(text)}`;
  const message = `${context.operation} failed with HTTP ${response.status}${code ? ` ${code}` : ''}: ${explanation}`;
  const status = response.status;

  if (status === 401) return new AuthenticationError(message, { code: code ?? 'UNAUTHENTICATED' });
  if (status === 404 && code === 'JOB_NOT_FOUND' && context.jobId !== undefined) {
    return new JobNotFoundError(context.jobId);
  }
  if (status === 429) {
    return new RateLimitError(message, {
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), context.now),
    });
  }
  if (status === 422 && code === 'CHECKSUM_MISMATCH') {
    // The bytes were damaged on the way: sending them again can succeed.
    return new CloudConnectionError(message, { code });
  }
  if (status === 400 || status === 422) {
    const issues = problem?.errors?.length
      ? problem.errors
      : [{ field: '', rule: problem?.detail ?? 'rejected by the platform' }];
    return new InvalidParameterError(message, { issues, code: code ?? 'INVALID_PARAMETER' });
  }
  if (status >= 500) return new CloudConnectionError(message, { code: code ?? 'SERVER_ERROR' });
  return new CloudExecutionError(message, { code: code ?? `HTTP_${status}` });
}
