/** The options of a `KubernetesConnector`, their schema, and the Job defaults they resolve to. */
import { type CommonConnectorOptions, connectorOptionFields, strictOptions } from '@neural/integrations-core';
import { z } from 'zod';
import type { JobDefaults } from './job-spec.js';

/**
 * How a {@link KubernetesConnector} behaves; everything but the credentials. Of the common options, `clock` is
 * where backoff and log polling wait, and `retry` retries failed calls (429 and 5xx, dropped connections;
 * default 5 attempts from 200 ms, at most 60 s).
 */
export interface KubernetesConnectorOptions
  extends Pick<CommonConnectorOptions, 'logger' | 'clock' | 'retry'> {
  /** The namespace jobs run in. Default: the kubeconfig context's namespace, else `default`. */
  namespace?: string | undefined;
  /** The container image when `customParams.image` names none. Default `python:3.12-slim`. */
  image?: string | undefined;
  /** The interpreter the code file is given to. Default `['python', '-u']`. */
  command?: readonly string[] | undefined;
  /** The extended resource GPUs are requested as. Default `nvidia.com/gpu` (`amd.com/gpu`, `gpu.intel.com/i915`, …). */
  gpuResourceName?: string | undefined;
  /** Default `customParams.serviceAccountName`. */
  serviceAccountName?: string | undefined;
  /** Default `customParams.priorityClassName`. */
  priorityClassName?: string | undefined;
  /** Default `customParams.queueName` (a Kueue LocalQueue). */
  queueName?: string | undefined;
  /**
   * The node label `resourceConfig.instanceType` selects nodes by, such as `node.kubernetes.io/instance-type`
   * or `cloud.google.com/machine-family`. Unset (the default), `instanceType` is not used.
   */
  instanceTypeLabel?: string | undefined;
  /** Image pull secrets (names of Secrets in the namespace). */
  imagePullSecrets?: readonly string[] | undefined;
  /** Let Kubernetes delete finished Jobs (and their pods and code) after this many seconds. Default: keep them. */
  ttlSecondsAfterFinished?: number | undefined;
  /** How often `followLogs` looks again while the container has not started. Default 1 000 ms. */
  logPollIntervalMs?: number | undefined;
  /** How many times in a row `followLogs` reconnects a broken stream before it gives up. Default 5. */
  maxLogReconnects?: number | undefined;
}

/** A Kubernetes name of one DNS label (a namespace, a Job): what every job id this connector returns is. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The schema of the options a constructor is given (the clock, logger and retry policy checked by shape).
 * Strict: a misspelt option (`namespce`) is refused, naming it, rather than silently ignored.
 */
export const KubernetesOptionsSchema = strictOptions({
  clock: connectorOptionFields.clock,
  logger: connectorOptionFields.logger,
  retry: connectorOptionFields.retry,
  namespace: z.string().max(63).regex(DNS_LABEL, 'must be a namespace name (a DNS label)').optional(),
  image: z.string().min(1, 'must be a container image reference').optional(),
  command: z.array(z.string().min(1)).min(1, 'must name the interpreter').optional(),
  gpuResourceName: z
    .string()
    .regex(/^[a-z0-9.-]+\/[A-Za-z0-9._-]+$/, 'must be an extended resource name such as nvidia.com/gpu')
    .optional(),
  serviceAccountName: z.string().min(1).optional(),
  priorityClassName: z.string().min(1).optional(),
  queueName: z.string().min(1).optional(),
  imagePullSecrets: z.array(z.string().min(1)).optional(),
  instanceTypeLabel: z
    .string()
    .regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9._-]+$/, 'must be a node label key')
    .optional(),
  ttlSecondsAfterFinished: z
    .number()
    .int('must be a whole number')
    .nonnegative('must not be negative')
    .optional(),
  logPollIntervalMs: z.number().int().positive('must be greater than 0').optional(),
  maxLogReconnects: z.number().int().nonnegative('must not be negative').optional(),
});

/** The options after the schema: what the constructor reads. */
export type ParsedKubernetesOptions = z.output<typeof KubernetesOptionsSchema>;

/** What a submit fills in where the request and its `customParams` say nothing. */
export function jobDefaultsOf(parsed: ParsedKubernetesOptions): JobDefaults {
  return {
    image: parsed.image ?? 'python:3.12-slim',
    command: parsed.command ?? ['python', '-u'],
    gpuResourceName: parsed.gpuResourceName ?? 'nvidia.com/gpu',
    serviceAccountName: parsed.serviceAccountName,
    priorityClassName: parsed.priorityClassName,
    queueName: parsed.queueName,
    imagePullSecrets: parsed.imagePullSecrets ?? [],
    ttlSecondsAfterFinished: parsed.ttlSecondsAfterFinished,
    instanceTypeLabel: parsed.instanceTypeLabel,
  };
}
