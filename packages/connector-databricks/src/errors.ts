/**
 * Databricks' error answers (`{ "error_code", "message" }`) mapped onto the core error family. The transport
 * reads the body, this table decides the error, and statuses it does not list fall through to core's defaults
 * (429 `RateLimitError` with its `Retry-After`, 5xx retryable `CloudConnectionError`).
 *
 * | answer | error |
 * | --- | --- |
 * | 401 | `AuthenticationError` (a token the transport refreshes once, then final) |
 * | 403 `PERMISSION_DENIED` | `AuthenticationError` `PERMISSION_DENIED` |
 * | `RESOURCE_DOES_NOT_EXIST` about a run, or 400 `Run <id> does not exist` | `JobNotFoundError` |
 * | 400 `INVALID_PARAMETER_VALUE`, `MALFORMED_REQUEST`, … | `InvalidParameterError` naming the field where the message or details do |
 * | other 4xx with an `error_code` | `CloudExecutionError` with that code (`RESOURCE_DOES_NOT_EXIST`, `RESOURCE_ALREADY_EXISTS`, `QUOTA_EXCEEDED`) |
 * | 429 `REQUEST_LIMIT_EXCEEDED`, 5xx | core defaults: retried |
 */
import {
  AuthenticationError,
  CloudConnectionError,
  CloudExecutionError,
  InvalidParameterError,
  JobNotFoundError,
  type ParameterIssue,
} from '@neural/integrations-core';
import type { FailedResponse, ResponseErrorTable } from '@neural/integrations-core/http';
import { type DatabricksError, DatabricksErrorSchema } from './api.js';

const code = (failure: FailedResponse<DatabricksError>) => failure.payload?.error_code;
const RUN_MISSING = /\bRun \d+ does not exist\b/i;
const NAME = "'?`?([A-Za-z_][\\w.\\[\\]]*)`?'?";
/** How Databricks messages name a field, most specific first. */
const FIELD_PHRASINGS = [
  new RegExp(`\\bparameter:?\\s+${NAME}`, 'i'),
  new RegExp(`\\bfield:?\\s+${NAME}`, 'i'),
  new RegExp(`^${NAME}:?\\s+(?:must|is|should|cannot|can't|and)\\b`),
];

/** Reads the offending field from the error details or, failing that, from the message's usual phrasings. */
export function fieldIssues(payload: DatabricksError | undefined): ParameterIssue[] {
  const violations = (payload?.details ?? []).flatMap((detail) => detail.field_violations ?? []);
  if (violations.length > 0) {
    return violations.map((violation) => ({
      field: violation.field ?? '',
      rule: violation.description ?? 'rejected by Databricks',
    }));
  }
  const message = payload?.message ?? 'rejected by Databricks';
  const named = FIELD_PHRASINGS.map((pattern) => pattern.exec(message)?.[1]).find(Boolean);
  return [{ field: named ?? '', rule: message }];
}

const EXPIRED = /\bexpired\b/i;

/**
 * Databricks' error answers, mapped onto the core error family. With `refreshableToken` (OAuth), a 401 that says
 * the token expired is `TOKEN_EXPIRED`, which the transport answers with a fresh token even after a refresh
 * (another caller's refresh may have raced it); a personal access token that expired is final.
 */
export function databricksErrorTable(options: {
  readonly refreshableToken: boolean;
}): ResponseErrorTable<DatabricksError> {
  return {
    payload: DatabricksErrorSchema,
    describe: (error) =>
      [error.error_code ?? error.error, error.message ?? error.error_description ?? 'no detail']
        .filter(Boolean)
        .join(' '),
    rules: [
      {
        status: 401,
        error: (f) =>
          new AuthenticationError(f.message, {
            code:
              options.refreshableToken && EXPIRED.test(f.payload?.message ?? '')
                ? 'TOKEN_EXPIRED'
                : (code(f) ?? f.payload?.error ?? 'UNAUTHENTICATED'),
          }),
      },
      {
        status: 403,
        error: (f) => new AuthenticationError(f.message, { code: code(f) ?? 'PERMISSION_DENIED' }),
      },
      {
        status: '4xx',
        when: (f) =>
          f.jobId !== undefined &&
          (code(f) === 'RESOURCE_DOES_NOT_EXIST' ||
            (f.status === 400 && RUN_MISSING.test(f.payload?.message ?? ''))),
        error: (f) => new JobNotFoundError(f.jobId as string),
      },
      {
        status: [400, 422],
        when: (f) => code(f) !== 'RESOURCE_DOES_NOT_EXIST' && code(f) !== 'RESOURCE_ALREADY_EXISTS',
        error: (f) =>
          new InvalidParameterError(f.message, {
            code: code(f) ?? 'INVALID_PARAMETER_VALUE',
            issues: fieldIssues(f.payload),
          }),
      },
      {
        status: '5xx',
        error: (f) => new CloudConnectionError(f.message, { code: code(f) ?? 'SERVER_ERROR' }),
      },
      {
        status: '4xx',
        when: (f) => code(f) !== undefined && f.status !== 429,
        error: (f) => new CloudExecutionError(f.message, { code: code(f) as string }),
      },
    ],
  };
}

/** The error table of a connector signed in with OAuth (see {@link databricksErrorTable}). */
export const DATABRICKS_ERRORS: ResponseErrorTable<DatabricksError> = databricksErrorTable({
  refreshableToken: true,
});
