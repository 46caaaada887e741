import { clockSchema, millisecondsSchema, probabilitySchema, seedSchema } from '@neural/fake-platform';
import { strictOptions } from '@neural/integrations-core';
import { z } from 'zod';

/** The kinds of fault the fake API server can inject, as a flaky API server or load balancer would. */
export const KUBE_FAULT_KINDS = [
  'latency',
  'internal',
  'unavailable',
  'rate-limit',
  'drop-before',
  'drop-after',
] as const;

/**
 * One kind of injected fault:
 * - `latency`: the answer is delayed by `latencySpikeMs`;
 * - `internal` / `unavailable`: `500` / `503` Status, the API server did nothing;
 * - `rate-limit`: `429 TooManyRequests` with `Retry-After` (API priority and fairness), nothing done;
 * - `drop-before`: the connection drops before the API server acted;
 * - `drop-after`: the API server acted (a create is stored) and then the connection drops.
 */
export type KubeFaultKind = (typeof KUBE_FAULT_KINDS)[number];

/** The zod schema of {@link KubeFaultOptions}. */
export const KubeFaultOptionsSchema = z.strictObject({
  rate: probabilitySchema.default(0),
  kinds: z
    .array(z.enum(KUBE_FAULT_KINDS, { error: `must be one of ${KUBE_FAULT_KINDS.join(', ')}` }))
    .min(1, 'must name at least one fault kind')
    .default([...KUBE_FAULT_KINDS]),
  latencySpikeMs: millisecondsSchema.max(60_000, 'must be at most 60000').default(250),
  retryAfterSeconds: z.number().int('must be a whole number').min(0).max(3600).default(1),
  /**
   * A followed log stream ends early after this many lines, before the container has ended (as API servers
   * and proxies do to long-lived streams); a client must reconnect and resume.
   */
  cutLogStreamsAfterLines: z.number().int('must be a whole number').positive().optional(),
  /** How many times per pod a stream is cut that way (default: every time). */
  maxLogStreamCuts: z.number().int('must be a whole number').nonnegative().optional(),
});

/** Fault settings of the fake Kubernetes API. */
export type KubeFaultOptions = z.input<typeof KubeFaultOptionsSchema>;
/** Fault settings with their defaults. */
export type ResolvedKubeFaultOptions = z.output<typeof KubeFaultOptionsSchema>;

/** The zod schema of {@link FakeNode}: a node of the fake cluster, its name, allocatable resources and labels. */
export const FakeNodeSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a DNS subdomain name'),
  cpu: z.string().default('8'),
  memory: z.string().default('32Gi'),
  ephemeralStorage: z.string().default('100Gi'),
  pods: z.number().int().positive().default(110),
  /** Extended resources, such as `{ 'nvidia.com/gpu': 4 }`. */
  extended: z.record(z.string(), z.number().int().nonnegative()).default({}),
  labels: z.record(z.string(), z.string()).default({}),
  /** `NoSchedule` taints (`{ key, value }`); a pod schedules here only when it tolerates each. */
  taints: z.array(z.strictObject({ key: z.string(), value: z.string().optional() })).default([]),
  ready: z.boolean().default(true),
});

/** A node of the fake cluster. */
export type FakeNode = z.input<typeof FakeNodeSchema>;

/**
 * The zod schema of {@link DeniedPermission}: one permission refused to every user, such as
 * `{ verb: 'create', resource: 'jobs', group: 'batch' }`.
 */
export const DeniedPermissionSchema = z.strictObject({
  verb: z.string().min(1),
  resource: z.string().min(1),
  group: z.string().default(''),
  namespace: z.string().optional(),
});

/** One permission refused (RBAC that does not grant it). */
export type DeniedPermission = z.input<typeof DeniedPermissionSchema>;

/** The zod schema of {@link FakeKubernetesOptions}. */
export const FakeKubernetesOptionsSchema = strictOptions(
  {
    url: z
      .string()
      .refine((value) => URL.canParse(value), 'must be an absolute URL such as http://kubernetes.test')
      .default('http://kubernetes.fake.test'),
    tokens: z
      .record(z.string().min(8, 'tokens must be at least 8 characters'), z.string().min(1))
      .default({ 'fake-kubernetes-token': 'system:serviceaccount:default:neural' }),
    namespaces: z.array(z.string().min(1)).min(1).default(['default']),
    nodes: z.array(FakeNodeSchema).optional(),
    denied: z.array(DeniedPermissionSchema).default([]),
    clock: clockSchema.optional(),
    latencyClock: clockSchema.optional(),
    seed: seedSchema.default(1),
    defaultQueueMs: z.number().int().nonnegative().default(100),
    defaultStartingMs: z.number().int().nonnegative().default(50),
    defaultDurationMs: z.number().int().nonnegative().default(1_000),
    /** How long a Job labelled with a Kueue queue (`kueue.x-k8s.io/queue-name`) stays suspended before admission. */
    kueueAdmissionMs: z.number().int().nonnegative().default(100),
    /** How long a deleted Job stays visible (with `deletionTimestamp`) while its pods terminate. */
    terminationMs: z.number().int().nonnegative().default(0),
    faults: KubeFaultOptionsSchema.prefault({}),
  },
  // One name for a fake's origin across the fakes of this repository (`@neural/fake-platform` says `url` too).
  { renamed: { baseUrl: 'url' } },
);

/**
 * Options of the fake Kubernetes API.
 *
 * - `url`: where the handlers answer (the kubeconfig's `server`);
 * - `tokens`: bearer token → user name, the credentials it accepts (default one token);
 * - `namespaces`: the namespaces that exist (default `default`);
 * - `nodes`: the cluster's nodes (default: one CPU node and one node with 4 `nvidia.com/gpu`);
 * - `denied`: permissions every user lacks (403, and `allowed: false` in access reviews);
 * - `clock`: drives the simulated Job controller and kubelet (default the system clock);
 * - `latencyClock`: where injected latency is slept (default the system clock);
 * - `seed`: seeds names, uids and fault decisions, so a run is reproducible;
 * - `defaultQueueMs` / `defaultStartingMs` / `defaultDurationMs`: a job's timeline when its code does not say;
 * - `kueueAdmissionMs`: how long a Job with a Kueue queue label stays suspended (Kueue suspends it on create
 *   and resumes it on admission);
 * - `terminationMs`: how long a deleted Job lingers; `faults`: see {@link KubeFaultOptions}.
 */
export type FakeKubernetesOptions = z.input<typeof FakeKubernetesOptionsSchema>;
/** Options after defaults were applied. */
export type ResolvedFakeKubernetesOptions = z.output<typeof FakeKubernetesOptionsSchema>;

/** The nodes of a cluster when none are given. */
export const DEFAULT_NODES: readonly FakeNode[] = Object.freeze<FakeNode[]>([
  {
    name: 'cpu-node-1',
    cpu: '8',
    memory: '32Gi',
    labels: { 'node.kubernetes.io/instance-type': 'standard' },
  },
  {
    name: 'gpu-node-1',
    cpu: '16',
    memory: '64Gi',
    extended: { 'nvidia.com/gpu': 4 },
    labels: { 'node.kubernetes.io/instance-type': 'gpu', 'nvidia.com/gpu.product': 'A100' },
  },
]);
