// What the platform reads of a request before a route runs: its query and JSON body, checked, and its path.
import { findStructureLimitBreach } from '@neural/integrations-core';
import { z } from 'zod';
import { JOB_STATES, type PlatformRequest, parseBody } from './model/index.js';
import { invalidRequest, PlatformProblem } from './problems.js';

const queryInt = (field: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number from ${min} to ${max}`)
    .describe(field);

/** `GET /v1/jobs`'s query. */
export const ListQuerySchema = z.object({
  limit: queryInt('limit', 1, 1000).optional(),
  state: z
    .string()
    .transform((value) => value.split(',').filter(Boolean))
    .pipe(z.array(z.enum(JOB_STATES, { error: `must be states from ${JOB_STATES.join(', ')}` })))
    .optional(),
  cursor: z.string().min(1, 'must not be empty').optional(),
});
/** `GET /v1/jobs/{id}/wait`'s query. */
export const WaitQuerySchema = z.object({
  since: z.enum(JOB_STATES, { error: `must be one of ${JOB_STATES.join(', ')}` }).optional(),
  timeoutMs: queryInt('timeoutMs', 0, 30_000).optional(),
});
/** The `offset` query of the log routes. */
export const OffsetQuerySchema = z.object({
  offset: queryInt('offset', 0, Number.MAX_SAFE_INTEGER).optional(),
});
/** `POST /v1/control/clock/advance`'s body. */
export const AdvanceBodySchema = z.strictObject({
  ms: z.number({ error: 'must be a number of milliseconds' }).nonnegative('must not be negative'),
});

/** The request's query, checked by `schema` (a 400 problem naming the field otherwise). */
export function query<S extends z.ZodType>(schema: S, request: PlatformRequest): z.output<S> {
  return parseBody(schema, Object.fromEntries(new URL(request.url).searchParams), 400);
}

/** The largest JSON body the platform reads: room for the 1,000,000 characters `code` may hold, and no more. */
export const MAX_JSON_BODY_BYTES = 2 * 1024 * 1024;

/** The request's JSON body, refused when too large, empty, malformed or nested too deep. */
export async function readJson(request: PlatformRequest): Promise<unknown> {
  const text = await request.text();
  if (text.length > MAX_JSON_BODY_BYTES) {
    throw new PlatformProblem('PAYLOAD_TOO_LARGE', `The JSON body is larger than the limit of 2 MiB`, {
      errors: [{ field: 'body', rule: 'must be at most 2 MiB' }],
    });
  }
  if (text.trim() === '') throw invalidRequest('body', 'must be a JSON document', 400);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalidRequest('body', 'is not valid JSON', 400);
  }
  // Before any schema sees it: validating or copying a body 1,200 levels deep overflows the stack.
  const breach = findStructureLimitBreach(body);
  if (breach) throw invalidRequest('body', breach.rule, 400);
  return body;
}

/**
 * `INVALID_PATH` when `pathname` is not valid percent-encoding (`%ff`): routing decodes path parameters, and a
 * path that cannot be decoded names no job and no file. Checked before any route is matched.
 */
export function undecodablePathProblem(pathname: string): PlatformProblem | undefined {
  if (!pathname.includes('%')) return undefined;
  try {
    decodeURIComponent(pathname);
    return undefined;
  } catch {
    return new PlatformProblem('INVALID_PATH', 'The path is not valid percent-encoding');
  }
}
