/**
 * `HttpConnector`'s options: what each means, how they are checked (strictly: an unknown option is refused,
 * naming it), and the endpoint rule (https only, except to a loopback host).
 */
import {
  type Clock,
  InvalidParameterError,
  type Logger,
  parseOrThrow,
  type RateLimiter,
  type RetryPolicy,
} from '@neural/integrations-core';
import { z } from 'zod';

/** How an {@link HttpConnector} behaves. Every field has a default. */
export interface HttpConnectorOptions {
  /** The `fetch` to call (a test double, a proxying fetch). Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Longest wait for one attempt of one request, in ms (for streamed bodies: until the headers). Default 30 000. */
  timeoutMs?: number | undefined;
  /** How failed requests are retried (core `withRetry` defaults: 4 attempts, 200 ms growing backoff). */
  retry?: Omit<RetryPolicy, 'signal' | 'clock'> | undefined;
  /** Where time is read and waited on: backoff, timeouts, token expiry. Default: the system clock. */
  clock?: Clock | undefined;
  /** Where operations are logged; secrets are scrubbed first. Silent by default. */
  logger?: Logger | undefined;
  /** Allow plain `http://` to a host that is not loopback. Default `false`: the key would travel in clear. */
  allowInsecureHttp?: boolean | undefined;
  /** Refresh the token this long before it expires (at most half its lifetime), in ms. Default 60 000. */
  tokenRefreshMarginMs?: number | undefined;
  /** The `User-Agent` header. Default `neural-connector-http`. */
  userAgent?: string | undefined;
  /**
   * Never send faster than this: every request attempt (retries and token requests included) first waits for
   * a token. A `RateLimiter` from core `createRateLimiter` (share one between connectors on the same account),
   * or its settings, for a limiter of this connector's own on its clock. Default: no limit.
   */
  rateLimit?: RateLimiter | { requestsPerSecond: number; burst?: number | undefined } | undefined;
}

// Strict: a misspelt option (`timeoutMS`) is refused, naming it, rather than silently ignored.
const OptionsSchema = z.strictObject({
  fetch: z.custom<typeof fetch>((value) => typeof value === 'function', 'must be a function').optional(),
  retry: z.record(z.string(), z.unknown(), 'must be a retry policy object').optional(),
  clock: z
    .custom<Clock>((value) => typeof value === 'object' && value !== null, 'must be a Clock')
    .optional(),
  logger: z
    .custom<Logger>((value) => typeof value === 'object' && value !== null, 'must be a Logger')
    .optional(),
  timeoutMs: z.number().int('must be a whole number').positive('must be greater than 0').optional(),
  tokenRefreshMarginMs: z
    .number()
    .int('must be a whole number')
    .nonnegative('must not be negative')
    .optional(),
  allowInsecureHttp: z.boolean('must be true or false').optional(),
  userAgent: z.string().min(1, 'must not be empty').optional(),
  rateLimit: z
    .union(
      [
        z.looseObject({ acquire: z.custom<RateLimiter['acquire']>((value) => typeof value === 'function') }),
        z.object({ requestsPerSecond: z.number(), burst: z.number().optional() }),
      ],
      { error: 'must be a RateLimiter or { requestsPerSecond, burst? }' },
    )
    .optional(),
});

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

function isLoopback(hostname: string): boolean {
  return (
    LOOPBACK_HOSTS.has(hostname) || hostname.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}

/** Checks `options`, throwing `InvalidParameterError` naming every bad or unknown one. */
export function parseHttpConnectorOptions(options: HttpConnectorOptions): void {
  parseOrThrow(OptionsSchema, options, 'HttpConnector options', {
    knownKeys: Object.keys(OptionsSchema.shape),
  });
}

/**
 * The endpoint as a URL, refused unless it is https:// (plain http:// is allowed to a loopback host, or with
 * `allowInsecureHttp`: the key would otherwise travel in clear).
 */
export function checkEndpoint(endpoint: string, allowInsecureHttp: boolean | undefined): URL {
  const url = new URL(endpoint);
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !allowInsecureHttp) {
    throw InvalidParameterError.fromIssues('endpoint', [
      {
        field: 'endpoint',
        rule: 'must use https:// (plain http:// is only allowed for loopback hosts, or with allowInsecureHttp: true)',
      },
    ]);
  }
  return url;
}
