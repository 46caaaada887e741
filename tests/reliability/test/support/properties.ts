import { CloudException, InvalidParameterError } from '@neural/integrations-core';
import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * How many cases each property runs. Sized so that every file stays well under 20 s on two cores; raise it
 * locally with `RELIABILITY_RUNS=20000` when hunting.
 */
export function runs(base: number): number {
  const factor = Number(process.env.RELIABILITY_RUNS_FACTOR ?? '1');
  return Math.max(1, Math.round(base * (Number.isFinite(factor) && factor > 0 ? factor : 1)));
}

/** A fixed seed per run unless `FC_SEED` is set, so a failure seen once is seen again. */
export const FC_SEED = Number(process.env.FC_SEED ?? 20_261_129);

/** Any value a JavaScript caller could pass, including the awkward ones (NaN, -0, huge numbers, odd objects). */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  fc.anything({ maxDepth: 2, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true }),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    Number.MAX_SAFE_INTEGER + 2,
    1e308,
    -1,
    0,
    0.5,
    '',
    ' ',
    '\u0000',
    '../../etc/passwd',
    '__proto__',
    'constructor',
    [],
    {},
    null,
    undefined,
    true,
  ),
);

/**
 * A value for one field: sometimes well-formed (drawn from `good`), sometimes anything at all. Mixing the two
 * keeps a fair share of cases accepted, so the property checks both halves of "accepted or rejected".
 */
export function fieldValue<T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: anyValue });
}

/** An object with some of `shape`'s keys (each possibly bad), and sometimes an unknown or snake_case key. */
export function partialRecord(
  shape: Record<string, fc.Arbitrary<unknown>>,
  extraKeys: readonly string[] = [],
): fc.Arbitrary<Record<string, unknown>> {
  const withKnown = fc.record(shape, { requiredKeys: [] });
  const extras = fc.option(
    fc.dictionary(
      fc.oneof(
        fc.constantFrom(...(extraKeys.length > 0 ? extraKeys : ['unknown'])),
        fc.string({ maxLength: 12 }),
      ),
      anyValue,
      { maxKeys: 2 },
    ),
    { freq: 5 },
  );
  return fc.tuple(withKnown, extras).map(([known, extra]) => ({ ...(extra ?? {}), ...known }));
}

/** The fields an `InvalidParameterError` names, as its issues list them. */
export function namedFields(error: InvalidParameterError): string[] {
  return error.issues.map((issue) => issue.field);
}

/**
 * The property every input boundary must hold: the call either succeeds or throws `InvalidParameterError`
 * whose issues each name a field and a rule, and whose message names every issue's field (unless the message
 * names the thing itself, as a credentials error names the file's path). Anything else thrown
 * fails the property. Returns what happened, for the caller's "nothing was sent" check.
 */
export async function acceptedOrRejected<T>(
  call: () => T | Promise<T>,
  options: { messageNamesFields?: boolean } = {},
): Promise<{ accepted: true; value: T } | { accepted: false; error: InvalidParameterError }> {
  try {
    return { accepted: true, value: await call() };
  } catch (error) {
    if (!InvalidParameterError.isInstance(error)) {
      throw new Error(`expected InvalidParameterError or success, got ${describe(error)}`, { cause: error });
    }
    expect(error.issues.length, 'a rejection names at least one issue').toBeGreaterThan(0);
    for (const issue of error.issues) {
      expect(typeof issue.rule, 'every issue states its rule').toBe('string');
      expect(issue.rule.length).toBeGreaterThan(0);
      if (options.messageNamesFields !== false)
        expect(error.message, 'the message names every issue').toContain(issue.field || '(value)');
    }
    return { accepted: false, error };
  }
}

/** The error's class and message, for an assertion message. */
export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `a thrown ${typeof error} (${String(error)})`;
}

/** Whether `error` is one of the family (any copy of core). */
export function isCloudException(error: unknown): error is CloudException {
  return CloudException.isInstance(error);
}

/**
 * Resolves with `promise`'s settlement, or rejects with a "hung" error after `ms`. The bound a test puts on
 * every call it makes, so a hang fails the test instead of stalling the run.
 */
export async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} hung for more than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Records every unhandled rejection and uncaught exception while a suite runs. Vitest would report them too,
 * but only after the file ends; recording them lets a test assert that none happened and say which case it was.
 */
export function trackUnhandled(): { readonly errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const onRejection = (reason: unknown) => errors.push(reason);
  const onException = (error: unknown) => errors.push(error);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    errors,
    stop() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}
