import type { z } from 'zod';
import { InvalidParameterError, type ParameterIssue } from './errors.js';

function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function describeReceived(input: unknown, path: readonly PropertyKey[]): string {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return '';
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  if (value === undefined) return '';
  if (typeof value === 'string')
    return ` (got ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null)
    return ` (got ${String(value)})`;
  return ` (got ${Array.isArray(value) ? 'an array' : typeof value})`;
}

/**
 * Turns zod issues into {@link ParameterIssue}s: one per field, with the rule in words and a hint when a
 * snake_case name from the Python seed (such as `gpu_count`) is used where the camelCase one is expected.
 */
export function toParameterIssues(
  error: z.ZodError,
  input: unknown,
  options: { prefix?: string; knownKeys?: readonly string[]; redactValues?: boolean } = {},
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
    const received = options.redactValues ? '' : describeReceived(input, issue.path);
    issues.push({ field: base, rule: `${issue.message}${received}` });
  }
  return issues;
}

/**
 * Parses `input` with `schema`, or throws {@link InvalidParameterError} naming every bad field.
 *
 * @param subject - what is being parsed, for the message ("resourceConfig", "submitJob options").
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  subject: string,
  options: { prefix?: string; knownKeys?: readonly string[]; redactValues?: boolean } = {},
): z.output<S> {
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
        rule: `must be ${integer ? 'a whole number' : 'a finite number'} of at least ${min} (got ${String(value)})`,
      });
    }
  }
  if (issues.length > 0) throw InvalidParameterError.fromIssues(subject, issues);
}
