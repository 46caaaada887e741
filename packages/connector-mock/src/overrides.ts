// Per-method overrides: a value, a list of values, or a function standing in for a method's in-memory
// behaviour, as the AI SDK's mock models do.
import { InvalidParameterError } from '@neural/integrations-core';
import {
  ARRAY_RESULT_METHODS,
  assertMethod,
  type MockArgs,
  type MockMethod,
  type MockResult,
} from './mock-methods.js';

/**
 * Replaces a method's in-memory behaviour, as the AI SDK's mock models do:
 * - a value: returned by every call;
 * - a list of values: one per call, in order, and the last one repeats once the list is used up (for
 *   `listJobs` and `followLogs`, whose results are arrays, a list is an array of arrays);
 * - a function: called with the method's arguments; what it returns (or throws) is the call's outcome.
 *
 * Arguments are still validated first, and injected failures, hangs and refused credentials still apply.
 */
export type MockOverride<M extends MockMethod> =
  | MockResult<M>
  | readonly MockResult<M>[]
  | ((...args: MockArgs<M>) => MockResult<M> | Promise<MockResult<M>>);

/** Per-method overrides: see {@link MockOverride}. */
export type MockOverrides = { [M in MockMethod]?: MockOverride<M> };

/** The overrides set on one connector, and how many calls each has answered (for lists). */
export class MockOverrideTable {
  readonly #overrides = new Map<MockMethod, unknown>();
  readonly #overrideUses = new Map<MockMethod, number>();

  /** Sets (or replaces) the override of `method`; its list, if any, starts again from the first value. */
  set<M extends MockMethod>(method: M, override: MockOverride<M>): void {
    assertMethod(method);
    if (Array.isArray(override) && override.length === 0 && !ARRAY_RESULT_METHODS.has(method)) {
      throw InvalidParameterError.forField(`overrides.${method}`, 'a list of values must not be empty', {
        subject: 'override',
      });
    }
    this.#overrides.set(method, override);
    this.#overrideUses.set(method, 0);
  }

  /** Removes the override of `method`. */
  clear(method: MockMethod): void {
    assertMethod(method);
    this.#overrides.delete(method);
  }

  /** Whether `method` is overridden. */
  has(method: MockMethod): boolean {
    return this.#overrides.has(method);
  }

  /** What the override of `method` answers to this call (the next of a list, or the function's result). */
  async resolve<M extends MockMethod>(method: M, args: MockArgs<M>): Promise<unknown> {
    const spec = this.#overrides.get(method);
    const use = this.#overrideUses.get(method) ?? 0;
    this.#overrideUses.set(method, use + 1);
    if (typeof spec === 'function')
      return await (spec as (...a: unknown[]) => unknown)(...(args as unknown[]));
    const isList =
      Array.isArray(spec) &&
      (!ARRAY_RESULT_METHODS.has(method) || (spec.length > 0 && spec.every(Array.isArray)));
    if (!isList) return spec;
    const list = spec as readonly unknown[];
    return list[Math.min(use, list.length - 1)];
  }
}
