/**
 * What a {@link DatabricksConnector} accepts besides credentials, and how those options are checked.
 */
import {
  type Clock,
  createRateLimiter,
  type Logger,
  type RateLimiter,
  type RetryPolicy,
} from '@neural/integrations-core';
import { z } from 'zod';
import type { NodeTypeTable } from './cluster.js';

/** How a {@link DatabricksConnector} behaves. Every field has a default. */
export interface DatabricksConnectorOptions {
  /** The `fetch` to call (a test double, a proxying fetch). Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Longest wait for one attempt of one request, in ms (for streamed bodies: until the headers). Default 30 000. */
  timeoutMs?: number | undefined;
  /** How failed requests are retried (core `withRetry` defaults: 4 attempts, growing backoff, `Retry-After`). */
  retry?: Omit<RetryPolicy, 'signal' | 'clock'> | undefined;
  /** Where time is read and waited on: backoff, timeouts, OAuth token expiry. Default: the system clock. */
  clock?: Clock | undefined;
  /** Where operations are logged; secrets are scrubbed first. Silent by default. */
  logger?: Logger | undefined;
  /** Refresh an OAuth token this long before it expires (at most half its lifetime), in ms. Default 60 000. */
  tokenRefreshMarginMs?: number | undefined;
  /** The `User-Agent` header. Default `neural-connector-databricks`. */
  userAgent?: string | undefined;
  /**
   * Node types for new job clusters, replacing the default table of the workspace's cloud (see
   * `DEFAULT_NODE_TYPES`); `cpu` and `gpu` are replaced separately when given.
   */
  nodeTypes?: Partial<NodeTypeTable> | undefined;
  /**
   * The folder `uploadFile` and `downloadFile` paths are relative to, on the Files API: a Unity Catalog volume
   * (`/Volumes/<catalog>/<schema>/<volume>`) or a workspace folder (`/Workspace/…`). Default
   * `/Volumes/main/default/neural`.
   */
  filesRoot?: string | undefined;
  /**
   * Never send faster than this: every request attempt first waits for a token. A `RateLimiter` from core
   * `createRateLimiter` (share one between connectors on the same workspace), or its settings. Default: no limit.
   */
  rateLimit?: RateLimiter | { requestsPerSecond: number; burst?: number | undefined } | undefined;
}

const NodeTypeTableSchema = z.strictObject({
  cpu: z.record(z.string(), z.string().min(1, 'must not be empty')).optional(),
  gpu: z
    .array(
      z.strictObject({
        gpus: z.number().int('must be a whole number').positive('must be at least 1'),
        nodeType: z.string().min(1, 'must not be empty'),
      }),
    )
    .optional(),
});

/** The zod schema of {@link DatabricksConnectorOptions} (functions and limiters checked by shape). */
export const DatabricksConnectorOptionsSchema = z.looseObject({
  fetch: z.custom<typeof fetch>((value) => typeof value === 'function', 'must be a function').optional(),
  timeoutMs: z.number().int('must be a whole number').positive('must be greater than 0').optional(),
  tokenRefreshMarginMs: z
    .number()
    .int('must be a whole number')
    .nonnegative('must not be negative')
    .optional(),
  userAgent: z.string().min(1, 'must not be empty').optional(),
  nodeTypes: NodeTypeTableSchema.optional(),
  filesRoot: z
    .string()
    .regex(/^\/(Volumes|Workspace)\/[^\0]*[^/]$/, 'must be an absolute /Volumes/… or /Workspace/… folder')
    .refine((value) => !value.split('/').includes('..'), 'must not hold ".."')
    .optional(),
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

/** The limiter of `rateLimit`: the one given, or one of the connector's own on its clock. */
export function rateLimiterFrom(
  rateLimit: DatabricksConnectorOptions['rateLimit'],
  clock: Clock,
): RateLimiter | undefined {
  if (rateLimit === undefined || 'acquire' in rateLimit) return rateLimit;
  return createRateLimiter({ ...rateLimit, clock });
}
