/** How a {@link SlurmConnector} behaves (everything but the credentials), and the schema that checks it. */
import { isAbsolute } from 'node:path';
import type { Clock, ConnectorOptions, Logger, RateLimiter, RetryPolicy } from '@neural/integrations-core';
import { z } from 'zod';
import { SLURM_API_VERSIONS, type SlurmApiVersion } from './api/versions.js';
import type { SlurmConnector } from './slurm-connector.js';

/** How a {@link SlurmConnector} behaves; everything but the credentials. */
export interface SlurmConnectorOptions extends ConnectorOptions {
  /** The slurmrestd API version. Default `'v0.0.38'` (Slurm 22.05). */
  apiVersion?: SlurmApiVersion | undefined;
  /** Partition for jobs that do not name one in `customParams.partition`. Default: the cluster's default. */
  partition?: string | undefined;
  /** Account for jobs that do not name one in `customParams.account`. */
  account?: string | undefined;
  /** QOS for jobs that do not name one in `customParams.qos`. */
  qos?: string | undefined;
  /**
   * Absolute directory, on a filesystem both the compute nodes and this client see, where jobs run and write
   * `neural-<id>.out` / `.err`. Default `/tmp/neural-slurm/jobs` (right for a single-node cluster).
   */
  workdir?: string | undefined;
  /** Create `workdir` on this machine before submitting. Default `true`. */
  createWorkdir?: boolean | undefined;
  /** The interpreter jobs' code runs with: a command on `PATH` or an absolute path. Default `'python3'`. */
  interpreter?: string | undefined;
  /** `PATH` in the job's environment (slurmrestd passes none of the client's). Default `/usr/local/bin:/usr/bin:/bin`. */
  path?: string | undefined;
  /** List every user's jobs in `listJobs`, not only those of the credentials' user. Default `false`. */
  listAllUsers?: boolean | undefined;
  /** The `fetch` to call. Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Where time is read and waited on (timeouts, backoff). Default the system clock. */
  clock?: Clock | undefined;
  /**
   * How failed reads are retried. A submit without an idempotency key is resent only when the connection was
   * refused; one with a key is retried by this policy too, each attempt looking the key up first.
   */
  retry?: Omit<RetryPolicy, 'signal' | 'clock'> | undefined;
  /** Longest wait for one HTTP attempt. Default 30 000 ms. */
  timeoutMs?: number | undefined;
  /**
   * Never send faster than this (slurmrestd sites throttle): every request attempt first waits for a turn. A
   * `RateLimiter` from core `createRateLimiter` (share one between connectors), or its settings. Default: none.
   */
  rateLimit?: RateLimiter | { requestsPerSecond: number; burst?: number | undefined } | undefined;
  /**
   * The shortest delay between two status reads of `waitForStatusChange`, which polls (slurmrestd cannot push);
   * delays then grow to 5% of the time waited, at most 60 s. Default 2 000 ms: sites throttle queue queries.
   */
  statusPollIntervalMs?: number | undefined;
}

const SLURM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const slurmName = z.string().regex(SLURM_NAME, 'must be a Slurm name: letters, digits, ".", "_" and "-"');

/** Validates {@link SlurmConnectorOptions}. Strict: a misspelt option (`timeoutMS`) is refused, naming it, rather than silently ignored. */
export const SlurmConnectorOptionsSchema = z.strictObject({
  fetch: z.custom<typeof fetch>((value) => typeof value === 'function', 'must be a function').optional(),
  clock: z
    .custom<Clock>((value) => typeof value === 'object' && value !== null, 'must be a Clock')
    .optional(),
  logger: z
    .custom<Logger>((value) => typeof value === 'object' && value !== null, 'must be a Logger')
    .optional(),
  retry: z.record(z.string(), z.unknown(), 'must be a retry policy object').optional(),
  rateLimit: z
    .union(
      [
        z.looseObject({ acquire: z.custom<RateLimiter['acquire']>((value) => typeof value === 'function') }),
        z.object({ requestsPerSecond: z.number(), burst: z.number().optional() }),
      ],
      { error: 'must be a RateLimiter or { requestsPerSecond, burst? }' },
    )
    .optional(),
  apiVersion: z
    .enum(Object.keys(SLURM_API_VERSIONS) as [SlurmApiVersion, ...SlurmApiVersion[]], {
      error: `must be one of ${Object.keys(SLURM_API_VERSIONS).join(', ')}`,
    })
    .optional(),
  partition: slurmName.optional(),
  account: slurmName.optional(),
  qos: slurmName.optional(),
  workdir: z
    .string()
    .refine((value) => isAbsolute(value), 'must be an absolute path')
    .refine((value) => !/[%\n]/.test(value), 'must not contain "%" or a newline')
    .optional(),
  createWorkdir: z.boolean().optional(),
  interpreter: z
    .string()
    .min(1, 'must not be empty')
    .regex(/^[^\s]+$/, 'must be one command or path without spaces')
    .optional(),
  path: z.string().min(1, 'must not be empty').optional(),
  listAllUsers: z.boolean().optional(),
  timeoutMs: z.number().int('must be a whole number').positive('must be greater than 0').optional(),
  statusPollIntervalMs: z
    .number()
    .int('must be a whole number')
    .positive('must be greater than 0')
    .optional(),
});
