import { createHash, randomBytes } from 'node:crypto';
import type { V1ConfigMap, V1Job, V1Toleration } from '@kubernetes/client-node';
import {
  InvalidParameterError,
  type JsonValue,
  type ParameterIssue,
  type ParsedSubmitJobRequest,
} from '@neural/integrations-core';
import { z } from 'zod';
import { coresToQuantity, gibToQuantity } from './quantity.js';

/** The label every Job, pod and record this connector makes carries, and `listJobs` selects by. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/** The value of {@link MANAGED_BY_LABEL}. */
export const MANAGED_BY = 'neural-integrations';
/** The job's name (`jobName`), shortened to a label value. The full name is in the annotation of the same key. */
export const JOB_NAME_LABEL = 'integrations.neural.dev/job-name';
/** A hash of the idempotency key (label values are at most 63 characters). The key is in the annotation. */
export const IDEMPOTENCY_LABEL = 'integrations.neural.dev/idempotency-key';
/** Which submit made the object: the key's hash, or a random id. A 409 on create compares it. */
export const SUBMISSION_ANNOTATION = 'integrations.neural.dev/submission';
/** When the submit happened, in milliseconds (`creationTimestamp` has whole seconds only). */
export const SUBMITTED_AT_ANNOTATION = 'integrations.neural.dev/submitted-at';
/** Marks a cancelled job's record (a ConfigMap named `<job>-cancelled`). */
export const RECORD_LABEL = 'integrations.neural.dev/record';
/** The label Kueue reads a Job's queue from. */
export const KUEUE_QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';
/** Where the code's ConfigMap is mounted in the container. */
export const CODE_MOUNT_PATH = '/neural';
/** The container's name in every job pod. */
export const CONTAINER_NAME = 'main';

const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const labelMap = z.record(
  z.string().regex(LABEL_KEY, 'keys must be Kubernetes label keys ([prefix/]name)'),
  z
    .string()
    .regex(LABEL_VALUE, 'values must be Kubernetes label values (at most 63 letters, digits, "-", "_", ".")'),
);

/** The `customParams` this connector reads (the README's table); any other key is refused. */
export const KubernetesCustomParamsSchema = z.strictObject({
  image: z.string().min(1, 'must be a container image reference').optional(),
  nodeSelector: labelMap.optional(),
  tolerations: z
    .array(
      z.strictObject({
        key: z.string().optional(),
        operator: z.enum(['Exists', 'Equal'], { error: 'must be "Exists" or "Equal"' }).optional(),
        value: z.string().optional(),
        effect: z
          .enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], {
            error: 'must be "NoSchedule", "PreferNoSchedule" or "NoExecute"',
          })
          .optional(),
        tolerationSeconds: z.number().int().optional(),
      }),
      { error: 'must be an array of tolerations ({ key, operator, value, effect })' },
    )
    .optional(),
  priorityClassName: z.string().regex(DNS_SUBDOMAIN, 'must be a PriorityClass name').optional(),
  serviceAccountName: z.string().regex(DNS_SUBDOMAIN, 'must be a ServiceAccount name').optional(),
  queueName: z.string().regex(LABEL_VALUE, 'must be a Kueue LocalQueue name').min(1).optional(),
  gpuResourceName: z
    .string()
    .regex(LABEL_KEY, 'must be an extended resource name such as nvidia.com/gpu')
    .optional(),
  labels: labelMap.optional(),
  annotations: z.record(z.string().regex(LABEL_KEY, 'keys must be annotation keys'), z.string()).optional(),
});

