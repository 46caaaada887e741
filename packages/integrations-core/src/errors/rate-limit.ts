import { CloudException, type CloudExceptionOptions } from './cloud-exception.js';
import { hasMarker, marker } from './marker.js';

const rateLimitMarker = marker('RateLimitError');

/** The platform asked the client to slow down (HTTP 429). Retryable after {@link RateLimitError.retryAfterMs}. */
export class RateLimitError extends CloudException {
  protected readonly [rateLimitMarker] = true;
  /** How long the platform asked the client to wait, when it said. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: CloudExceptionOptions & { retryAfterMs?: number } = {}) {
    const { retryAfterMs, ...rest } = options;
    super(message, { code: 'RATE_LIMITED', retryable: true, ...rest });
    // A platform's Retry-After can be garbage (negative, NaN); treat that as "it did not say".
    this.retryAfterMs =
      typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs >= 0
        ? retryAfterMs
        : undefined;
  }
  /** Whether `value` is a `RateLimitError` from any copy of this package. */
  static override isInstance(value: unknown): value is RateLimitError {
    return hasMarker(value, rateLimitMarker);
  }
}
