/**
 * The options most connectors share (`fetch`, `clock`, `logger`, `retry`, `rateLimit`, `timeoutMs`, and for
 * those that sign in for a token `userAgent` and `tokenRefreshMarginMs`), as interfaces to extend and as zod
 * schemas to spread, so no connector writes them again.
 */
import { z } from 'zod';
import type { Clock } from './clock.js';
import type { ConnectorOptions } from './connector/base-connector.js';
import { clockValue, functionValue, loggerValue } from './option-value-schemas.js';
import type { RateLimiter } from './rate-limiter.js';
import { RateLimitSettingsSchema, rateLimiterValue } from './rate-limiter.js';
import { RetryOptionSchema, type RetryPolicy } from './retry.js';

/** The options most connectors that call an API take; each has a default. Checked by {@link connectorOptionFields}. */
export interface CommonConnectorOptions extends ConnectorOptions {
  /** The `fetch` to call (a test double, a proxying fetch). Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Longest wait for one attempt of one request, in ms (for streamed bodies: until the headers). Default 30 000. */
  timeoutMs?: number | undefined;
  /** How failed requests are retried (growing backoff, `Retry-After` honoured). Each connector documents its default. */
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
 * The schemas of {@link CommonConnectorOptions}, optional fields for a connector's `strictOptions` schema:
 * functions and objects are checked by the methods their interface promises, numbers by their rule.
 *
 * @example
 * ```ts
 * const OptionsSchema = strictOptions({ ...connectorOptionFields, partition: z.string().optional() });
 * ```
 */
export const connectorOptionFields = {
  /** The `fetch` to call. */
  fetch: functionValue<typeof fetch>().optional(),
  /** Where time is read and waited on. */
  clock: clockValue.optional(),
  /** Where operations are logged. */
  logger: loggerValue.optional(),
  /**
   * How failed requests are retried: a retry policy without `signal` and `clock`, which the connector supplies
   * per request. Checked here, so a misspelt field is refused at the connector's boundary by its path
   * (`retry.maxAtempts`), not by whatever later sends the first request.
   */
  retry: RetryOptionSchema.optional(),
  /** A shared `RateLimiter`, or the settings of a connector's own. */
  rateLimit: z
    .union(
      [
        // Handed back as it is: a copy would lose a class-made limiter's prototype and state.
        rateLimiterValue,
        RateLimitSettingsSchema,
      ],
      { error: 'must be a RateLimiter or { requestsPerSecond, burst? }' },
    )
    .optional(),
  /** Longest wait for one attempt of one request, in ms. */
  timeoutMs: z.number().int('must be a whole number').positive('must be greater than 0').optional(),
} as const;

/** The options of a connector that speaks HTTP and signs in for an expiring token. */
export interface TokenClientOptions {
  /** The `User-Agent` header. Default: one naming the connector (`neural-connector-http`). */
  userAgent?: string | undefined;
  /** Refresh the token this long before it expires (at most half its lifetime), in ms. Default 60 000. */
  tokenRefreshMarginMs?: number | undefined;
}

/** The schemas of {@link TokenClientOptions}, to spread next to {@link connectorOptionFields}. */
export const tokenClientOptionFields = {
  /** The `User-Agent` header. */
  userAgent: z.string().min(1, 'must not be empty').optional(),
  /** How long before expiry a token is refreshed, in ms. */
  tokenRefreshMarginMs: z
    .number()
    .int('must be a whole number')
    .nonnegative('must not be negative')
    .optional(),
} as const;
