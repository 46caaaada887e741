/**
 * The platform's error table: what its problem+json answers mean in the core error family. The transport
 * reads the body, this table decides the error, and statuses it does not list fall through to core's
 * defaults (`DEFAULT_ERROR_RULES`). When you write a connector, this table is what you adjust.
 *
 * | status | error |
 * | --- | --- |
 * | 401 | `AuthenticationError` with the platform's code (`TOKEN_EXPIRED` makes the transport fetch a new token) |
 * | 404 `JOB_NOT_FOUND` | `JobNotFoundError` |
 * | 422 `CHECKSUM_MISMATCH` | retryable `CloudConnectionError`: the bytes were damaged on the way |
 * | 400, 422 | `InvalidParameterError` with the platform's `errors` as issues |
 * | 409, other 4xx | `CloudExecutionError` with the platform's code |
 * | 5xx | retryable `CloudConnectionError` |
 */
import {
  AuthenticationError,
  CloudConnectionError,
  CloudExecutionError,
  InvalidParameterError,
  JobNotFoundError,
} from '@neural/integrations-core';
import type { FailedResponse, ResponseErrorTable } from '@neural/integrations-core/http';
import { type Problem, ProblemSchema } from './schemas.js';

const code = (failure: FailedResponse<Problem>) => failure.payload?.code;

/** The platform's problem+json answers, mapped onto the core error family. */
export const PLATFORM_ERRORS: ResponseErrorTable<Problem> = {
  payload: ProblemSchema,
  describe: (problem) =>
    [problem.code, [problem.title, problem.detail].filter(Boolean).join(': ') || 'no detail']
      .filter(Boolean)
      .join(' '),
  rules: [
    {
      status: 401,
      error: (f) => new AuthenticationError(f.message, { ...f.context, code: code(f) ?? 'UNAUTHENTICATED' }),
    },
    {
      status: 404,
      when: (f) => code(f) === 'JOB_NOT_FOUND' && f.jobId !== undefined,
      error: (f) => new JobNotFoundError(f.jobId as string, { status: f.status, operation: f.operation }),
    },
    {
      status: 422,
      when: (f) => code(f) === 'CHECKSUM_MISMATCH',
      error: (f) => new CloudConnectionError(f.message, { ...f.context, code: 'CHECKSUM_MISMATCH' }),
    },
    {
      status: [400, 422],
      error: (f) =>
        new InvalidParameterError(f.message, {
          ...f.context,
          code: code(f) ?? 'INVALID_PARAMETER',
          issues: f.payload?.errors?.length
            ? f.payload.errors
            : [{ field: '', rule: f.payload?.detail ?? 'rejected by the platform' }],
        }),
    },
    {
      status: '5xx',
      error: (f) => new CloudConnectionError(f.message, { ...f.context, code: code(f) ?? 'SERVER_ERROR' }),
    },
    {
      status: '4xx',
      when: (f) => code(f) !== undefined && f.status !== 429,
      error: (f) => new CloudExecutionError(f.message, { ...f.context, code: code(f) as string }),
    },
  ],
};
