import type { Clock } from '@neural/integrations-core';
import { z } from 'zod';

/** A probability, such as a fault rate: a number from 0 to 1. */
export const probabilitySchema = z
  .number({ error: 'must be a number between 0 and 1' })
  .min(0, 'must be at least 0')
  .max(1, 'must be at most 1');

/** A simulated duration or injected latency: a whole, non-negative number of milliseconds. */
export const millisecondsSchema = z
  .number({ error: 'must be a number of milliseconds' })
  .int('must be a whole number of milliseconds')
  .min(0, 'must not be negative');

/** The seed of a fake's PRNG (names, ids, fault decisions): a whole number, so a run is reproducible. */
export const seedSchema = z.number({ error: 'must be a whole number' }).int('must be a whole number');

const isClock = (value: unknown): value is Clock =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Clock).now === 'function' &&
  typeof (value as Clock).sleep === 'function';

/** A {@link Clock} passed in options: any object with `now()` and `sleep(ms, signal)`. */
export const clockSchema = z.custom<Clock>(isClock, {
  error: 'must be a Clock ({ now(), sleep(ms, signal) })',
});
