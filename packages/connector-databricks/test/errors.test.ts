import {
  AuthenticationError,
  CloudConnectionError,
  CloudExecutionError,
  InvalidParameterError,
  JobNotFoundError,
  RateLimitError,
} from '@neural/integrations-core';
import { describeFailure, errorForFailure } from '@neural/integrations-core/http';
import { describe, expect, it } from 'vitest';
import { DATABRICKS_ERRORS, databricksErrorTable } from '../src/errors.js';

function errorFor(status: number, body: unknown, context: { jobId?: string; retryAfter?: string } = {}) {
  const headers = new Headers(context.retryAfter ? { 'retry-after': context.retryAfter } : {});
  const failure = describeFailure(status, headers, JSON.stringify(body), DATABRICKS_ERRORS, {
    operation: 'getJobStatus',
    jobId: context.jobId,
    now: 0,
  });
  return errorForFailure(failure, DATABRICKS_ERRORS);
}

describe('the error table', () => {
  it('401 and 403 are AuthenticationError', () => {
    const unauthenticated = errorFor(401, {
      error_code: 'UNAUTHENTICATED',
      message: 'Invalid access token.',
    });
    expect(AuthenticationError.isInstance(unauthenticated)).toBe(true);
    const denied = errorFor(403, { error_code: 'PERMISSION_DENIED', message: 'Missing CAN_MANAGE_RUN' });
    expect(AuthenticationError.isInstance(denied)).toBe(true);
    expect(denied.code).toBe('PERMISSION_DENIED');
  });

  it('an expired OAuth token is TOKEN_EXPIRED (fetched again), an expired personal access token is final', () => {
    const body = JSON.stringify({ error_code: 'UNAUTHENTICATED', message: 'Token expired.' });
    const failure = describeFailure(401, new Headers(), body, DATABRICKS_ERRORS, {
      operation: 'listJobs',
      now: 0,
    });
    expect(errorForFailure(failure, DATABRICKS_ERRORS).code).toBe('TOKEN_EXPIRED');
    const pat = databricksErrorTable({ refreshableToken: false });
    expect(errorForFailure(failure as never, pat).code).toBe('UNAUTHENTICATED');
  });

  it('a missing run is JobNotFoundError, in either of the ways Databricks says it', () => {
    expect(
      JobNotFoundError.isInstance(
        errorFor(
          400,
          { error_code: 'INVALID_PARAMETER_VALUE', message: 'Run 12 does not exist.' },
          { jobId: '12' },
        ),
      ),
    ).toBe(true);
    expect(
      JobNotFoundError.isInstance(
        errorFor(
          404,
          { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Run 12 does not exist.' },
          { jobId: '12' },
        ),
      ),
    ).toBe(true);
  });

  it('400 INVALID_PARAMETER_VALUE is InvalidParameterError naming the field', () => {
    const fromMessage = errorFor(400, {
      error_code: 'INVALID_PARAMETER_VALUE',
      message: 'Invalid value for parameter limit: 30',
    });
    expect(InvalidParameterError.isInstance(fromMessage)).toBe(true);
    expect((fromMessage as InvalidParameterError).issues[0]?.field).toBe('limit');
    const required = errorFor(400, {
      error_code: 'INVALID_PARAMETER_VALUE',
      message: 'Missing required field: new_cluster.spark_version',
    });
    expect((required as InvalidParameterError).issues[0]?.field).toBe('new_cluster.spark_version');
    const fromDetails = errorFor(400, {
      error_code: 'INVALID_PARAMETER_VALUE',
      message: 'bad request',
      details: [{ field_violations: [{ field: 'tasks[0].task_key', description: 'must match ^[\\w-]+$' }] }],
    });
    expect((fromDetails as InvalidParameterError).issues).toEqual([
      { field: 'tasks[0].task_key', rule: 'must match ^[\\w-]+$' },
    ]);
  });

  it('429 is a RateLimitError carrying Retry-After; 5xx a retryable CloudConnectionError', () => {
    const limited = errorFor(
      429,
      { error_code: 'REQUEST_LIMIT_EXCEEDED', message: 'slow down' },
      { retryAfter: '3' },
    );
    expect(RateLimitError.isInstance(limited)).toBe(true);
    expect((limited as RateLimitError).retryAfterMs).toBe(3000);
    const unavailable = errorFor(503, { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'later' });
    expect(CloudConnectionError.isInstance(unavailable)).toBe(true);
    expect(unavailable.retryable).toBe(true);
  });

  it('other 4xx keep the Databricks error code', () => {
    const exists = errorFor(400, {
      error_code: 'RESOURCE_ALREADY_EXISTS',
      message: "Endpoint with name 'x' already exists.",
    });
    expect(CloudExecutionError.isInstance(exists)).toBe(true);
    expect(exists.code).toBe('RESOURCE_ALREADY_EXISTS');
    const missing = errorFor(404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'no endpoint' });
    expect(missing.code).toBe('RESOURCE_DOES_NOT_EXIST');
  });
});
