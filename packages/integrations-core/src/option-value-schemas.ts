/**
 * The zod schemas of the values options carry (bounded numbers, functions, signals, clocks, loggers; journals
 * and rate limiters beside their interfaces), shared by core's helpers and `connectorOptionFields` so a value is refused in the same words
 * wherever it is given. An object is checked by the methods its interface promises and handed back as it is,
 * never copied nor walked: a journal, a logger or a clock keeps its prototype and its state.
 *
 * @internal
 */
import { z } from 'zod';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

/**
 * An object that has the methods `names`, refused with `rule` otherwise. An interface cannot be checked at run
 * time but by the methods it promises: a half-made double would fail later, in the middle of a job, rather
 * than here. Interfaces declared elsewhere (a journal, a rate limiter) define their schema beside themselves
 * with it, so this file imports none of them.
 */
export function methodsValue<T>(names: readonly string[], rule: string): z.ZodType<T> {
  return z.custom<T>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function'),
    rule,
  );
}

/** The bound a {@link boundedNumber} keeps to. */
export interface NumberBound {
  /** The least value allowed (or, with `exclusive`, the value it must exceed). */
  readonly min: number;
  /** Whole numbers only. */
  readonly integer?: boolean;
  /** `Infinity` is allowed too ("no limit"). */
  readonly allowInfinity?: boolean;
  /** The value must be greater than `min`, not merely at least `min`. */
  readonly exclusive?: boolean;
}

/**
 * A number within `bound`: never NaN, never infinite unless allowed. A NaN interval or an infinite timeout
 * would otherwise turn a bounded wait into an endless one. Refused as "must be a whole number of at least 1".
 */
export function boundedNumber({
  min,
  integer = false,
  allowInfinity = false,
  exclusive = false,
}: NumberBound): z.ZodType<number> {
  const rule = `must be ${integer ? 'a whole number' : 'a finite number'} ${exclusive ? 'greater than' : 'of at least'} ${min}`;
  return z.custom<number>(
    (value) =>
      typeof value === 'number' &&
      !Number.isNaN(value) &&
      (allowInfinity || Number.isFinite(value)) &&
      (exclusive ? value > min : value >= min) &&
      (!integer || Number.isInteger(value) || (allowInfinity && value === Number.POSITIVE_INFINITY)),
    rule,
  );
}

/** A function (a hook, a predicate, a `fetch`); what it does with its arguments is its own business. */
export function functionValue<F extends (...args: never[]) => unknown>(): z.ZodType<F> {
  return z.custom<F>((value) => typeof value === 'function', 'must be a function');
}

/** `true` or `false`, refused in the same words everywhere. */
export const booleanValue = z.boolean({ error: 'must be true or false' });

/** An `AbortSignal`. */
export const signalValue = z.instanceof(AbortSignal, { error: 'must be an AbortSignal' });

/** A {@link Clock}: `now()` and `sleep()`. */
export const clockValue = methodsValue<Clock>(['now', 'sleep'], 'must be a Clock (with now() and sleep())');

/** A {@link Logger}: its four methods, and nothing about what they do. */
export const loggerValue = methodsValue<Logger>(
  ['debug', 'info', 'warn', 'error'],
  'must be a Logger (with debug(), info(), warn() and error())',
);
