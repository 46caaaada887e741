/**
 * Successful answers, validated: a JSON body read and checked with the connector's zod schema, so an HTML
 * page, a truncated body or a wrong-typed field is a `CloudConnectionError` that says which, never a
 * `SyntaxError` or a `TypeError` later on.
 */
import type { z } from 'zod';
import { findStructureLimitBreach } from '../limits.js';
import { excerpt } from './excerpt.js';
import { type ErrorContext, invalidResponse } from './response-errors.js';

/**
 * Validates an already-parsed value with `schema`, listing the failing fields (at most five) in the error. A
 * body past core's structure limits (64 levels deep) is refused first, naming the limit.
 */
export function parseWith<S extends z.ZodType>(schema: S, body: unknown, context: ErrorContext): z.output<S> {
  // Before the schema: a body nested 1,200 levels deep would overflow the stack of any recursive check.
  const breach = findStructureLimitBreach(body);
  if (breach) {
    throw invalidResponse(context, `${breach.path.slice(0, 2).join('.') || '(body)'}: ${breach.rule}`);
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  throw invalidResponse(context, problems, parsed.error);
}

/** Parses `text` as JSON; a body that is not is an `INVALID_RESPONSE` error quoting an excerpt of it. */
export function parseJsonText(
  text: string,
  contentType: string | null,
  context: ErrorContext,
  options: { readonly quote?: boolean } = {},
): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const seen = options.quote === false ? `${text.length} characters` : excerpt(text);
    throw invalidResponse(context, `expected JSON, got ${contentType ?? 'no content type'}: ${seen}`, error);
  }
}

/**
 * Reads `response`'s JSON body and validates it with `schema`. `quote: false` keeps the body out of the
 * message (a token endpoint's answer may hold a secret).
 */
export async function readJson<S extends z.ZodType>(
  response: Response,
  schema: S,
  context: ErrorContext,
  options: { readonly quote?: boolean } = {},
): Promise<z.output<S>> {
  const text = await response.text();
  const body = parseJsonText(text, response.headers.get('content-type'), context, options);
  return parseWith(schema, body, context);
}

/** Something that holds a response body: the response, its body stream, or a reader locked to that stream. */
export type BodyHolder =
  | Response
  | ReadableStream<Uint8Array>
  | ReadableStreamDefaultReader<unknown>
  | null
  | undefined;

/**
 * Cancels a response body that will not be read (an answer whose headers were all that mattered, a stream the
 * consumer left), so its connection is released rather than left waiting for a reader. Never throws and never
 * waits: a body that fails to cancel is on a connection being dropped anyway.
 */
export function discardBody(holder: BodyHolder): void {
  const body = holder instanceof Response ? holder.body : holder;
  // A locked stream refuses (its reader is the one to ask): the rejection is swallowed like any other.
  body?.cancel().catch(() => {});
}