/** Connector-wide settings a job's manifest is built from. */
export interface JobDefaults {
  /** The container image when `customParams.image` does not name one. */
  readonly image: string;
  /** The interpreter command the code file is appended to. */
  readonly command: readonly string[];
  /** The extended resource GPUs are requested as. */
  readonly gpuResourceName: string;
  /** The default of `customParams.serviceAccountName`. */
  readonly serviceAccountName: string | undefined;
  /** The default of `customParams.priorityClassName`. */
  readonly priorityClassName: string | undefined;
  /** The default of `customParams.queueName` (a Kueue LocalQueue). */
  readonly queueName: string | undefined;
  /** Pull secrets for the image. */
  readonly imagePullSecrets: readonly string[];
  /** The node label `instanceType` selects on; unset ignores `instanceType`. */
  readonly instanceTypeLabel: string | undefined;
  /** Deletes finished Jobs after this long (Kubernetes' TTL controller); unset keeps them. */
  readonly ttlSecondsAfterFinished: number | undefined;
}

/** A job's manifests: the Job, and the ConfigMap with its code (made owned by the Job once it exists). */
export interface JobManifests {
  readonly name: string;
  readonly submission: string;
  readonly job: V1Job;
  readonly configMap: V1ConfigMap;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A job name's label-safe form (letters, digits, `-`, `_`, `.`; at most 63 characters). */
export function toLabelValue(text: string): string {
  return text
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

/**
 * The Job's name: derived from the idempotency key alone when there is one (`neural-<hash>`), so a retried
 * submit names the Job it already made; otherwise the job name's DNS-safe form and a random suffix. At most
 * 52 characters, so `<name>-cancelled` (the cancel record) is a valid name too.
 */
export function jobResourceName(jobName: string | undefined, idempotencyKey: string | undefined): string {
  if (idempotencyKey !== undefined) return `neural-${sha256(idempotencyKey).slice(0, 20)}`;
  const slug =
    (jobName ?? 'neural-job')
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'neural-job';
  return `${slug}-${randomBytes(6).toString('hex').slice(0, 10)}`;
}

/** Reads and checks `customParams` against {@link KubernetesCustomParamsSchema}, naming each bad key. */
export function parseCustomParams(customParams: Readonly<Record<string, JsonValue>>) {
  const parsed = KubernetesCustomParamsSchema.safeParse(customParams);
  if (parsed.success) return parsed.data;
  const issues: ParameterIssue[] = parsed.error.issues.map((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return {
        field: `resourceConfig.customParams.${issue.keys.join(', ')}`,
        rule: `is not a customParams key KubernetesConnector knows (${Object.keys(KubernetesCustomParamsSchema.shape).join(', ')})`,
      };
    }
    return { field: ['resourceConfig.customParams', ...path].join('.'), rule: issue.message };
  });
  throw InvalidParameterError.fromIssues('submitJob request', issues);
}

/** Builds the Job and ConfigMap for a validated request; see the README's table for each field. */
export function buildJobManifests(
  request: ParsedSubmitJobRequest,
  defaults: JobDefaults,
  nowMs: number,
): JobManifests {
  const config = request.resourceConfig;
  const params = parseCustomParams(config.customParams);
  const name = jobResourceName(request.jobName, request.idempotencyKey);
  const submission =
    request.idempotencyKey !== undefined
      ? `key-${sha256(request.idempotencyKey).slice(0, 40)}`
      : `once-${randomBytes(12).toString('hex')}`;
  const labels: Record<string, string> = {
    ...params.labels,
    [MANAGED_BY_LABEL]: MANAGED_BY,
    ...(request.jobName ? { [JOB_NAME_LABEL]: toLabelValue(request.jobName) } : {}),
    ...(request.idempotencyKey !== undefined
      ? { [IDEMPOTENCY_LABEL]: sha256(request.idempotencyKey).slice(0, 63) }
      : {}),
  };
  const queueName = params.queueName ?? defaults.queueName;
  const jobLabels = queueName ? { ...labels, [KUEUE_QUEUE_LABEL]: queueName } : labels;
  const annotations: Record<string, string> = {
    ...params.annotations,
    [SUBMISSION_ANNOTATION]: submission,
    [SUBMITTED_AT_ANNOTATION]: new Date(nowMs).toISOString(),
    ...(request.jobName ? { [JOB_NAME_LABEL]: request.jobName } : {}),
    ...(request.idempotencyKey !== undefined ? { [IDEMPOTENCY_LABEL]: request.idempotencyKey } : {}),
  };

  const resources: Record<string, string> = {};
  if (config.cpuCount !== undefined) resources.cpu = coresToQuantity(config.cpuCount);
  if (config.memoryGb !== undefined) resources.memory = gibToQuantity(config.memoryGb);
  if (config.diskSizeGb !== undefined) resources['ephemeral-storage'] = gibToQuantity(config.diskSizeGb);
  const gpus = config.gpuEnabled ? (config.gpuCount ?? 1) : 0;
  if (gpus > 0) resources[params.gpuResourceName ?? defaults.gpuResourceName] = String(gpus);

  const nodeSelector: Record<string, string> = {
    // instanceType defaults to "standard", which names no node on most clusters: it selects only when asked to.
    ...(defaults.instanceTypeLabel !== undefined
      ? { [defaults.instanceTypeLabel]: config.instanceType }
      : {}),
    ...params.nodeSelector,
  };
  const hasDependencies = request.dependencies.length > 0;
  const script = `${CODE_MOUNT_PATH}/main.py`;
  const command = hasDependencies
    ? [
        'sh',
        '-c',
        `python -m pip install --no-cache-dir --quiet -r ${CODE_MOUNT_PATH}/requirements.txt && exec ${defaults.command.join(' ')} ${script}`,
      ]
    : [...defaults.command, script];
  const serviceAccountName = params.serviceAccountName ?? defaults.serviceAccountName;
  const priorityClassName = params.priorityClassName ?? defaults.priorityClassName;
  const tolerations: V1Toleration[] | undefined = params.tolerations;

  const job: V1Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels: jobLabels, annotations },
    spec: {
      // One pod, never retried: a failed run is the job's failure, reported as such.
      backoffLimit: 0,
      completions: 1,
      parallelism: 1,
      ...(config.maxRuntimeHours !== undefined
        ? { activeDeadlineSeconds: Math.max(1, Math.ceil(config.maxRuntimeHours * 3600)) }
        : {}),
      ...(defaults.ttlSecondsAfterFinished !== undefined
        ? { ttlSecondsAfterFinished: defaults.ttlSecondsAfterFinished }
        : {}),
      template: {
        metadata: { labels, annotations: { [SUBMISSION_ANNOTATION]: submission } },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: CONTAINER_NAME,
              image: params.image ?? defaults.image,
              command,
              env: [
                { name: 'PYTHONUNBUFFERED', value: '1' },
                ...Object.entries(request.environment).map(([envName, value]) => ({ name: envName, value })),
              ],
              ...(Object.keys(resources).length > 0
                ? { resources: { requests: resources, limits: resources } }
                : {}),
              volumeMounts: [{ name: 'code', mountPath: CODE_MOUNT_PATH, readOnly: true }],
              // A failed container's last log lines become its termination message, which the error quotes.
              terminationMessagePolicy: 'FallbackToLogsOnError',
            },
          ],
          volumes: [{ name: 'code', configMap: { name } }],
          ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector } : {}),
          ...(tolerations ? { tolerations } : {}),
          ...(serviceAccountName ? { serviceAccountName } : {}),
          ...(priorityClassName ? { priorityClassName } : {}),
          ...(defaults.imagePullSecrets.length > 0
            ? { imagePullSecrets: defaults.imagePullSecrets.map((secret) => ({ name: secret })) }
            : {}),
        },
      },
    },
  };
  const configMap: V1ConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, labels, annotations: { [SUBMISSION_ANNOTATION]: submission } },
    data: {
      'main.py': request.code,
      ...(hasDependencies ? { 'requirements.txt': `${request.dependencies.join('\n')}\n` } : {}),
    },
  };
  return { name, submission, job, configMap };
}
