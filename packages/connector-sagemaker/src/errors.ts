import {
  AuthenticationError,
  CloudConnectionError,
  CloudException,
  CloudExecutionError,
  InvalidParameterError,
  isAbortError,
  OperationAbortedError,
  RateLimitError,
} from '@neural/integrations-core';

/** What the AWS SDK's service exceptions carry; only what the mapping reads. */
interface AwsError {
  readonly name: string;
  readonly message: string;
  readonly $fault?: 'client' | 'server';
  readonly $metadata?: { readonly httpStatusCode?: number | undefined };
  readonly $retryable?: { readonly throttling?: boolean } | undefined;
}

function isAwsServiceError(error: unknown): error is AwsError {
  return error instanceof Error && typeof (error as { $metadata?: unknown }).$metadata === 'object';
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
]);
const TRANSIENT = new Set([
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'PriorRequestNotComplete',
]);
const CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'MissingAuthenticationTokenException',
  'IncompleteSignature',
  'CredentialsProviderError',
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'NotAuthorized']);

/** The field a `ValidationException` names (`Value 'x' at 'resourceConfig.instanceType' failed …`). */
export function fieldOfValidation(message: string): string {
  return /\bat '([^']+)'/.exec(message)?.[1] ?? '';
}

/** The AWS error code of an SDK error (`ResourceInUse`, `ValidationException`), or `undefined`. */
export function awsErrorCode(error: unknown): string | undefined {
  if (CloudException.isInstance(error)) {
    const cause = (error as { cause?: unknown }).cause;
    return isAwsServiceError(cause) ? cause.name : undefined;
  }
  return isAwsServiceError(error) ? error.name : undefined;
}

/**
 * The contract's error for anything an AWS SDK client threw (the README's table):
 * credentials refused → `AuthenticationError`; `AccessDenied` → `AuthenticationError` with code
 * `PERMISSION_DENIED` naming the IAM action; throttling (`ThrottlingException`, `SlowDown`, …) →
 * `RateLimitError`; `5xx` and `InternalFailure`/`ServiceUnavailable` and dropped connections → retryable;
 * `ValidationException` → `InvalidParameterError` naming the field; an abort → `OperationAbortedError`;
 * anything else → `CloudExecutionError` with code `AWS_<name>` for the caller to interpret.
 */
export function toContractError(error: unknown, operation: string, action: string): CloudException {
  if (CloudException.isInstance(error)) return error;
  // The SDK names a dropped socket `TimeoutError` (with `code: 'ECONNRESET'` and no HTTP status), which
  // would pass for an abort: a request that got no HTTP answer is a connection failure, retried.
  const noAnswer =
    isAwsServiceError(error) && error.$metadata?.httpStatusCode === undefined && error.name !== 'AbortError';
  if (noAnswer || (error instanceof Error && NETWORK_CODES.has((error as { code?: string }).code ?? ''))) {
    const message = (error as Error).message;
    return new CloudConnectionError(`${operation} failed: the connection to AWS broke (${message})`, {
      cause: error,
    });
  }
  if (isAbortError(error) || (error instanceof Error && error.name === 'AbortError')) {
    return new OperationAbortedError(`${operation} was aborted`, { cause: error });
  }
  if (!isAwsServiceError(error)) {
    const name = error instanceof Error ? error.name : '';
    const message = error instanceof Error ? error.message : String(error);
    if (CREDENTIALS.has(name)) {
      return new AuthenticationError(`${operation} failed: no AWS credentials could be loaded (${message})`, {
        cause: error,
      });
    }
    return new CloudConnectionError(`${operation} failed: cannot reach AWS (${message})`, { cause: error });
  }
  const status = error.$metadata?.httpStatusCode;
  const said = error.message ? `: ${error.message}` : '';
  if (CREDENTIALS.has(error.name)) {
    return new AuthenticationError(
      `${operation} failed: AWS refused the credentials (${error.name}${said})`,
      {
        cause: error,
      },
    );
  }
  if (DENIED.has(error.name) || status === 403) {
    return new AuthenticationError(
      `${operation} failed: the credentials may not call ${action} (${error.name}${said}). Grant it with the IAM policy the README shows`,
      { code: 'PERMISSION_DENIED', cause: error },
    );
  }
  if (THROTTLING.has(error.name) || error.$retryable?.throttling || status === 429) {
    return new RateLimitError(`${operation} failed: AWS asked to slow down (${error.name}${said})`, {
      cause: error,
    });
  }
  if (
    error.name === 'ValidationException' &&
    !/not found|could not find|does not exist|already exist/i.test(error.message)
  ) {
    const field = fieldOfValidation(error.message);
    return new InvalidParameterError(`${operation} failed: ${action} refused the request${said}`, {
      issues: [{ field, rule: error.message }],
      cause: error,
    });
  }
  const transient =
    TRANSIENT.has(error.name) || (status !== undefined && status >= 500) || error.$fault === 'server';
  return new CloudExecutionError(
    `${operation} failed: ${action} answered ${error.name}${status ? ` (${status})` : ''}${said}`,
    {
      code: `AWS_${error.name}`,
      retryable: transient,
      cause: error,
    },
  );
}

/** Whether a contract error came from this AWS error code (see {@link toContractError}). */
export function isAwsError(error: unknown, ...codes: string[]): boolean {
  return CloudExecutionError.isInstance(error) && codes.some((code) => error.code === `AWS_${code}`);
}

/** Whether an error says the credentials were refused or lack a permission (what `authenticate` answers `false` to). */
export function isRefusedCredentials(error: unknown): boolean {
  return AuthenticationError.isInstance(error);
}
