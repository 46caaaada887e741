import { z } from 'zod';
import { InvalidParameterError, type ParameterIssue } from '../errors.js';
import { JobStatusSchema } from '../job-result.js';
import type { JobStatus } from '../job-status.js';
import { assertWithinStructureLimits } from '../limits.js';
import { signalValue } from '../option-value-schemas.js';
import { ResourceConfig, type ResourceConfigInput } from '../resource-config.js';
import { parseOrThrow, toParameterIssues } from '../validation.js';
import type { CallOptions } from './call-options.js';

/** What `submitJob` takes: the seed's keyword arguments as one object. */
export interface SubmitJobRequest extends CallOptions {
  /** The code to run (Python by default on most platforms). */
  code: string;
  /** The resources to ask for; a plain object is validated into a {@link ResourceConfig}. */
  resourceConfig?: ResourceConfig | ResourceConfigInput | undefined;
  /** Environment variables for the job. Names must be valid shell identifiers. */
  environment?: Readonly<Record<string, string>> | undefined;
  /** Packages to install first, as requirement strings (`'numpy>=1.23'`). */
  dependencies?: readonly string[] | undefined;
  /** A human-readable name: letters, digits, `.`, `_` and `-`, at most 128 characters. */
  jobName?: string | undefined;
  /**
   * Makes the submit safe to retry: the same key gives the same job, never a second one (when the connector
   * claims the `idempotency` capability). Generated per call when omitted by helpers that retry.
   */
  idempotencyKey?: string | undefined;
}

/** A {@link SubmitJobRequest} after validation: defaults filled, `resourceConfig` a {@link ResourceConfig}. */
export interface ParsedSubmitJobRequest {
  /** The code to run. */
  readonly code: string;
  /** The validated resources. */
  readonly resourceConfig: ResourceConfig;
  /** Environment variables (empty when none were given). */
  readonly environment: Readonly<Record<string, string>>;
  /** Requirement strings (empty when none were given). */
  readonly dependencies: readonly string[];
  /** The job's name, when one was given. */
  readonly jobName: string | undefined;
  /** The idempotency key, when one was given. */
  readonly idempotencyKey: string | undefined;
  /** The caller's signal. */
  readonly signal: AbortSignal | undefined;
}

/** What `listJobs` takes. */
export interface ListJobsOptions extends CallOptions {
  /** At most this many jobs, newest first. Default 10, at most 1000. */
  limit?: number | undefined;
  /** Only jobs in this status. */
  statusFilter?: JobStatus | undefined;
}

/** What `deployModel` takes besides the model path and endpoint name. */
export interface DeployModelOptions extends CallOptions {
  /** The resources the endpoint runs on. */
  resourceConfig?: ResourceConfig | ResourceConfigInput | undefined;
}

