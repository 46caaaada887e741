import { type Clock, systemClock } from './clock.js';
import { InvalidParameterError, throwIfAborted } from './errors.js';
import { boundedNumber, clockValue, methodsValue } from './option-value-schemas.js';
import { type OptionFields, strictOptions } from './strict-options.js';
import { parseOptionsOrThrow } from './validation.js';

/** Spaces out calls so a client never sends faster than a platform allows. Shared by all of a connector's calls. */
export interface RateLimiter {
  /** Resolves when one call may go out; rejects with `OperationAbortedError` when `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<void>;
}

/** How a {@link createRateLimiter} bucket behaves. */
export interface RateLimiterOptions {
  /** Sustained rate: tokens added per second. */
  requestsPerSecond: number;
  /** Bucket size: how many calls may go out at once after a quiet spell. Default 1 (strict spacing). */
  burst?: number;
  /** Where time is read and waited on. Default {@link systemClock}. */
  clock?: Clock;
}

const rateFields = {
  requestsPerSecond: boundedNumber({ min: 0, exclusive: true }),
  burst: boundedNumber({ min: 1, integer: true }).optional(),
};

/** A connector's `rateLimit` settings (its own limiter's, on the connector's clock). @internal */
export const RateLimitSettingsSchema = strictOptions(rateFields);

const RateLimiterOptionsSchema = strictOptions({
  ...rateFields,
  clock: clockValue.optional(),
} satisfies OptionFields<RateLimiterOptions>);

/**
 * A token bucket (in its "virtual scheduling" form: one timestamp, no timer). Waiters are served in arrival order, each waiting exactly until its token exists, so no
 * call goes out faster than `requestsPerSecond` (after the initial `burst`).
 *
 * @example
 * ```ts
 * const limiter = createRateLimiter({ requestsPerSecond: 10, burst: 5 });
 * await limiter.acquire(signal); // then send the request
 * ```
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  if (typeof options !== 'object' || options === null) {
    throw InvalidParameterError.fromIssues('rate limiter options', [
      { field: 'options', rule: 'must be an object such as { requestsPerSecond: 10 }' },
    ]);
  }
  const {
    requestsPerSecond,
    burst = 1,
    clock = systemClock,
  } = parseOptionsOrThrow(RateLimiterOptionsSchema, options, 'rate limiter options');
  const intervalMs = 1000 / requestsPerSecond;
  // The time at which the bucket will next be full enough for one more call; reserving a slot moves it on.
  // Reservations make concurrent callers queue in order without a separate waiter list.
  let nextFreeAt = clock.now() - (burst - 1) * intervalMs;
  return {
    async acquire(signal) {
      throwIfAborted(signal);
      const now = clock.now();
      const earliest = Math.max(nextFreeAt, now - (burst - 1) * intervalMs);
      nextFreeAt = earliest + intervalMs;
      const waitMs = earliest - now;
      if (waitMs > 0) {
        try {
          await clock.sleep(waitMs, signal);
        } catch (error) {
          // Give the slot back only if nobody reserved after us; otherwise the order would be broken.
          if (nextFreeAt === earliest + intervalMs) nextFreeAt = earliest;
          throw error;
        }
      }
    },
  };
}

/** A {@link RateLimiter} given as an option: `acquire()`. @internal */
export const rateLimiterValue = methodsValue<RateLimiter>(
  ['acquire'],
  'must be a RateLimiter (with acquire())',
);
