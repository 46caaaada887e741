/**
 * The zod schemas of the options most connectors share (`fetch`, `clock`, `logger`, `retry`, `rateLimit`,
 * `timeoutMs`), so each connector's options schema spreads them rather than writing them again.
 */
import { z } from 'zod';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { RateLimiter } from './rate-limiter.js';

/**
 * Optional fields for a connector's `strictOptions` schema: functions and objects are checked by shape
 * (a `Clock`, a `Logger` and a `RateLimiter` are interfaces), numbers by their rule.
 *
 * @example
 * ```ts
 * const OptionsSchema = strictOptions({ ...connectorOptionFields, partition: z.string().optional() });
 * ```
 */
export const connectorOptionFields = {
  /** The `fetch` to call. */
  fetch: z.custom<typeof fetch>((value) => typeof value === 'function', 'must be a function').optional(),
  /** Where time is read and waited on. */
  clock: z
    .custom<Clock>((value) => typeof value === 'object' && value !== null, 'must be a Clock')
    .optional(),
  /** Where operations are logged. */
  logger: z
    .custom<Logger>((value) => typeof value === 'object' && value !== null, 'must be a Logger')
    .optional(),
  /** How failed requests are retried; its fields are checked by `withRetry`. */
  retry: z.record(z.string(), z.unknown(), 'must be a retry policy object').optional(),
  /** A shared `RateLimiter`, or the settings of a connector's own. */
  rateLimit: z
    .union(
      [
        z.looseObject({ acquire: z.custom<RateLimiter['acquire']>((value) => typeof value === 'function') }),
        z.strictObject({ requestsPerSecond: z.number(), burst: z.number().optional() }),
      ],
      { error: 'must be a RateLimiter or { requestsPerSecond, burst? }' },
    )
    .optional(),
  /** Longest wait for one attempt of one request, in ms. */
  timeoutMs: z.number().int('must be a whole number').positive('must be greater than 0').optional(),
} as const;
