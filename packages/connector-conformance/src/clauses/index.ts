import type { ConformanceClause } from '../clause.js';
import { authClauses } from './auth.js';
import { cancelClauses } from './cancel.js';
import { durationClauses } from './durations.js';
import { earlyLogClauses } from './early-logs.js';
import { endpointClauses } from './endpoints.js';
import { fileClauses } from './files.js';
import { followClauses } from './follow.js';
import { jobClauses } from './jobs.js';
import { listStatusClauses } from './list-statuses.js';
import { optionalClauses } from './optional.js';
import { resultClauses } from './result.js';
import { safetyClauses } from './safety.js';
import { statusClauses } from './status.js';
import { submitClauses } from './submit.js';
import { waitClauses } from './wait.js';

/**
 * The connector contract, clause by clause, in the order reports and `docs/contract.md` list them. The single
 * source of both the checks and the documentation.
 */
export const CONFORMANCE_CLAUSES: readonly ConformanceClause[] = Object.freeze([
  ...authClauses,
  ...submitClauses,
  ...statusClauses,
  ...resultClauses,
  ...earlyLogClauses,
  ...durationClauses,
  ...cancelClauses,
  ...jobClauses,
  ...listStatusClauses,
  ...optionalClauses,
  ...fileClauses,
  ...endpointClauses,
  ...followClauses,
  ...waitClauses,
  ...safetyClauses,
]);
