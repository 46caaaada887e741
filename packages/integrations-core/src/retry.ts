import { type Clock, systemClock } from './clock.js';
import {
  CloudException,
  isAbortError,
  OperationAbortedError,
  RateLimitError,
  raceAbort,
  throwIfAborted,
} from './errors.js';
import { boundedNumber, clockValue, functionValue, signalValue } from './option-value-schemas.js';
import { type OptionFields, strictOptions } from './strict-options.js';
import { parseOptionsOrThrow } from './validation.js';

/** How {@link withRetry} retries. Every field has a default. */
export interface RetryPolicy {
  /** Most attempts in all, the first included. Default 4. */
  maxAttempts?: number;
  /** Delay before the first retry, before jitter. Default 200 ms. */
  initialDelayMs?: number;
  /** Largest delay between attempts, before jitter. Default 10 000 ms. */
  maxDelayMs?: number;
  /** Growth of the delay per attempt. Default 2. */
  factor?: number;
  /** Give up once this much time has passed since the first attempt. Default 60 000 ms. */
  maxElapsedMs?: number;
  /** Which errors are worth another attempt. Default: a `CloudException` with `retryable: true`. */
  isRetryable?: (error: unknown) => boolean;
  /** Aborts the retries and the attempt in flight. */
  signal?: AbortSignal | undefined;
  /** Where time is read and waited on. Default {@link systemClock}. */
  clock?: Clock;
  /** A source of randomness in [0, 1) for jitter. Default `Math.random`. */
  random?: () => number;
  /** Called before each wait, for logging. */
  onRetry?: (event: { attempt: number; delayMs: number; error: unknown }) => void;
}

/** What each attempt is given. */
export interface RetryAttempt {
  /** 1 for the first attempt. */
  attempt: number;
  /** The policy's signal, to pass on to the call. */
  signal: AbortSignal | undefined;
}

/** The default retryability test: a `CloudException` that says it is retryable. */
export function isRetryableError(error: unknown): boolean {
  return CloudException.isInstance(error) && error.retryable;
}

/**
 * The delay before retry number `attempt` (1-based): exponential backoff with full jitter, and never less
 * than a `RateLimitError`'s `retryAfterMs`, which gets a jittered margin on top so that many clients told to
 * wait the same time do not come back in step.
 */
export function computeRetryDelay(attempt: number, error: unknown, policy: RetryPolicy = {}): number {
  const random = policy.random ?? Math.random;
  const initial = policy.initialDelayMs ?? 200;
  const cap = policy.maxDelayMs ?? 10_000;
  const backoff = Math.min(cap, initial * (policy.factor ?? 2) ** (attempt - 1));
  if (RateLimitError.isInstance(error) && error.retryAfterMs !== undefined) {
    return error.retryAfterMs + random() * Math.max(backoff, error.retryAfterMs * 0.5);
  }
  return Math.max(0, random() * backoff);
}

/**
 * The schema of a `retry` option that a helper or a connector passes on to {@link withRetry}: a
 * {@link RetryPolicy} without `signal` and `clock`, which the caller supplies per call. Nested in a helper's
 * options schema, a bad field is named with its path (`retry.initialDelayMs`).
 *
 * @internal
 */
export const RetryOptionSchema = strictOptions({
  maxAttempts: boundedNumber({ min: 1, integer: true }).optional(),
  initialDelayMs: boundedNumber({ min: 0 }).optional(),
  maxDelayMs: boundedNumber({ min: 0 }).optional(),
  factor: boundedNumber({ min: 1 }).optional(),
  maxElapsedMs: boundedNumber({ min: 0 }).optional(),
  isRetryable: functionValue<NonNullable<RetryPolicy['isRetryable']>>().optional(),
  random: functionValue<NonNullable<RetryPolicy['random']>>().optional(),
  onRetry: functionValue<NonNullable<RetryPolicy['onRetry']>>().optional(),
} satisfies OptionFields<Omit<RetryPolicy, 'signal' | 'clock'>>);

const RetryPolicySchema = strictOptions({
  ...RetryOptionSchema.shape,
  signal: signalValue.optional(),
  clock: clockValue.optional(),
} satisfies OptionFields<RetryPolicy>);

/**
 * Throws {@link InvalidParameterError} for a policy that would not be bounded or would not wait (NaN, negative
 * or infinite numbers), naming every bad field, and for a key it does not know (with the key it most likely
 * meant: `initialDelayMS` → `initialDelayMs`).
 */
export function checkRetryPolicy(policy: RetryPolicy): void {
  parseOptionsOrThrow(RetryPolicySchema, policy, 'retry policy');
}

/**
 * Runs `fn` until it succeeds, retrying transient failures with exponential backoff and jitter, honouring
 * `RateLimitError.retryAfterMs`, with bounded attempts and total time. Throws the last error when it gives
 * up, and `OperationAbortedError` at once when the signal aborts.
 *
 * @example
 * ```ts
 * const status = await withRetry(({ signal }) => connector.getJobStatus(id, { signal }), { maxAttempts: 5 });
 * ```
 */
export async function withRetry<T>(
  fn: (attempt: RetryAttempt) => Promise<T>,
  policy: RetryPolicy = {},
): Promise<T> {
  checkRetryPolicy(policy);
  return retryWithCheckedPolicy(fn, policy);
}

/**
 * {@link withRetry} for a policy its caller has already checked (a helper's `retry` option, parsed with the
 * helper's options): the policy is checked once per call of the helper, not again for every request it sends.
 *
 * @internal
 */
export async function retryWithCheckedPolicy<T>(
  fn: (attempt: RetryAttempt) => Promise<T>,
  policy: RetryPolicy,
): Promise<T> {
  const clock = policy.clock ?? systemClock;
  const maxAttempts = policy.maxAttempts ?? 4;
  const maxElapsedMs = policy.maxElapsedMs ?? 60_000;
  const isRetryable = policy.isRetryable ?? isRetryableError;
  const started = clock.now();
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(policy.signal);
    try {
      // Raced against the signal so an abort stops at once even when `fn` ignores the signal.
      return await raceAbort(fn({ attempt, signal: policy.signal }), policy.signal);
    } catch (error) {
      if (policy.signal?.aborted) {
        throw OperationAbortedError.isInstance(error)
          ? error
          : new OperationAbortedError(undefined, { cause: policy.signal.reason });
      }
      if (isAbortError(error) || attempt >= maxAttempts || !isRetryable(error)) throw error;
      const delayMs = computeRetryDelay(attempt, error, policy);
      if (clock.now() - started + delayMs > maxElapsedMs) throw error;
      policy.onRetry?.({ attempt, delayMs, error });
      await clock.sleep(delayMs, policy.signal);
    }
  }
}
