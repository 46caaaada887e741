/**
 * What a {@link DatabricksConnector} accepts besides credentials, and how those options are checked.
 */
import {
  type Clock,
  type CommonConnectorOptions,
  connectorOptionFields,
  createRateLimiter,
  type RateLimiter,
  strictOptions,
  type TokenClientOptions,
  tokenClientOptionFields,
} from '@neural/integrations-core';
import { z } from 'zod';
import type { NodeTypeTable } from './cluster.js';

/** How a {@link DatabricksConnector} behaves. Every field has a default. */
export interface DatabricksConnectorOptions extends CommonConnectorOptions, TokenClientOptions {
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
}

const NodeTypeTableSchema = strictOptions({
  cpu: z.record(z.string(), z.string().min(1, 'must not be empty')).optional(),
  gpu: z
    .array(
      strictOptions({
        gpus: z.number().int('must be a whole number').positive('must be at least 1'),
        nodeType: z.string().min(1, 'must not be empty'),
      }),
    )
    .optional(),
});

/**
 * The zod schema of {@link DatabricksConnectorOptions} (functions and limiters checked by shape). Strict: a
 * misspelt option (`filesroot`) is refused, naming it, rather than silently ignored.
 */
export const DatabricksConnectorOptionsSchema = strictOptions({
  ...connectorOptionFields,
  ...tokenClientOptionFields,
  nodeTypes: NodeTypeTableSchema.optional(),
  filesRoot: z
    .string()
    .regex(/^\/(Volumes|Workspace)\/[^\0]*[^/]$/, 'must be an absolute /Volumes/… or /Workspace/… folder')
    .refine((value) => !value.split('/').includes('..'), 'must not hold ".."')
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