/** What `followLogs` takes. */
export interface FollowLogsOptions extends CallOptions {
  /** Start at this character offset of the log instead of its beginning. */
  fromOffset?: number | undefined;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The zod schema of a {@link SubmitJobRequest}. */
export const SubmitJobRequestSchema = z.strictObject({
  code: z
    .string({ error: 'must be a string of code' })
    .refine((code) => code.trim().length > 0, 'must not be empty'),
  resourceConfig: z.unknown().optional(),
  environment: z
    .record(
      z
        .string()
        .regex(
          ENV_NAME,
          'environment variable names must be letters, digits and _, not starting with a digit',
        ),
      z.string({ error: 'environment values must be strings' }),
    )
    .optional(),
  dependencies: z
    .array(z.string().min(1, 'must not be empty').max(512, 'must be at most 512 characters'), {
      error: 'must be an array of requirement strings',
    })
    .optional(),
  jobName: z
    .string()
    .max(128, 'must be at most 128 characters')
    .regex(JOB_NAME, 'must start with a letter or digit and hold only letters, digits, ".", "_" and "-"')
    .optional(),
  idempotencyKey: z
    .string()
    .min(1, 'must not be empty')
    .max(255, 'must be at most 255 characters')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
  signal: signalValue.optional(),
});

const SUBMIT_KEYS = Object.keys(SubmitJobRequestSchema.shape);

/**
 * Validates a `submitJob` request before anything is sent: throws `InvalidParameterError` naming every bad
 * field (including those inside `resourceConfig`), and returns it with defaults filled.
 */
export function parseSubmitJobRequest(request: SubmitJobRequest): ParsedSubmitJobRequest {
  // What this function returned is valid by construction: a connector handed it (by batchSubmitJobs) does not
  // validate it a second time. Only this module can add to the set, so nothing else passes for validated.
  if (typeof request === 'object' && request !== null && validatedRequests.has(request)) {
    return request as unknown as ParsedSubmitJobRequest;
  }
  const subject = 'submitJob request';
  // Depth first: a deeply nested field would overflow the stack of the validation and cloning below.
  assertWithinStructureLimits(request, subject);
  const checked = SubmitJobRequestSchema.safeParse(request);
  const issues: ParameterIssue[] = checked.success
    ? []
    : toParameterIssues(checked.error, request, { knownKeys: SUBMIT_KEYS });
  // The resource config is checked even when other fields are bad, so one error names every bad field.
  const rawConfig =
    request !== null && typeof request === 'object'
      ? (request as { resourceConfig?: unknown }).resourceConfig
      : undefined;
  let resourceConfig: ResourceConfig | undefined;
  try {
    resourceConfig = ResourceConfig.from(rawConfig as ResourceConfigInput | undefined);
  } catch (error) {
    if (!InvalidParameterError.isInstance(error)) throw error;
    for (const issue of error.issues) {
      issues.push({
        field: issue.field ? `resourceConfig.${issue.field}` : 'resourceConfig',
        rule: issue.rule,
      });
    }
  }
  if (!checked.success || resourceConfig === undefined)
    throw InvalidParameterError.fromIssues(subject, issues);
  const parsed = checked.data;
  return markValidated({
    code: parsed.code,
    resourceConfig,
    environment: Object.freeze({ ...(parsed.environment ?? {}) }),
    dependencies: Object.freeze([...(parsed.dependencies ?? [])]),
    jobName: parsed.jobName,
    idempotencyKey: parsed.idempotencyKey,
    signal: parsed.signal,
  });
}

/** Requests {@link parseSubmitJobRequest} produced (frozen): parsing one again returns it as it is. */
const validatedRequests = new WeakSet<object>();

function markValidated(request: ParsedSubmitJobRequest): ParsedSubmitJobRequest {
  const frozen = Object.freeze(request);
  validatedRequests.add(frozen);
  return frozen;
}

/**
 * A validated request with the idempotency key and signal of one call, still validated: how `batchSubmitJobs`
 * hands a job it already checked to `submitJob` without a second validation. The key is checked here, so a
 * malformed one never reaches a connector either. Internal to the package (not exported from its entry).
 */
export function withCallIdentity(
  request: ParsedSubmitJobRequest,
  idempotencyKey: string,
  signal: AbortSignal | undefined,
): ParsedSubmitJobRequest {
  const key = SubmitJobRequestSchema.shape.idempotencyKey.safeParse(idempotencyKey);
  if (!key.success) {
    throw InvalidParameterError.fromIssues('submitJob request', [
      {
        field: 'idempotencyKey',
        rule: key.error.issues[0]?.message ?? 'must be printable ASCII without spaces',
      },
    ]);
  }
  return markValidated({ ...request, idempotencyKey: key.data, signal });
}

/** The zod schema of {@link ListJobsOptions}. */
export const ListJobsOptionsSchema = z.strictObject({
  limit: z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .optional(),
  statusFilter: JobStatusSchema.optional(),
  signal: signalValue.optional(),
});

const LIST_JOBS_KEYS = Object.keys(ListJobsOptionsSchema.shape);

/** Validates `listJobs` options and fills the default limit (10). */
export function parseListJobsOptions(options: ListJobsOptions = {}): {
  limit: number;
  statusFilter: JobStatus | undefined;
  signal: AbortSignal | undefined;
} {
  const parsed = parseOrThrow(ListJobsOptionsSchema, options, 'listJobs options', {
    knownKeys: LIST_JOBS_KEYS,
  });
  return { limit: parsed.limit ?? 10, statusFilter: parsed.statusFilter, signal: parsed.signal };
}
