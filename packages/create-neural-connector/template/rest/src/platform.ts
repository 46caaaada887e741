/**
 * Everything this connector knows about its platform's wire format, in three tables: what the answers look
 * like (zod schemas: every byte read from the wire is checked before it is used), what its job states mean,
 * and what its errors mean. This starts as the fake platform's API (`@neural/fake-platform`); rewrite it to
 * your platform's API reference. Keep schemas lenient where the API says a field may be absent or null.
 */
import {
  AuthenticationError,
  InvalidParameterError,
  JobNotFoundError,
  JobStatus,
  stateMapping,
  strictOptions,
} from '@neural/integrations-core';
import type { ResponseErrorTable } from '@neural/integrations-core/http';
import { z } from 'zod';

/** The credentials a {@link __CLASS__Connector} takes: an API key and the platform's base URL. */
// Strict: a misspelt key is refused with a did-you-mean hint. When you rename a key, list the old name in
// `strictOptions(shape, { renamed: { host: 'endpoint' } })` so users are told the new one.
export const __CLASS__CredentialsSchema = strictOptions({
  apiKey: z.string({ error: 'must be a string' }).min(1, 'must not be empty'),
  endpoint: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.example.com' }),
});

/** The credentials a {@link __CLASS__Connector} takes. */
export type __CLASS__Credentials = z.infer<typeof __CLASS__CredentialsSchema>;

const isoDate = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO date');
const absent = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

/** `POST /v1/auth/token`. */
export const TokenSchema = z.object({ accessToken: z.string().min(1), expiresIn: z.number().positive() });

/** A job, as every job route returns it. `state` stays a free string: a state not in the table is `unknown`. */
export const JobSchema = z.object({
  id: z.string().min(1),
  name: absent(z.string()),
  state: z.string().min(1),
  createdAt: isoDate,
});

/** `GET /v1/jobs`: one page, and the cursor of the next (`null` on the last). */
export const JobPageSchema = z.object({ jobs: z.array(JobSchema), nextCursor: z.string().min(1).nullable() });

/** `POST /v1/jobs/{id}/cancel`. */
export const CancelSchema = z.object({ cancelled: z.boolean() });

/** `GET /v1/jobs/{id}/logs`: a page of text from `offset`. */
export const LogsPageSchema = z.object({
  content: z.string(),
  nextOffset: z.number().int().nonnegative(),
  complete: z.boolean(),
});

/** `GET /v1/jobs/{id}/result`. */
export const ResultSchema = z.object({
  state: z.string().min(1),
  output: absent(z.string()),
  error: absent(z.string()),
  durationSeconds: absent(z.number().nonnegative()),
});

/** The platform's job states onto the contract's statuses. Anything missing maps to `unknown`, never a guess. */
export const PLATFORM_STATE_TO_STATUS: Readonly<Record<string, JobStatus>> = Object.freeze({
  QUEUED: JobStatus.PENDING,
  STARTING: JobStatus.PENDING,
  RUNNING: JobStatus.RUNNING,
  COMPLETED: JobStatus.SUCCEEDED,
  FAILED: JobStatus.FAILED,
  CANCELLED: JobStatus.CANCELLED,
});

// The lookups are core's: only the table above is this platform's code.
const PLATFORM_STATE_MAPPING = stateMapping(PLATFORM_STATE_TO_STATUS);

/** The status a platform state means: `unknown` for a state the table does not list. */
export const mapPlatformState: (state: string) => JobStatus = PLATFORM_STATE_MAPPING.statusOf;

/** The platform states that mean `status` (for a list filter); empty for `unknown`. */
export const platformStatesFor: (status: JobStatus) => string[] = PLATFORM_STATE_MAPPING.statesFor;

/** An `application/problem+json` body. All optional: a broken error body must not hide the status. */
export const ProblemSchema = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  code: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), rule: z.string() })).optional(),
});

/** A parsed problem+json body. */
export type Problem = z.infer<typeof ProblemSchema>;

/**
 * What the platform's failures mean. Core's defaults already make 401 an `AuthenticationError`, 429 a
 * `RateLimitError` (with `Retry-After`), 5xx a retryable `CloudConnectionError` and 400/422 an
 * `InvalidParameterError`; list here only what your platform says more precisely.
 */
export const PLATFORM_ERRORS: ResponseErrorTable<Problem> = {
  payload: ProblemSchema,
  describe: (problem) =>
    [problem.code, problem.title, problem.detail].filter(Boolean).join(': ') || 'no detail',
  rules: [
    {
      // A 404 for a job route is a missing job; a 404 elsewhere is a wrong URL, which the default reports.
      status: 404,
      when: (failure) => failure.payload?.code === 'JOB_NOT_FOUND' && failure.jobId !== undefined,
      error: (failure) =>
        new JobNotFoundError(failure.jobId as string, {
          status: failure.status,
          operation: failure.operation,
        }),
    },
    {
      status: 401,
      // TOKEN_EXPIRED tells the transport a fresh token may succeed; other 401s are final.
      error: (failure) =>
        new AuthenticationError(failure.message, {
          ...failure.context,
          code: failure.payload?.code ?? 'UNAUTHENTICATED',
        }),
    },
    {
      status: [400, 422],
      error: (failure) =>
        new InvalidParameterError(failure.message, {
          ...failure.context,
          issues: failure.payload?.errors?.length
            ? failure.payload.errors
            : [{ field: '', rule: failure.payload?.detail ?? 'refused by the platform' }],
        }),
    },
  ],
};
