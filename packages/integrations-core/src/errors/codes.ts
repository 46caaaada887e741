/**
 * Every `code` the error family carries, with what it means: the one list a caller matches against, and the
 * source of the table in docs/errors.md (`pnpm --filter @neural/integrations-core docs:errors`).
 */

/** The class that throws a code, and what the code means. */
export interface ErrorCodeInfo {
  /** The classes of the family that carry this code (most codes have one). */
  readonly errors: readonly ErrorClassName[];
  /** One line: when the code is thrown. */
  readonly meaning: string;
  /**
   * Who throws it: `core` (`core (http)`, `core (node)`: the helpers of that subpath), or the connectors and
   * packages that set it.
   */
  readonly thrownBy: string;
}

/** The name of a class of the family. */
export type ErrorClassName =
  | 'CloudException'
  | 'CloudConnectionError'
  | 'CloudExecutionError'
  | 'InvalidParameterError'
  | 'AuthenticationError'
  | 'JobNotFoundError'
  | 'RateLimitError'
  | 'NotSupportedError'
  | 'JobTimeoutError'
  | 'OperationAbortedError';

/**
 * Every fixed code thrown by this repository's packages, frozen. Codes that carry a platform's own number or
 * name (`HTTP_404`, `SLURM_2000`) are in {@link ERROR_CODE_FAMILIES}.
 */
