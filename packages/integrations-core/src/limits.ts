import { InvalidParameterError } from './errors.js';

/**
 * How deep objects and arrays may nest in any structured input the library reads (options, requests,
 * `customParams`, credential files, server bodies). Real inputs nest a handful of levels; a limit far above
 * that, and far below what exhausts the stack of the recursive code that follows (validation, cloning,
 * freezing, serialising), turns a hostile input into a refusal instead of a `RangeError`.
 */
export const MAX_NESTING_DEPTH = 64;

/** How many values (objects, arrays and leaves together) one structured input may hold. */
export const MAX_STRUCTURE_VALUES = 100_000;

/** One breach of the limits: where it was found and the rule, in words that name the limit. */
export interface StructureLimitBreach {
  /** The path of the value that broke the limit, from the root of the input. */
  readonly path: readonly PropertyKey[];
  /** The rule, naming the limit. */
  readonly rule: string;
}

/** The rule of the depth limit, as error messages state it. */
export const NESTING_RULE = `must not nest objects and arrays more than ${MAX_NESTING_DEPTH} levels deep`;
const SIZE_RULE = `must hold at most ${MAX_STRUCTURE_VALUES} values`;

/** Whether the walk looks inside `value`: arrays and plain objects, the shapes structured input comes in. */
function isContainer(value: unknown): value is Record<PropertyKey, unknown> {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Finds the first place `value` nests deeper than {@link MAX_NESTING_DEPTH} or holds more than
 * {@link MAX_STRUCTURE_VALUES} values. Iterative, so it cannot itself overflow the stack; a cycle nests
 * endlessly, so it is reported as too deep. Class instances
 * (an `AbortSignal`, a `ResourceConfig`) are leaves: they were built by code, not read from input.
 *
 * @internal
 */
export function findStructureLimitBreach(value: unknown): StructureLimitBreach | undefined {
  const stack: { value: unknown; depth: number; path: readonly PropertyKey[] }[] = [
    { value, depth: 0, path: [] },
  ];
  let count = 0;
  while (stack.length > 0) {
    const next = stack.pop() as (typeof stack)[number];
    count++;
    if (count > MAX_STRUCTURE_VALUES) return { path: [], rule: SIZE_RULE };
    if (!isContainer(next.value)) continue;
    const depth = next.depth + 1;
    if (depth > MAX_NESTING_DEPTH) return { path: next.path, rule: NESTING_RULE };
    for (const key of Object.keys(next.value)) {
      stack.push({ value: next.value[key], depth, path: [...next.path, key] });
    }
  }
  return undefined;
}

/**
 * The field an issue about a breach names: the path to the breach, cut after its first two keys (a path 1,200
 * keys long would drown the message).
 */
export function breachField(breach: StructureLimitBreach, prefix?: string): string {
  const keys = breach.path.slice(0, 2).map(String);
  return [prefix, ...keys].filter(Boolean).join('.');
}

/**
 * Throws {@link InvalidParameterError} naming the limit when `value` nests too deep or holds too much.
 * Called first at every boundary that reads structured input.
 *
 * @internal
 */
export function assertWithinStructureLimits(value: unknown, subject: string, prefix?: string): void {
  const breach = findStructureLimitBreach(value);
  if (breach) {
    throw InvalidParameterError.fromIssues(subject, [
      { field: breachField(breach, prefix), rule: breach.rule },
    ]);
  }
}
