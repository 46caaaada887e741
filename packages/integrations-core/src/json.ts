import { z } from 'zod';
import { findStructureLimitBreach } from './limits.js';

/** A value that survives `JSON.stringify` and `JSON.parse` unchanged. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

const JSON_RULE = 'must be a JSON value (a string, finite number, boolean, null, array or plain object)';

/**
 * The first place `value` is not JSON, or breaks the structure limits. Iterative, so depth cannot overflow;
 * the limits are checked first, so the walk below always ends.
 */
function findJsonProblem(value: unknown): { path: PropertyKey[]; message: string } | undefined {
  const breach = findStructureLimitBreach(value);
  if (breach) return { path: breach.path.slice(0, 2) as PropertyKey[], message: breach.rule };
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const next = stack.pop() as (typeof stack)[number];
    const v = next.value;
    if (typeof v === 'string' || typeof v === 'boolean' || v === null) continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { path: next.path, message: 'must be a finite number' };
      continue;
    }
    if (typeof v !== 'object') return { path: next.path, message: JSON_RULE };
    const prototype = Object.getPrototypeOf(v);
    if (!Array.isArray(v) && prototype !== Object.prototype && prototype !== null)
      return { path: next.path, message: JSON_RULE };
    for (const key of Object.keys(v)) {
      stack.push({ value: (v as Record<string, unknown>)[key], path: [...next.path, key] });
    }
  }
  return undefined;
}

/**
 * A zod schema for {@link JsonValue} (finite numbers only), at most 64 levels deep (a cycle counts as too deep).
 * Checked by one iterative walk rather than a recursive schema, which overflows the stack on deep input.
 */
export const JsonValueSchema: z.ZodType<JsonValue> = z.custom<JsonValue>().superRefine((value, ctx) => {
  const problem = findJsonProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message, input: value });
});

/** Deep-freezes a plain JSON-like value so results and configs stay immutable. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