export const ERROR_CODES = Object.freeze({
  CLOUD_ERROR: {
    errors: ['CloudException'],
    meaning: 'a failure outside every other case; the default of the base class',
    thrownBy: 'core',
  },
  CONNECTION_FAILED: {
    errors: ['CloudConnectionError'],
    meaning: 'the platform could not be reached, and the request may have arrived',
    thrownBy: 'core',
  },
  CONNECTION_REFUSED: {
    errors: ['CloudConnectionError'],
    meaning: 'the connection was refused: the request was never sent, so resending it is safe',
    thrownBy: 'core (http)',
  },
  HOST_NOT_FOUND: {
    errors: ['CloudConnectionError'],
    meaning: "the platform's host name did not resolve: the request was never sent",
    thrownBy: 'core (http)',
  },
  TIMEOUT: {
    errors: ['CloudConnectionError'],
    meaning: 'one attempt at a request ran past its time limit',
    thrownBy: 'core (http)',
  },
  SERVER_ERROR: {
    errors: ['CloudConnectionError'],
    meaning: 'the platform answered with a 5xx',
    thrownBy: 'core (http), HttpConnector, DatabricksConnector',
  },
  INVALID_RESPONSE: {
    errors: ['CloudConnectionError'],
    meaning: 'the answer is not JSON, or fails the schema the connector expects',
    thrownBy: 'core (http)',
  },
  INCOMPLETE_DOWNLOAD: {
    errors: ['CloudConnectionError'],
    meaning: 'a download ended before the length the platform announced',
    thrownBy: 'core (node)',
  },
  INCOMPLETE_UPLOAD: {
    errors: ['CloudConnectionError'],
    meaning: 'the platform stored fewer bytes than were sent',
    thrownBy: 'DatabricksConnector',
  },
  CHECKSUM_MISMATCH: {
    errors: ['CloudConnectionError'],
    meaning: "a file's bytes do not match the checksum the platform gave for them",
    thrownBy: 'core (node), HttpConnector',
  },
  STREAM_BROKEN: {
    errors: ['CloudConnectionError'],
    meaning: 'a log or file stream was cut short',
    thrownBy: 'core (http, node), HttpConnector',
  },
  LOG_STREAM_BROKEN: {
    errors: ['CloudExecutionError'],
    meaning: "a job's log file could not be read while following it",
    thrownBy: 'LocalConnector',
  },
  JOB_UNREACHABLE: {
    errors: ['CloudConnectionError'],
    meaning: 'a watched job stayed unreachable past its budget; its status is unknown',
    thrownBy: 'core (watchJob, watchJobs)',
  },
  INJECTED_FAILURE: {
    errors: ['CloudConnectionError'],
    meaning: 'a failure injected by a test through the mock',
    thrownBy: 'MockConnector',
  },
  CONTROL_REQUEST_FAILED: {
    errors: ['CloudException'],
    meaning: "the fake platform's container refused a control request",
    thrownBy: 'fake-platform-container',
  },
  EXECUTION_FAILED: {
    errors: ['CloudExecutionError'],
    meaning: 'the platform understood the request and refused or failed it',
    thrownBy: 'core',
  },
  SUBMIT_AMBIGUOUS: {
    errors: ['CloudExecutionError'],
    meaning: 'a submit may have reached a platform without idempotency, so it is not resent',
    thrownBy: 'core (batchSubmitJobs)',
  },
  STATUS_UNKNOWN: {
    errors: ['CloudExecutionError'],
    meaning: 'the platform answered UNKNOWN too many times in a row while waiting',
    thrownBy: 'core (waitForCompletion, watchJob)',
  },
  PERMISSION_DENIED: {
    errors: ['CloudExecutionError', 'AuthenticationError'],
    meaning: 'the credentials are valid but may not do this',
    thrownBy: 'SlurmConnector, KubernetesConnector, SageMakerConnector, DatabricksConnector',
  },
  NAME_CONFLICT: {
    errors: ['CloudExecutionError'],
    meaning: 'a resource with this name already exists',
    thrownBy: 'KubernetesConnector',
  },
  ENDPOINT_EXISTS: {
    errors: ['CloudExecutionError'],
    meaning: 'an endpoint with this name is already deployed',
    thrownBy: 'MockConnector, HttpConnector (the platform\u2019s code)',
  },
  IDEMPOTENCY_KEY_REUSED: {
    errors: ['CloudExecutionError'],
    meaning: 'the same idempotency key was given for a different job',
    thrownBy: 'MockConnector, HttpConnector (the platform\u2019s code)',
  },
  FILE_NOT_FOUND: {
    errors: ['CloudExecutionError'],
    meaning: 'no file at the path asked for',
    thrownBy: 'LocalConnector, MockConnector',
  },
  DOWNLOAD_FAILED: {
    errors: ['CloudExecutionError'],
    meaning: 'a file could not be written to its local destination',
    thrownBy: 'MockConnector',
  },
  COPY_FAILED: {
    errors: ['CloudExecutionError'],
    meaning: 'a file could not be copied into or out of the job folder',
    thrownBy: 'LocalConnector',
  },
  LOCAL_WRITE_FAILED: {
    errors: ['CloudExecutionError'],
    meaning: 'a downloaded file could not be written to its local destination',
    thrownBy: 'core (node), SageMakerConnector',
  },
  RUNNER_START_FAILED: {
    errors: ['CloudExecutionError'],
    meaning: "the process that runs a job's code could not be started",
    thrownBy: 'LocalConnector',
  },
  CORRUPT_RECORD: {
    errors: ['CloudExecutionError'],
    meaning: "a job's record on disk is not valid",
    thrownBy: 'LocalConnector',
  },
  RECORD_UNREADABLE: {
    errors: ['CloudExecutionError'],
    meaning: "a job's record on disk could not be read",
    thrownBy: 'LocalConnector',
  },
  LOGS_UNAVAILABLE: {
    errors: ['CloudExecutionError'],
    meaning: "a finished job's output files are not visible from this machine",
    thrownBy: 'SlurmConnector',
  },
  CONNECTOR_FACTORY_FAILED: {
    errors: ['CloudException'],
    meaning: "a registered connector's factory threw while creating it",
    thrownBy: 'core (registry)',
  },
  IMAGE_BUILD_FAILED: {
    errors: ['CloudException'],
    meaning: "the fake platform's container image could not be built",
    thrownBy: 'fake-platform-container',
  },
  CONTAINER_START_FAILED: {
    errors: ['CloudExecutionError'],
    meaning: "the fake platform's container did not start",
    thrownBy: 'fake-platform-container',
  },
  INVALID_PARAMETER: {
    errors: ['InvalidParameterError'],
    meaning: 'input was refused before anything was sent or written; `issues` names every field',
    thrownBy: 'core, every connector',
  },
  INVALID_PARAMETER_VALUE: {
    errors: ['InvalidParameterError'],
    meaning: 'the platform refused a field of the request (its own code)',
    thrownBy: 'DatabricksConnector',
  },
  UNKNOWN_CONNECTOR: {
    errors: ['InvalidParameterError'],
    meaning: 'no connector is registered under this kind',
    thrownBy: 'core (registry)',
  },
  CONNECTOR_PACKAGE_INVALID: {
    errors: ['InvalidParameterError'],
    meaning: 'a package named as a connector does not export a connector factory',
    thrownBy: 'core (registry)',
  },
  CREDENTIALS_FILE_UNREADABLE: {
    errors: ['InvalidParameterError'],
    meaning: 'the credentials file is missing or cannot be read',
    thrownBy: 'core (loadCredentialsFromFile)',
  },
  CREDENTIALS_FILE_INSECURE: {
    errors: ['InvalidParameterError'],
    meaning: 'the credentials file can be read by other users',
    thrownBy: 'core (loadCredentialsFromFile)',
  },
  CREDENTIALS_FILE_TOO_LARGE: {
    errors: ['InvalidParameterError'],
    meaning: 'the credentials file is larger than a credentials file can be',
    thrownBy: 'core (loadCredentialsFromFile)',
  },
  CREDENTIALS_FILE_MALFORMED: {
    errors: ['InvalidParameterError'],
    meaning: 'the credentials file is not valid (line and column in the message)',
    thrownBy: 'core (loadCredentialsFromFile)',
  },
  PROFILE_NOT_FOUND: {
    errors: ['CloudException'],
    meaning: 'no saved platform profile has this name',
    thrownBy: 'cli',
  },
  CREDENTIALS_WRITE_FAILED: {
    errors: ['CloudException'],
    meaning: 'the credentials file could not be written',
    thrownBy: 'core (saveCredentialsToFile)',
  },
  JOURNAL_UNWRITABLE: {
    errors: ['CloudException'],
    meaning: "a batch journal's file could not be written",
    thrownBy: 'core (FileJournal)',
  },
  JOURNAL_UNREADABLE: {
    errors: ['CloudException'],
    meaning: "a batch journal's file could not be read",
    thrownBy: 'core (FileJournal)',
  },
  JOURNAL_CORRUPT: {
    errors: ['CloudException'],
    meaning: "a batch journal's file holds a line that is not a journal entry",
    thrownBy: 'core (FileJournal)',
  },
  AUTHENTICATION_FAILED: {
    errors: ['AuthenticationError'],
    meaning: 'the platform refused the credentials',
    thrownBy: 'core',
  },
  UNAUTHENTICATED: {
    errors: ['AuthenticationError'],
    meaning: 'the platform answered 401 without a code of its own',
    thrownBy: 'HttpConnector, DatabricksConnector',
  },
  JOB_NOT_FOUND: {
    errors: ['JobNotFoundError'],
    meaning: 'no job has this id',
    thrownBy: 'core, every connector',
  },
  RATE_LIMITED: {
    errors: ['RateLimitError'],
    meaning: 'the platform asked the client to slow down (429); see `retryAfterMs`',
    thrownBy: 'core, every REST connector',
  },
  NOT_SUPPORTED: {
    errors: ['NotSupportedError'],
    meaning: 'an optional method the connector does not implement was called',
    thrownBy: 'core, every connector',
  },
  JOB_TIMEOUT: {
    errors: ['JobTimeoutError'],
    meaning: 'a job did not end within `timeoutMs`',
    thrownBy: 'core (waitForCompletion, watchJob)',
  },
  ABORTED: {
    errors: ['OperationAbortedError'],
    meaning: "the caller's AbortSignal aborted the call",
    thrownBy: 'core, every connector',
  },
} as const satisfies Record<string, ErrorCodeInfo>);

