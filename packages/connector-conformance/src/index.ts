export { type BadgeContent, badgePathFor, certificateBadge, renderBadge } from './badge.js';
export {
  type CertificateEnvironment,
  type ConformanceCertificate,
  ConformanceCertificateSchema,
  createCertificate,
  formatCertificate,
  parseCertificate,
} from './certificate.js';
export { type ConformanceClause, defineClause } from './clause.js';
export type {
  ClauseOutcome,
  ClauseReport,
  ConformanceInterruption,
  ConformanceReport,
} from './clause-report.js';
export { type ClauseSelection, selectClauses } from './clause-selection.js';
export { CONFORMANCE_CLAUSES } from './clauses/index.js';
export {
  ClauseContext,
  ClauseFailure,
  type ClauseFailureDetails,
  ClauseSkipped,
  type ConformanceJobKind,
  type ConnectOutcome,
  credentialSecrets,
  type RecordedCall,
  type StatusObservation,
} from './context.js';
export { renderContractMarkdown } from './contract-doc.js';
export { CONTRACT_VERSION } from './contract-version.js';
export type { ConformanceEvent, TeardownTimedOutEvent } from './events.js';
export type { JobObservation, JobStalledEvent, JobsCancelledEvent } from './job-events.js';
export { formatProgressEvent } from './progress.js';
export {
  claimedCapabilities,
  describeRun,
  formatClauseLine,
  formatJsonReport,
  formatJunitReport,
  formatReport,
  formatTextReport,
  REPORTERS,
  type ReporterName,
} from './reporters.js';
export { type Certification, CONFORMANCE_CAPABILITIES } from './run-options.js';
export {
  DEFAULT_TEARDOWN_TIMEOUT_MS,
  defaultStallNoticeMs,
  type RunConformanceOptions,
  runConformance,
} from './runner.js';
export { type ConformanceSession, openConformanceSession } from './session.js';
export { conformanceSuiteVersion, SEMVER_PATTERN } from './suite-version.js';
export {
  assertConformanceTarget,
  type ConformanceCapability,
  type ConformanceCredentials,
  type ConformanceTarget,
  type ConformanceTiming,
  defineConformanceTarget,
  type FailingJob,
  type JobFactories,
  type LongRunningJob,
  type NoSecretCredentials,
  noCredentialsReason,
  type RefusableCredentials,
  type ResolvedTiming,
  resolveTiming,
  type SucceedingJob,
} from './target.js';
export {
  ConformanceTargetError,
  type TargetFailure,
  type TargetPhase,
} from './target-failure.js';
