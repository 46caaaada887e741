/**
 * The error family every connector throws. The seed's `neural.exceptions` (`CloudException`,
 * `CloudConnectionError`, `CloudExecutionError`, `InvalidParameterError`) plus the errors a real client needs.
 *
 * Every class carries a `Symbol.for` marker and a static `isInstance()`: a third-party connector may load its
 * own copy of this package, and `instanceof` fails across copies while `isInstance` does not.
 */
export { isAbortError, OperationAbortedError, raceAbort, throwIfAborted } from './abort.js';
export { AuthenticationError } from './authentication.js';
export {
  CloudException,
  type CloudExceptionJSON,
  type CloudExceptionOptions,
  type ErrorCodeOption,
} from './cloud-exception.js';
export {
  ERROR_CODE_FAMILIES,
  ERROR_CODES,
  type ErrorClassName,
  type ErrorCode,
  type ErrorCodeInfo,
  isKnownErrorCode,
} from './codes.js';
export { CloudConnectionError } from './connection.js';
export { CloudExecutionError } from './execution.js';
export { InvalidParameterError, type ParameterIssue } from './invalid-parameter.js';
export { JobTimeoutError } from './job-timeout.js';
export { JobNotFoundError } from './not-found.js';
export { NotSupportedError } from './not-supported.js';
export { RateLimitError } from './rate-limit.js';