/**
 * Codes built from a prefix and the platform's own number or name, keyed by prefix, frozen. The `pattern`
 * shows the shape: `HTTP_404`, `SLURM_2000`.
 */
export const ERROR_CODE_FAMILIES = Object.freeze({
  HTTP_: {
    pattern: 'HTTP_<status>',
    errors: ['CloudExecutionError'],
    meaning: 'a refusal (4xx) that no row of the connector\u2019s error table names',
    thrownBy: 'core (http)',
  },
  SLURM_: {
    pattern: 'SLURM_<errno>',
    errors: ['CloudExecutionError'],
    meaning: 'a Slurm error number without a code of its own (`SLURM_2000`: invalid partition)',
    thrownBy: 'SlurmConnector',
  },
  KUBERNETES_: {
    pattern: 'KUBERNETES_<reason>',
    errors: ['CloudExecutionError'],
    meaning: 'a Kubernetes API refusal, by its `reason`',
    thrownBy: 'KubernetesConnector',
  },
  AWS_: {
    pattern: 'AWS_<error name>',
    errors: ['CloudExecutionError'],
    meaning: 'an AWS API refusal, by its error name',
    thrownBy: 'SageMakerConnector',
  },
} as const satisfies Record<string, ErrorCodeInfo & { readonly pattern: string }>);

/** A code of the family: one of {@link ERROR_CODES}, or a prefix of {@link ERROR_CODE_FAMILIES} and a suffix. */
export type ErrorCode = keyof typeof ERROR_CODES | `${keyof typeof ERROR_CODE_FAMILIES}${string}`;

/** Whether `code` is one of {@link ErrorCode}'s codes. */
export function isKnownErrorCode(code: string): code is ErrorCode {
  if (Object.hasOwn(ERROR_CODES, code)) return true;
  return Object.keys(ERROR_CODE_FAMILIES).some(
    (prefix) => code.startsWith(prefix) && code.length > prefix.length,
  );
}
