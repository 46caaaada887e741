/**
 * What the platform's responses look like, as zod schemas: every byte the connector reads from the wire is
 * checked against one of these before it is used. When you copy this connector, rewrite this file to match
 * your platform's API reference; keep the schemas lenient where the API says a field may be absent or null.
 */
import { type JsonValue, JsonValueSchema, strictOptions } from '@neural/integrations-core';
import { z } from 'zod';

/** The credentials an {@link HttpConnector} takes: an API key and the platform's base URL (without `/v1`). */
export const HttpCredentialsSchema = strictOptions({
  apiKey: z.string({ error: 'must be a string' }).min(1, 'must not be empty'),
  endpoint: z.string({ error: 'must be a string' }).superRefine((value, ctx) => {
    if (!URL.canParse(value)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an absolute URL such as https://platform.example.com',
      });
    } else if (!['http:', 'https:'].includes(new URL(value).protocol)) {
      ctx.addIssue({ code: 'custom', message: 'must use the http: or https: scheme' });
    }
  }),
});

/** The credentials an {@link HttpConnector} takes. */
export type HttpCredentials = z.infer<typeof HttpCredentialsSchema>;

const isoDate = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO date');
const nullableString = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);

/** `POST /v1/auth/token`. */
export const TokenResponseSchema = z.object({
  accessToken: z.string().min(1),
  tokenType: z.string().optional(),
  expiresIn: z.number().positive(),
  expiresAt: isoDate.optional(),
});

/** A job, as every job route returns it. `state` stays a free string: unknown states map to `unknown`. */
export const PlatformJobSchema = z.object({
  id: z.string().min(1),
  name: nullableString,
  state: z.string().min(1),
  createdAt: isoDate,
  startedAt: isoDate.nullish(),
  finishedAt: isoDate.nullish(),
  resources: z.record(z.string(), z.unknown()).nullish(),
});

/** A job as the platform returns it. */
export type PlatformJob = z.infer<typeof PlatformJobSchema>;

/** `GET /v1/jobs`. */
export const JobPageSchema = z.object({
  jobs: z.array(PlatformJobSchema),
  nextCursor: z.string().min(1).nullable(),
});

/** `POST /v1/jobs/{id}/cancel`. */
export const CancelResponseSchema = z.object({
  cancelled: z.boolean(),
  job: PlatformJobSchema,
});

/** `GET /v1/jobs/{id}/logs`. */
export const LogsPageSchema = z.object({
  content: z.string(),
  nextOffset: z.number().int().nonnegative(),
  complete: z.boolean(),
});

/** One line of `GET /v1/jobs/{id}/logs/stream` (NDJSON). */
export const LogEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('log'), offset: z.number().int().nonnegative(), content: z.string() }),
  z.object({ type: z.literal('end'), state: z.string().min(1) }),
]);

/** `GET /v1/jobs/{id}/result`. */
export const ResultResponseSchema = z.object({
  jobId: z.string().min(1),
  state: z.string().min(1),
  output: nullableString,
  error: nullableString,
  metrics: z
    .record(z.string(), JsonValueSchema)
    .nullish()
    .transform((value): Record<string, JsonValue> => value ?? {}),
  artifacts: z
    .array(z.string())
    .nullish()
    .transform((value) => value ?? []),
  logsUrl: nullableString,
  durationSeconds: z
    .number()
    .nonnegative()
    .nullish()
    .transform((value) => value ?? undefined),
});

/** `PUT /v1/files/{path}`. */
export const FileInfoSchema = z.object({
  path: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/i, 'must be a hex SHA-256'),
});

/** `POST /v1/endpoints`. */
export const EndpointSchema = z.object({
  name: z.string().min(1),
  url: z.string().min(1),
  modelPath: z.string().optional(),
  status: z.string().optional(),
});

/** `GET /v1/usage`: numbers only; keys beyond the documented ones are kept. */
export const UsageSchema = z
  .object({
    totalGpus: z.number().nonnegative(),
    usedGpus: z.number().nonnegative(),
    availableGpus: z.number().nonnegative(),
    totalCpus: z.number().nonnegative(),
    usedCpus: z.number().nonnegative(),
    runningJobs: z.number().int().nonnegative(),
    pendingJobs: z.number().int().nonnegative(),
  })
  .catchall(z.union([z.number(), z.string(), z.boolean(), z.null()]));

/** An `application/problem+json` error body. Everything optional: a broken error body must not hide the status. */
export const ProblemSchema = z.object({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  code: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), rule: z.string() })).optional(),
});

/** A parsed problem+json body. */
export type Problem = z.infer<typeof ProblemSchema>;
