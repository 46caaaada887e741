import { z } from 'zod';
import { JobResultSchema, JobStatusSchema } from './job-result.js';
import { JsonValueSchema } from './json.js';

/** The zod schema of one stored `JournalRecord`: what a journal kept outside memory is checked against. */
export const JournalRecordSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('batch'),
    batchId: z.string().min(1),
    jobsHash: z.string(),
    size: z.number().int().nonnegative(),
    at: z.number(),
  }),
  z.object({
    type: z.literal('intent'),
    key: z.string().min(1),
    fingerprint: z.string(),
    request: z.object({
      code: z.string(),
      jobName: z.string().optional(),
      environmentNames: z.array(z.string()),
      dependencies: z.array(z.string()),
      resourceConfig: JsonValueSchema.optional(),
    }),
    at: z.number(),
  }),
  z.object({
    type: z.literal('submitted'),
    key: z.string().min(1),
    jobId: z.string().min(1),
    at: z.number(),
  }),
  z.object({ type: z.literal('status'), jobId: z.string().min(1), status: JobStatusSchema, at: z.number() }),
  z.object({ type: z.literal('result'), jobId: z.string().min(1), result: JobResultSchema, at: z.number() }),
  z.object({
    type: z.literal('failed'),
    key: z.string().min(1),
    code: z.string(),
    message: z.string(),
    at: z.number(),
  }),
]);
