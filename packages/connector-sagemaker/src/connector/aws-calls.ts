/**
 * Calling AWS: every call goes through core's retry policy (the SDK's own retries are off), with its errors
 * in the contract's terms; creates and deletes whose retry meets their own earlier effect count as done.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { logRetries, withRetry } from '@neural/integrations-core';
import type { LogsCall } from '../cloudwatch-logs.js';
import { isAwsError, toContractError } from '../errors.js';
import type { SageMakerContext } from './context.js';

/** Sends one request with the attempt's signal. */
export type Send<T> = (signal: AbortSignal | undefined) => Promise<T>;

/** One AWS call with the caller's signal, its errors in the contract's terms, retried when retryable. */
export function callAws<T>(
  context: SageMakerContext,
  operation: string,
  action: string,
  signal: AbortSignal | undefined,
  send: Send<T>,
  attempted?: (attempt: number) => void,
): Promise<T> {
  return withRetry(
    async ({ signal: attemptSignal, attempt }) => {
      attempted?.(attempt);
      try {
        // Each request listens on a signal of its own: the SDK adds an abort listener per request, and many
        // concurrent calls under one caller's signal would otherwise pile listeners onto it.
        return await send(attemptSignal ? AbortSignal.any([attemptSignal]) : undefined);
      } catch (error) {
        throw toContractError(error, operation, action);
      }
    },
    {
      ...context.retry,
      clock: context.clock,
      signal,
      onRetry: logRetries(
        context.logger,
        'retrying an AWS call',
        { operation, action },
        context.retry.onRetry,
      ),
    },
  );
}

/** A create whose retry (after a lost answer) meets the thing it made: that is success, not a conflict. */
export async function createOnce(
  context: SageMakerContext,
  operation: string,
  action: string,
  signal: AbortSignal | undefined,
  send: Send<unknown>,
): Promise<void> {
  let attempt = 1;
  try {
    await callAws(context, operation, action, signal, send, (n) => {
      attempt = n;
    });
  } catch (error) {
    const exists =
      isAwsError(error, 'ResourceInUse') ||
      (isAwsError(error, 'ValidationException') && /already exist/i.test((error as Error).message));
    if (!(exists && attempt > 1)) throw error;
  }
}

/** A delete: `true` when it deleted, `false` when there was nothing (or a lost answer's retry found it gone). */
export async function deleteIfExists(
  context: SageMakerContext,
  operation: string,
  action: string,
  signal: AbortSignal | undefined,
  send: Send<unknown>,
): Promise<boolean> {
  let attempt = 1;
  try {
    await callAws(context, operation, action, signal, send, (n) => {
      attempt = n;
    });
    return true;
  } catch (error) {
    if (
      isAwsError(error, 'ValidationException', 'ResourceNotFound') &&
      /could not find|not found|does not exist/i.test((error as Error).message)
    ) {
      return attempt > 1;
    }
    throw error;
  }
}

/** Calls to CloudWatch Logs for one operation, each through {@link callAws}. */
export function logsCall(
  context: SageMakerContext,
  operation: string,
  signal: AbortSignal | undefined,
): LogsCall {
  return <T>(
    action: string,
    send: (client: CloudWatchLogsClient, signal: AbortSignal | undefined) => Promise<T>,
  ) => callAws(context, operation, action, signal, (s) => send(context.logs, s));
}
