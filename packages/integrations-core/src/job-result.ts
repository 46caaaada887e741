import { z } from 'zod';
import { JOB_STATUSES, type JobStatus } from './job-status.js';
import { deepFreeze, type JsonValue, JsonValueSchema } from './json.js';
import { parseOrThrow } from './validation.js';

/** A zod schema for a {@link JobStatus} value. */
export const JobStatusSchema = z.enum(JOB_STATUSES as [JobStatus, ...JobStatus[]], {
  error: `must be one of ${JOB_STATUSES.join(', ')}`,
});

/** The zod schema of {@link JobResultInput}: what `new JobResult(input)` accepts. */
export const JobResultSchema = z.strictObject({
  jobId: z.string({ error: 'must be a string' }).min(1, 'must be a non-empty string'),
  status: JobStatusSchema,
  output: z.string().optional(),
  error: z.string().optional(),
  metrics: z.record(z.string(), JsonValueSchema).optional(),
  artifacts: z.array(z.string()).optional(),
  logsUrl: z.string().optional(),
  durationSeconds: z
    .number()
    .nonnegative('must not be negative')
    .refine(Number.isFinite, 'must be finite')
    .optional(),
  rawState: z.string().optional(),
});

/** What `new JobResult(input)` accepts. */
export type JobResultInput = z.input<typeof JobResultSchema>;

/**
 * What a job produced: the seed's `JobResult`, validated and immutable.
 *
 * @example
 * ```ts
 * const result = new JobResult({ jobId: 'job-1', status: JobStatus.SUCCEEDED, output: 'done', durationSeconds: 10.5 });
 * ```
 */
export class JobResult {
  /** The job's id on its platform. */
  readonly jobId: string;
  /** The job's normalised status when the result was read. */
  readonly status: JobStatus;
  /** What the job printed or returned, when the platform says. */
  readonly output: string | undefined;
  /** Why the job failed; set for FAILED jobs. */
  readonly error: string | undefined;
  /** Performance metrics the job reported (loss, accuracy, …). Default `{}`. */
  readonly metrics: Readonly<Record<string, JsonValue>>;
  /** Names or URLs of files the job produced. Default `[]`. */
  readonly artifacts: readonly string[];
  /** Where to view the job's logs, when the platform has a page for them. */
  readonly logsUrl: string | undefined;
  /** How long the job ran, in seconds (never negative). */
  readonly durationSeconds: number | undefined;
  /** The platform's own state name, kept beside the normalised one (`COMPLETING`, `OUT_OF_MEMORY`). */
  readonly rawState: string | undefined;

  constructor(input: JobResultInput) {
    const parsed = parseOrThrow(JobResultSchema, input, 'jobResult');
    this.jobId = parsed.jobId;
    this.status = parsed.status;
    this.output = parsed.output;
    this.error = parsed.error;
    this.metrics = deepFreeze(structuredClone(parsed.metrics ?? {}));
    this.artifacts = Object.freeze([...(parsed.artifacts ?? [])]);
    this.logsUrl = parsed.logsUrl;
    this.durationSeconds = parsed.durationSeconds;
    this.rawState = parsed.rawState;
    Object.freeze(this);
  }

  /** The plain form, without `undefined` fields. */
  toJSON(): JobResultInput {
    const plain: Record<string, unknown> = { ...(this as object) };
    for (const key of Object.keys(plain)) if (plain[key] === undefined) delete plain[key];
    return plain as JobResultInput;
  }
}

/** One entry of `listJobs()`: enough to show a job in a list, without fetching its result. */
export interface JobSummary {
  /** The job's id on its platform. */
  readonly id: string;
  /** The name given at submit time, when there was one. */
  readonly name?: string | undefined;
  /** The normalised status. */
  readonly status: JobStatus;
  /** The platform's own state name, kept beside the normalised one. */
  readonly rawState?: string | undefined;
  /** When the job was submitted. */
  readonly createdAt: Date;
  /**
   * The idempotency key the job was submitted with, when the connector tagged the job with it and can read
   * the tag back (see `reconcile`); `undefined` when it was submitted without one or the platform cannot say.
   */
  readonly idempotencyKey?: string | undefined;
}

/** The zod schema of a {@link JobSummary}; accepts an ISO string or a `Date` for `createdAt`. */
export const JobSummarySchema = z.object({
  id: z.string().min(1, 'must be a non-empty string'),
  name: z.string().optional(),
  status: JobStatusSchema,
  rawState: z.string().optional(),
  createdAt: z.coerce.date({ error: 'must be a date' }),
  idempotencyKey: z.string().min(1, 'must be a non-empty string').optional(),
});
