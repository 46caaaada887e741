/**
 * What "nothing lost, nothing duplicated" means for a journaled batch, clause by clause: each rule below is
 * one property a run must have whatever faults the platform injected, and `findBatchViolations` lists every
 * place a run breaks one.
 */
import { isTerminalStatus, type JournalRecord } from '@neural/integrations-core';
import { excerpt } from '@neural/integrations-core/http';
import type { JournaledBatchRun } from './journaled-batch.js';

/**
 * The properties of a journaled batch, one name each:
 * - `journaled-once`: every submitted request has exactly one `intent` and one `submitted` record, and the
 *   journal's job id is the one the batch returned;
 * - `job-or-failure`: every request has a job id or a reported failure, never both and never neither;
 * - `distinct-job-ids`: no job id is returned for two requests;
 * - `settled`: every submitted job reaches a terminal state (its result fetched) or its watch failure is
 *   reported, exactly once, and the result is the job's own;
 * - `no-reported-failure`: nothing failed at all (unless `allowReportedFailures`);
 * - `expected-output`: each result holds its request's output (with `expectedOutput`);
 * - `platform-holds-each-once`: the platform holds exactly the submitted jobs, none missing (lost) and none
 *   extra (made twice behind an answer that never arrived) (with `platformJobIds`).
 */
export type BatchRule =
  | 'journaled-once'
  | 'job-or-failure'
  | 'distinct-job-ids'
  | 'settled'
  | 'no-reported-failure'
  | 'expected-output'
  | 'platform-holds-each-once';

/** One place a run breaks a {@link BatchRule}. */
export interface BatchViolation {
  /** The property broken. */
  readonly rule: BatchRule;
  /** What happened, naming the request (by index) or the job. */
  readonly message: string;
}

/** What {@link findBatchViolations} checks beyond the journal and the two results. */
export interface BatchCheckOptions {
  /**
   * The ids of the jobs the platform holds that this run made, read from the platform (or its fake) after the
   * run. Checks `platform-holds-each-once`: the journal alone cannot see a job made twice.
   */
  readonly platformJobIds?: Iterable<string> | undefined;
  /** The output the job of request `index` prints. Checks `expected-output`: results were not crossed. */
  readonly expectedOutput?: ((index: number) => string) | undefined;
  /**
   * Whether reported failures (a submit that failed for good, a job that could not be watched to its end)
   * are acceptable. Default `false`: with enough retries, a run under faults settles every job.
   */
  readonly allowReportedFailures?: boolean | undefined;
}

/** How many violations an error message lists before it says "and N more". */
const LISTED = 12;

/** A run that broke one or more properties; `violations` holds every one. */
export class BatchViolationError extends Error {
  /** Every violation found, in the order of the rules. */
  readonly violations: readonly BatchViolation[];
  constructor(violations: readonly BatchViolation[]) {
    const listed = violations.slice(0, LISTED).map((v) => `  - ${v.rule}: ${v.message}`);
    const more = violations.length > LISTED ? [`  … and ${violations.length - LISTED} more`] : [];
    super([`The journaled batch broke ${violations.length} guarantee(s):`, ...listed, ...more].join('\n'));
    this.name = 'BatchViolationError';
    this.violations = violations;
  }
}

/**
 * Throws {@link BatchViolationError} listing every violation when `run` lost a request or a job, made one
 * twice, left one unsettled or (with the options) crossed outputs; returns quietly otherwise. Works under any
 * test runner: the error is the failure.
 *
 * @example
 * ```ts
 * const run = await runJournaledBatch(connector, chaosJobRequests(100));
 * assertNoneLostNoneDuplicated(run, {
 *   platformJobIds: await platform.jobIds(),
 *   expectedOutput: (index) => `chaos ${index}\n`,
 * });
 * ```
 */
export function assertNoneLostNoneDuplicated(run: JournaledBatchRun, options: BatchCheckOptions = {}): void {
  const violations = findBatchViolations(run, options);
  if (violations.length > 0) throw new BatchViolationError(violations);
}

/** Every violation of a {@link BatchRule} in `run`, in rule order; empty when the run kept them all. */
export function findBatchViolations(
  run: JournaledBatchRun,
  options: BatchCheckOptions = {},
): BatchViolation[] {
  return [
    ...journaledOnce(run),
    ...jobOrFailure(run),
    ...distinctJobIds(run),
    ...settled(run),
    ...(options.allowReportedFailures ? [] : noReportedFailure(run)),
    ...(options.expectedOutput ? expectedOutput(run, options.expectedOutput) : []),
    ...(options.platformJobIds ? platformHoldsEachOnce(run, new Set(options.platformJobIds)) : []),
  ];
}

type Submitted = Extract<JournalRecord, { type: 'submitted' }>;

function journaledOnce({ submitted, records }: JournaledBatchRun): BatchViolation[] {
  const intents = new Map<string, number>();
  const answers = new Map<string, Submitted[]>();
  for (const record of records) {
    if (record.type === 'intent') intents.set(record.key, (intents.get(record.key) ?? 0) + 1);
    if (record.type === 'submitted') answers.set(record.key, [...(answers.get(record.key) ?? []), record]);
  }
  const violations: BatchViolation[] = [];
  const violation = (message: string) => violations.push({ rule: 'journaled-once', message });
  submitted.idempotencyKeys.forEach((key, index) => {
    const jobId = submitted.jobIds[index] ?? null;
    const intentCount = intents.get(key) ?? 0;
    const answered = answers.get(key) ?? [];
    if (intentCount > 1) violation(`request ${index} (key ${key}) has ${intentCount} intent records`);
    if (jobId === null) {
      if (answered.length > 0) {
        violation(`request ${index} has no job id, but the journal recorded ${answered[0]?.jobId}`);
      }
      return;
    }
    if (intentCount === 0) violation(`request ${index} was submitted as ${jobId} without an intent record`);
    if (answered.length !== 1) {
      violation(`request ${index} (job ${jobId}) has ${answered.length} submitted records, not one`);
    } else if (answered[0]?.jobId !== jobId) {
      violation(
        `request ${index}: the batch returned ${jobId} but the journal recorded ${answered[0]?.jobId}`,
      );
    }
  });
  return violations;
}

