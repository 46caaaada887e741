export { type ConformanceClause, defineClause } from './clause.js';
export { CONFORMANCE_CLAUSES } from './clauses/index.js';
export {
  ClauseContext,
  ClauseFailure,
  type ClauseFailureDetails,
  ClauseSkipped,
  type ConformanceJobKind,
  credentialSecrets,
  type RecordedCall,
} from './context.js';
export { renderContractMarkdown } from './contract-doc.js';
export {
  formatJsonReport,
  formatJunitReport,
  formatReport,
  formatTextReport,
  REPORTERS,
  type ReporterName,
} from './reporters.js';
export {
  type ClauseOutcome,
  type ClauseReport,
  type ConformanceReport,
  type ConformanceSession,
  openConformanceSession,
  type RunConformanceOptions,
  runConformance,
  selectClauses,
} from './runner.js';
export {
  assertConformanceTarget,
  type ConformanceCapability,
  type ConformanceTarget,
  type ConformanceTiming,
  defineConformanceTarget,
  type FailingJob,
  type LongRunningJob,
  type ResolvedTiming,
  resolveTiming,
  type SucceedingJob,
} from './target.js';
