/**
 * The options most connectors share (`fetch`, `clock`, `logger`, `retry`, `rateLimit`, `timeoutMs`), as an
 * interface to extend and as zod schemas to spread, so no connector writes them again.
 */
import { z } from 'zod';
import type { Clock } from './clock.js';
import type { ConnectorOptions } from './connector/base-connector.js';
import type { Logger } from './logger.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RetryPolicy } from './retry.js';

/** The options most connectors that call an API take; each has a default. Checked by {@link connectorOptionFields}. */
export interface CommonConnectorOptions extends ConnectorOptions {
  /** The `fetch` to call (a test double, a proxying fetch). Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Longest wait for one attempt of one request, in ms (for streamed bodies: until the headers). Default 30 000. */
  timeoutMs?: number | undefined;
  /** How failed requests are retried (core `withRetry` defaults: 4 attempts, growing backoff, `Retry-After`). */
  retry?: Omit<RetryPolicy, 'signal' | 'clock'> | undefined;
  /** Where time is read and waited on: backoff, timeouts, token expiry. Default: the system clock. */
  clock?: Clock | undefined;
  /**
   * Never send faster than this: every request attempt (retries and token requests included) first waits for
   * a turn. A `RateLimiter` from `createRateLimiter` (share one between connectors on the same account), or
   * its settings, for a limiter of the connector's own on its clock. Default: no limit.
   */
  rateLimit?: RateLimiter | { requestsPerSecond: number; burst?: number | undefined } | undefined;
}

/**
 * The schemas of {@link CommonConnectorOptions}, optional fields for a connector's `strictOptions` schema: functions and objects are checked by shape
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
