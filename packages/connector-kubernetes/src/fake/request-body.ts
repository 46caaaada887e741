/** Reading a request's body as the API server does: JSON or a 400, its object's name, its invalid fields. */
import type { z } from 'zod';
import { KubeStatusError } from './status.js';

/** The body as JSON; a 400 worded as the API server words it for anything else. */
export async function readBody(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new KubeStatusError(
      400,
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`,
    );
  }
}

/** The `metadata.name` of a body to create, or `''` when it has none. */
export function nameOf(body: unknown): string {
  const name = (body as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  return typeof name === 'string' ? name : '';
}

/** A body's schema issues as the causes of a 422 `Status`. */
export function toCauses(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || '<root>', message: issue.message }));
}
