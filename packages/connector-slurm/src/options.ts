/** How a {@link SlurmConnector} behaves (everything but the credentials), and the schema that checks it. */
import { isAbsolute } from 'node:path';
import { type CommonConnectorOptions, connectorOptionFields, strictOptions } from '@neural/integrations-core';
import { z } from 'zod';
import { SLURM_API_VERSIONS, type SlurmApiVersion } from './api/versions.js';

/**
 * How a {@link SlurmConnector} behaves; everything but the credentials. Of the common options, `retry`
 * (default 3 attempts from 250 ms, at most 30 s) retries failed reads; a submit without an idempotency key is
 * resent only when the connection was refused, one with a key is retried too, looking the key up first unless
 * the failed attempt never left. slurmrestd sites throttle: `rateLimit` spaces every request attempt.
 */
export interface SlurmConnectorOptions extends CommonConnectorOptions {
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
   * `neural-<id>-<token>.out` / `.err` (the token random per submit, as job ids come back after a reset or
   * wrap). Default `/tmp/neural-slurm/jobs` (right for a single-node cluster).
   */
  workdir?: string | undefined;
  /** Create `workdir` on this machine before the first submit (tried again after a failure). Default `true`. */
  createWorkdir?: boolean | undefined;
  /** The interpreter jobs' code runs with: a command on `PATH` or an absolute path. Default `'python3'`. */
  interpreter?: string | undefined;
  /** `PATH` in the job's environment (slurmrestd passes none of the client's). Default `/usr/local/bin:/usr/bin:/bin`. */
  path?: string | undefined;
  /** List every user's jobs in `listJobs`, not only those of the credentials' user. Default `false`. */
  listAllUsers?: boolean | undefined;
  /**
   * The shortest delay between two status reads of `waitForStatusChange`, which polls (slurmrestd cannot push);
   * delays then grow to 5% of the time waited, at most 60 s. Default 2 000 ms: sites throttle queue queries.
   */
  statusPollIntervalMs?: number | undefined;
}

const SLURM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const slurmName = z.string().regex(SLURM_NAME, 'must be a Slurm name: letters, digits, ".", "_" and "-"');

/** Validates {@link SlurmConnectorOptions}. Strict: a misspelt option (`timeoutMS`) is refused, naming it, rather than silently ignored. */
export const SlurmConnectorOptionsSchema = strictOptions({
  ...connectorOptionFields,
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
  statusPollIntervalMs: z
    .number()
    .int('must be a whole number')
    .positive('must be greater than 0')
    .optional(),
});
