/**
 * `@neural/connector-conformance/chaos`: a journaled batch run through a connector (under whatever faults its
 * platform or fake injects) and the check that nothing was lost or made twice. For a connector's chaos test.
 *
 * @packageDocumentation
 */

export {
  chaosJobRequests,
  type JournaledBatchOptions,
  type JournaledBatchRun,
  runJournaledBatch,
} from './journaled-batch.js';
export {
  assertNoneLostNoneDuplicated,
  type BatchCheckOptions,
  type BatchRule,
  type BatchViolation,
  BatchViolationError,
  findBatchViolations,
} from './violations.js';
