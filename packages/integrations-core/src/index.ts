/**
 * `@neural/integrations-core`: the contract (`BaseConnector`, `Connector`, statuses, resources, results), the
 * error family and the helpers. Safe for every runtime: nothing here imports a `node:` module (a test bundles
 * it for a platform-neutral target to prove it). Node-only parts are at `@neural/integrations-core/node`, test
 * utilities at `@neural/integrations-core/testing`, HTTP plumbing at `@neural/integrations-core/http`.
 *
 * @packageDocumentation
 */
export {
  type BatchSubmitFailure,
  type BatchSubmitOptions,
  type BatchSubmitResult,
  batchSubmitJobs,
} from './batch.js';
export { canonicalJson } from './canonical-json.js';
export { type Clock, type ClockTimeout, systemClock, timeoutSignal } from './clock.js';
export { BaseConnector, type ConnectorOptions } from './connector/base-connector.js';
export type { CallOptions } from './connector/call-options.js';
export {
  CONTRACT_METHODS,
  type ConnectorCapabilities,
  type ContractMethod,
  OPTIONAL_METHODS,
  type OptionalMethod,
  REQUIRED_METHODS,
  type RequiredMethod,
} from './connector/capabilities.js';
export {
  type Connector,
  getCapabilities,
  type ResourceUsage,
  supportsIdempotentSubmit,
} from './connector/contract.js';
export { assertJobId } from './connector/job-id.js';
export {
  type DeployModelOptions,
  type FollowLogsOptions,
  type ListJobsOptions,
  ListJobsOptionsSchema,
  type ParsedSubmitJobRequest,
  parseListJobsOptions,
  parseSubmitJobRequest,
  type SubmitJobRequest,
  SubmitJobRequestSchema,
} from './connector/requests.js';
export {
  type CommonConnectorOptions,
  connectorOptionFields,
  type TokenClientOptions,
  tokenClientOptionFields,
} from './connector-option-fields.js';
export {
  AuthenticationError,
  CloudConnectionError,
  CloudException,
  type CloudExceptionJSON,
  type CloudExceptionOptions,
  CloudExecutionError,
  ERROR_CODE_FAMILIES,
  ERROR_CODES,
  type ErrorClassName,
  type ErrorCode,
  type ErrorCodeInfo,
  type ErrorCodeOption,
  InvalidParameterError,
  isAbortError,
  isKnownErrorCode,
  JobNotFoundError,
  JobTimeoutError,
  NotSupportedError,
  OperationAbortedError,
  type ParameterIssue,
  RateLimitError,
  raceAbort,
  throwIfAborted,
} from './errors.js';
export { formatJobOutput } from './format.js';
export {
  JobResult,
  type JobResultInput,
  JobResultSchema,
  JobStatusSchema,
  type JobSummary,
  JobSummarySchema,
} from './job-result.js';
export {
  isJobStatus,
  isLegalTransition,
  isTerminalStatus,
  JOB_STATUS_TRANSITIONS,
  JOB_STATUSES,
  JobStatus,
  TERMINAL_STATUSES,
} from './job-status.js';
export {
  foldJournal,
  type JobJournal,
  type JournalEntry,
  type JournalRecord,
  type JournalRequest,
} from './journal.js';
export { type JsonValue, JsonValueSchema } from './json.js';
export {
  assertWithinStructureLimits,
  findStructureLimitBreach,
  MAX_NESTING_DEPTH,
  MAX_STRUCTURE_VALUES,
  type StructureLimitBreach,
} from './limits.js';
export { assertLocalPath, LOCAL_PATH_RULE } from './local-path.js';
export { followLogsStartOffset } from './log-offset.js';
export {
  consoleLogger,
  fromPino,
  type LogFields,
  type Logger,
  type LogLevel,
  redactingLogger,
  silentLogger,
} from './logger.js';
export { MemoryJobJournal } from './memory-journal.js';
export { createPrng } from './prng.js';
export { createRateLimiter, type RateLimiter, type RateLimiterOptions } from './rate-limiter.js';
export {
  type ReconcileConflict,
  type ReconcileOptions,
  type ReconcileResult,
  reconcile,
  type TaggedJob,
} from './reconcile.js';
export {
  REDACTED,
  Redactor,
  redactCredentials,
  SECRET_FIELD_PATTERN,
  SECRET_PIECE_LENGTH,
} from './redact.js';
export {
  type ConnectorFactory,
  type ConnectorFactoryOptions,
  ConnectorKindSchema,
  type ConnectorLookupOptions,
  type ConnectorPackageFinder,
  type ConnectorRegistration,
  ConnectorRegistry,
  connectorPackageNames,
  createConnector,
  defaultConnectorRegistry,
  type FoundConnectorPackage,
  registerConnector,
  UnknownConnectorError,
  type UnknownConnectorErrorOptions,
} from './registry.js';
export { parseRemotePath } from './remote-path.js';
export { ResourceConfig, type ResourceConfigInput, ResourceConfigSchema } from './resource-config.js';
export {
  type JournalJobResult,
  type ResumeJournalOptions,
  type ResumeJournalResult,
  resumeJournal,
} from './resume-journal.js';
export {
  checkRetryPolicy,
  computeRetryDelay,
  isRetryableError,
  type RetryAttempt,
  type RetryPolicy,
  withRetry,
} from './retry.js';
export { type LogRetriesOptions, logRetries, type RetryEvent } from './retry-log.js';
export { type StateMapping, stateMapping } from './state-mapping.js';
export {
  cappedPollDelay,
  MAX_STATUS_WAIT_MS,
  type PollDelayPolicy,
  type PollForStatusChangeOptions,
  parseWaitForStatusChangeOptions,
  pollForStatusChange,
  type StatusChange,
  type WaitForStatusChangeOptions,
  WaitForStatusChangeOptionsSchema,
} from './status-change.js';
export { type StrictOptionsSettings, strictOptions } from './strict-options.js';
export {
  describeRefusedValue,
  MAX_QUOTED_LENGTH,
  type ParameterIssueOptions,
  parseOrThrow,
  suggestKnownKey,
  toParameterIssues,
} from './validation.js';
export { waitForCompletion } from './wait-for-completion.js';
export {
  type JobEndedEvent,
  type JobReachableEvent,
  type JobStatusEvent,
  type JobUnreachableEvent,
  type JobWatchErrorEvent,
  type JobWatchEvent,
  toCloudException,
  unreachableError,
} from './watch-events.js';
export {
  DEFAULT_UNREACHABLE_BUDGET_MS,
  type JobStatusChange,
  type WatchJobOptions,
  watchJob,
} from './watch-job.js';
export { type WatchJobsOptions, watchJobs } from './watch-jobs.js';
