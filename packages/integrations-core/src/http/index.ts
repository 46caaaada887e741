/**
 * `@neural/integrations-core/http`: the platform-neutral HTTP plumbing every REST connector needs, so that a
 * connector holds its platform's code and nothing else. In the manner of the AI SDK's provider-utils. Safe for
 * every runtime (no `node:` import): streaming files to and from disk is at `@neural/integrations-core/node`.
 *
 * @packageDocumentation
 */
export { connectionFailureCode, isNotSent, NOT_SENT_CODES, networkErrorCode } from './delivery.js';
export { EXCERPT_LENGTH, excerpt } from './excerpt.js';
export { readJsonLines, readLines } from './ndjson.js';
export { assertLocalPath, encodeRemotePath } from './paths.js';
export { type BodyHolder, discardBody, parseJsonText, parseWith, readJson } from './response.js';
export {
  DEFAULT_ERROR_RULES,
  describeFailure,
  type ErrorContext,
  errorForFailure,
  errorFromResponse,
  type FailedResponse,
  type FailureContext,
  invalidResponse,
  parseRetryAfter,
  type ResponseErrorRule,
  type ResponseErrorTable,
  readErrorPayload,
} from './response-errors.js';
export { type AttemptTimeout, startAttemptTimeout, TIMEOUT_CODE, timeoutError } from './timeout.js';
export { type AccessToken, TokenCache } from './token-cache.js';
export {
  type BearerAuth,
  type HttpRequest,
  HttpTransport,
  type HttpTransportOptions,
} from './transport.js';
