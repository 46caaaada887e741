import type { z } from 'zod';
import { InvalidParameterError, type ParameterIssue } from './errors.js';
import { assertWithinStructureLimits } from './limits.js';
import { SECRET_FIELD_PATTERN } from './redact.js';
import { renamedKeyRule, renamedKeyTarget } from './strict-options.js';

function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** Optimal-string-alignment distance: edits, with a swap of two neighbours counted as one. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const above = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = best;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

const normalizeKey = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

/**
 * The known key an unknown `key` was most likely meant to be: the same letters in another case or with
 * `_`/`-` (`timeoutMS`, `timeout_ms` → `timeoutMs`), else the one closest by a small typo (at most two edits,
 * and fewer than a third of the name). Undefined when nothing is close or two are equally close.
 */
export function suggestKnownKey(key: string, knownKeys: readonly string[]): string | undefined {
  const normalized = normalizeKey(key);
  const sameLetters = knownKeys.filter((known) => normalizeKey(known) === normalized);
  if (sameLetters.length === 1) return sameLetters[0];
  const limit = Math.min(2, Math.floor(normalized.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  let tie = false;
  for (const known of knownKeys) {
    const distance = editDistance(normalized, normalizeKey(known));
    if (distance < bestDistance) {
      best = known;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance) {
      tie = true;
    }
  }
  return best !== undefined && bestDistance <= limit && !tie ? best : undefined;
}

/**
 * The rule an unknown key breaks, with a hint: the camelCase name when a snake_case name from the Python seed
 * (such as `gpu_count`) is used, else the known key it most likely meant (see {@link suggestKnownKey}). The one
 * wording of every "unknown option" refusal, so helpers, connectors and schemas read alike.
 */
function unknownKeyRule(key: string, known: readonly string[] | undefined): string {
  const camel = snakeToCamel(key);
  if (camel !== key && (known === undefined || known.includes(camel))) {
    return `is not a known option; did you mean "${camel}"? (the seed's snake_case names are camelCase in TypeScript)`;
  }
  const suggestion = known === undefined ? undefined : suggestKnownKey(key, known);
  return `is not a known option${suggestion === undefined ? '' : `; did you mean "${suggestion}"?`}`;
}

interface ZodInternals {
  _zod?: { def?: Record<string, unknown> & { type?: string } };
}

/** The keys the object schema at `path` inside `schema` accepts, seen through optional, default, pipe and the like. */
function knownKeysAt(schema: unknown, path: readonly PropertyKey[]): string[] | undefined {
  let current = schema as ZodInternals | undefined;
  let index = 0;
  for (let guard = 0; current && guard < 256; guard++) {
    const def = current._zod?.def;
    if (!def) return undefined;
    const type = def.type;
    if (type === 'object') {
      const shape = def.shape as Record<string, unknown> | undefined;
      if (!shape) return undefined;
      // A renamed key is in the shape only to be refused: never suggest it.
      if (index === path.length) return Object.keys(shape).filter((key) => !renamedKeyTarget(shape[key]));
      current = shape[String(path[index++])] as ZodInternals | undefined;
    } else if (
      ['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional'].includes(type ?? '')
    ) {
      current = def.innerType as ZodInternals | undefined;
    } else if (type === 'pipe') {
      current = def.in as ZodInternals | undefined;
    } else if (type === 'array' && index < path.length) {
      index++;
      current = def.element as ZodInternals | undefined;
    } else if (type === 'record' && index < path.length) {
      index++;
      current = def.valueType as ZodInternals | undefined;
    } else {
      return undefined;
    }
  }
  return undefined;
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
  // A value under a secret-looking name (`apiKey`, `token`) is never described: a real key given too short, or
  // in the wrong shape, must not be printed back.
  const name = path.at(-1);
  if (typeof name === 'string' && SECRET_FIELD_PATTERN.test(name)) return '';
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
  /**
   * The valid keys, for the "did you mean" hint on an unknown key. Without it, the hint uses the keys of the
   * `schema` at the unknown key's level.
   */
  knownKeys?: readonly string[];
  /** The schema that was parsed ({@link parseOrThrow} passes it), so the hint knows the keys at every level. */
  schema?: z.ZodType;
  /** Never describe the refused values, not even by type (credentials). */
  redactValues?: boolean;
  /** Whether a text is a registered secret (a redactor's `contains`): such a value is never quoted. */
  isSecret?: (text: string) => boolean;
}

/**
 * Turns zod issues into {@link ParameterIssue}s: one per field, with the rule in words. An unknown key gets a
 * hint: the camelCase name when a snake_case name from the Python seed (such as `gpu_count`) is used, else the
 * known key it most likely meant (`timeoutMS` → "did you mean "timeoutMs"?", see {@link suggestKnownKey}).
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
      const known = options.knownKeys ?? knownKeysAt(options.schema, issue.path);
      for (const key of issue.keys) {
        issues.push({
          field: [base, segment(key)].filter(Boolean).join('.'),
          rule: unknownKeyRule(key, known),
        });
      }
      continue;
    }
    const renamedTo = issue.code === 'custom' ? issue.params?.renamedTo : undefined;
    if (typeof renamedTo === 'string') {
      // The value of an old key is never described: it may be a secret (an old `apiKey`).
      issues.push({ field: base, rule: renamedKeyRule(renamedTo) });
      continue;
    }
    const received = options.redactValues ? '' : describeReceived(input, issue.path, options.isSecret);
    issues.push({ field: base, rule: `${issue.message}${received}` });
  }
  return issues;
}

/**
 * Parses `input` with `schema`, or throws {@link InvalidParameterError} naming every bad field; with a strict
 * object schema, an unknown key is refused with a "did you mean" hint. Input nested
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
  return parseOptionsOrThrow(schema, input, subject, options);
}

/**
 * {@link parseOrThrow} without the structure-limit walk, for the options of core's helpers: their schemas
 * (`strictOptions` of `z.custom` values and flat objects) never look inside a value, so neither does this. A
 * `jobIds` list of 200,000 ids, or a logger that holds a reference to itself, is not hostile input.
 *
 * @internal
 */
export function parseOptionsOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  subject: string,
  options: ParameterIssueOptions = {},
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw InvalidParameterError.fromIssues(
    subject,
    toParameterIssues(result.error, input, { schema, ...options }),
  );
}
