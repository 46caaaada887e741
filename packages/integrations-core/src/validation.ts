import type { z } from 'zod';
import { InvalidParameterError, type ParameterIssue } from './errors.js';
import { assertWithinStructureLimits } from './limits.js';

function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * Values longer than this are described, never quoted. It is one less than the redactor's piece length (see
 * `Redactor`), so a quoted value can never carry a piece of a secret long enough to be recognised, and a
 * secret passed in the wrong place (a key given as `jobName`) never reaches a message, a stack or a log.
 */
export const MAX_QUOTED_LENGTH = 11;

/**
 * How a message shows a refused value: short strings, numbers, booleans and null as themselves; anything
 * else by its type and size ("a string of 57 characters", "an array of 3 items"). `isSecret` (a redactor's
 * `contains`) keeps a short registered secret from being quoted too.
 */
export function describeRefusedValue(value: unknown, isSecret?: (text: string) => boolean): string {
  if (typeof value === 'string') {
    const quotable = value.length <= MAX_QUOTED_LENGTH && !isSecret?.(value) && !/[\p{Cc}]/u.test(value);
    return quotable ? JSON.stringify(value) : `a string of ${value.length} characters`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (typeof value === 'bigint') return 'a bigint';
  return value === undefined ? 'undefined' : `a value of type ${typeof value}`;
}

function describeReceived(
  input: unknown,
  path: readonly PropertyKey[],
  isSecret?: (text: string) => boolean,
): string {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return '';
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  if (value === undefined) return '';
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return ` (got ${typeof value})`;
  return ` (got ${describeRefusedValue(value, isSecret)})`;
}

/** Options of {@link toParameterIssues} and {@link parseOrThrow}. */
export interface ParameterIssueOptions {
  /** A dotted path put before every field name (`resourceConfig`). */
  prefix?: string;
  /** The valid keys, for the "did you mean" hint on a snake_case name. */
  knownKeys?: readonly string[];
  /** Never describe the refused values, not even by type (credentials). */
  redactValues?: boolean;
  /** Whether a text is a registered secret (a redactor's `contains`): such a value is never quoted. */
  isSecret?: (text: string) => boolean;
}

/**
 * Turns zod issues into {@link ParameterIssue}s: one per field, with the rule in words and a hint when a
 * snake_case name from the Python seed (such as `gpu_count`) is used where the camelCase one is expected.
 */
export function toParameterIssues(
  error: z.ZodError,
  input: unknown,
  options: ParameterIssueOptions = {},
): ParameterIssue[] {
  const issues: ParameterIssue[] = [];
  for (const issue of error.issues) {
    // An empty key would otherwise vanish from the dotted path and leave the issue naming nothing.
    const segment = (key: PropertyKey) => (String(key) === '' ? '""' : String(key));
    const path = issue.path.map(segment);
    const base = [options.prefix, ...path].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const camel = snakeToCamel(key);
        const hint =
          camel !== key && (options.knownKeys === undefined || options.knownKeys.includes(camel))
            ? `; did you mean "${camel}"? (the seed's snake_case names are camelCase in TypeScript)`
            : '';
        issues.push({
          field: [base, segment(key)].filter(Boolean).join('.'),
          rule: `is not a known option${hint}`,
        });
      }
      continue;
    }
    const received = options.redactValues ? '' : describeReceived(input, issue.path, options.isSecret);
    issues.push({ field: base, rule: `${issue.message}${received}` });
  }
  return issues;
}

/**
 * Parses `input` with `schema`, or throws {@link InvalidParameterError} naming every bad field. Input nested
 * more than 64 levels deep, or holding more than 100,000 values, is refused first, naming the limit.
 *
 * @param subject - what is being parsed, for the message ("resourceConfig", "submitJob options").
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  subject: string,
  options: ParameterIssueOptions = {},
): z.output<S> {
  // Depth first: a recursive schema (or the error path) would overflow the stack on hostile nesting.
  assertWithinStructureLimits(input, subject, options.prefix);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw InvalidParameterError.fromIssues(subject, toParameterIssues(result.error, input, options));
}

/**
 * Checks numeric options of a helper (intervals, counts, limits) and throws {@link InvalidParameterError}
 * naming every bad one. A NaN interval or an infinite timeout would otherwise turn a bounded wait into an
 * endless one.
 *
 * @internal
 */
export function checkNumericOptions(
  subject: string,
  checks: readonly {
    field: string;
    value: unknown;
    min: number;
    integer?: boolean;
    allowInfinity?: boolean;
  }[],
): void {
  const issues: ParameterIssue[] = [];
  for (const { field, value, min, integer, allowInfinity } of checks) {
    if (value === undefined) continue;
    const ok =
      typeof value === 'number' &&
      !Number.isNaN(value) &&
      (allowInfinity || Number.isFinite(value)) &&
      value >= min &&
      (!integer || Number.isInteger(value) || (allowInfinity === true && value === Number.POSITIVE_INFINITY));
    if (!ok) {
      issues.push({
        field,
        rule: `must be ${integer ? 'a whole number' : 'a finite number'} of at least ${min} (got ${describeRefusedValue(value)})`,
      });
    }
  }
  if (issues.length > 0) throw InvalidParameterError.fromIssues(subject, issues);
}
