import { ResourceConfigSchema, toParameterIssues } from '@neural/integrations-core';
import { z } from 'zod';
import { PlatformProblem } from '../problems.js';

/** The zod schema of the `POST /v1/jobs` body ({@link SubmitJobBody}). */
export const SubmitBodySchema = z.strictObject({
  code: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(1_000_000, 'is too long'),
  name: z.string().max(256, 'must be at most 256 characters').nullish(),
  resources: ResourceConfigSchema.optional(),
  environment: z.record(z.string(), z.string(), { error: 'must map names to strings' }).optional(),
  dependencies: z.array(z.string(), { error: 'must be an array of strings' }).optional(),
});

/** The body of `POST /v1/jobs`. */
export type SubmitJobBody = z.input<typeof SubmitBodySchema>;

/** The body of `POST /v1/endpoints`. */
export const EndpointBodySchema = z.strictObject({
  name: z
    .string({ error: 'must be a string' })
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1-63 lower-case letters, digits or dashes'),
  modelPath: z.string({ error: 'must be a string' }).min(1, 'must not be empty'),
  resources: ResourceConfigSchema.optional(),
});

/** The body of `POST /v1/_control/jobs/{id}/finish`. */
export const FinishBodySchema = z.strictObject({
  state: z.enum(['COMPLETED', 'FAILED', 'CANCELLED'], { error: 'must be COMPLETED, FAILED or CANCELLED' }),
  output: z.string().optional(),
  error: z.string().optional(),
});

/** Throws an `INVALID_REQUEST` naming every bad field of `input`. */
export function parseBody<S extends z.ZodType>(schema: S, input: unknown, status = 422): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = toParameterIssues(result.error, input).map(({ field, rule }) => ({
    field: field || 'body',
    rule,
  }));
  throw new PlatformProblem('INVALID_REQUEST', errors.map((e) => `${e.field} ${e.rule}`).join('; '), {
    status,
    errors,
  });
}