function jobOrFailure({ requests, submitted }: JournaledBatchRun): BatchViolation[] {
  const failed = new Set(submitted.failures.map((failure) => failure.index));
  const violations: BatchViolation[] = [];
  if (submitted.jobIds.length !== requests.length || submitted.idempotencyKeys.length !== requests.length) {
    violations.push({
      rule: 'job-or-failure',
      message: `${requests.length} requests but ${submitted.jobIds.length} job ids and ${submitted.idempotencyKeys.length} keys`,
    });
  }
  requests.forEach((_, index) => {
    const jobId = submitted.jobIds[index] ?? null;
    if (jobId === null && !failed.has(index)) {
      violations.push({
        rule: 'job-or-failure',
        message: `request ${index} has no job and no reported failure`,
      });
    }
    if (jobId !== null && failed.has(index)) {
      violations.push({
        rule: 'job-or-failure',
        message: `request ${index} has job ${jobId} and is also reported failed`,
      });
    }
  });
  return violations;
}

function distinctJobIds({ submitted }: JournaledBatchRun): BatchViolation[] {
  const requestsOf = new Map<string, number[]>();
  submitted.jobIds.forEach((jobId, index) => {
    if (jobId !== null) requestsOf.set(jobId, [...(requestsOf.get(jobId) ?? []), index]);
  });
  return [...requestsOf]
    .filter(([, indexes]) => indexes.length > 1)
    .map(([jobId, indexes]) => ({
      rule: 'distinct-job-ids' as const,
      message: `job ${jobId} was returned for requests ${indexes.join(', ')}`,
    }));
}

function settled({ submitted, watched }: JournaledBatchRun): BatchViolation[] {
  const violations: BatchViolation[] = [];
  const violation = (message: string) => violations.push({ rule: 'settled', message });
  const seen = new Map<string, number>();
  for (const { jobId } of [...watched.results, ...watched.failures])
    seen.set(jobId, (seen.get(jobId) ?? 0) + 1);
  const submittedIds = new Set(submitted.jobIds.filter((jobId): jobId is string => jobId !== null));
  submitted.jobIds.forEach((jobId, index) => {
    if (jobId === null) return;
    const times = seen.get(jobId) ?? 0;
    if (times === 0) violation(`job ${jobId} (request ${index}) has neither a result nor a reported failure`);
    if (times > 1) violation(`job ${jobId} (request ${index}) was settled ${times} times`);
  });
  for (const { jobId, result } of watched.results) {
    if (!submittedIds.has(jobId)) violation(`a result came back for ${jobId}, which no request was given`);
    if (result.jobId !== jobId) violation(`the result fetched for ${jobId} is job ${result.jobId}'s`);
    if (!isTerminalStatus(result.status))
      violation(`job ${jobId} ended the watch ${result.status}, not terminal`);
  }
  return violations;
}

function noReportedFailure({ submitted, watched }: JournaledBatchRun): BatchViolation[] {
  const rule = 'no-reported-failure' as const;
  return [
    ...submitted.failures.map(({ index, error }) => ({
      rule,
      message: `request ${index} was not submitted: ${error.code}: ${error.message}`,
    })),
    ...watched.failures.map(({ jobId, error }) => ({
      rule,
      message: `job ${jobId} was not watched to its end: ${error.code}: ${error.message}`,
    })),
    ...watched.unsubmitted.map((key) => ({ rule, message: `key ${key} was journaled but never submitted` })),
  ];
}

function expectedOutput(
  { submitted, watched }: JournaledBatchRun,
  expected: (index: number) => string,
): BatchViolation[] {
  const indexOf = new Map(submitted.idempotencyKeys.map((key, index) => [key, index]));
  return watched.results.flatMap(({ key, jobId, result }) => {
    const index = indexOf.get(key);
    if (index === undefined) {
      return [{ rule: 'expected-output' as const, message: `job ${jobId}'s key ${key} names no request` }];
    }
    const want = expected(index);
    return result.output === want
      ? []
      : [
          {
            rule: 'expected-output' as const,
            message: `job ${jobId} (request ${index}) should have printed ${quoted(want)}; it printed ${quoted(result.output)}`,
          },
        ];
  });
}

/**
 * A job's output as a violation message shows it: escaped onto one line and cut to core's excerpt length, so
 * a job that printed megabytes still makes a message a person can read.
 */
function quoted(output: string | undefined): string {
  if (output === undefined) return 'no output';
  const shown = excerpt(JSON.stringify(output));
  return shown.endsWith('…') ? `${shown} (${output.length} characters)` : shown;
}

function platformHoldsEachOnce({ submitted }: JournaledBatchRun, onPlatform: Set<string>): BatchViolation[] {
  const rule = 'platform-holds-each-once' as const;
  const returned = new Set(submitted.jobIds.filter((jobId): jobId is string => jobId !== null));
  return [
    ...[...returned]
      .filter((jobId) => !onPlatform.has(jobId))
      .map((jobId) => ({
        rule,
        message: `job ${jobId} was returned but the platform does not hold it (lost)`,
      })),
    ...[...onPlatform]
      .filter((jobId) => !returned.has(jobId))
      .map((jobId) => ({
        rule,
        message: `the platform holds ${jobId}, which no request was answered with (made twice, or orphaned)`,
      })),
  ];
}
