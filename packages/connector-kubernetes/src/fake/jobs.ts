/** Jobs (`batch/v1`) in the fake API server: create (validated as the API server validates), read, list, delete, requeue. */
import { z } from 'zod';
import { suspendedStatus } from './job-controller.js';
import { type KubeObject, type ObjectMeta, rfc3339 } from './objects.js';
import { reconcile } from './reconcile.js';
import { nameOf, toCauses } from './request-body.js';
import { matchesLabelSelector } from './selectors.js';
import { alreadyExists, invalid, KubeStatusError, notFound } from './status.js';
import type { ClusterStore, StoredJob } from './store.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const KUEUE_QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';
const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
const JOB_NAME = 'batch.kubernetes.io/job-name';

const ContainerSchema = z.looseObject({
  name: z.string().regex(DNS_LABEL, 'must be a DNS label'),
  image: z.string().min(1, 'Required value'),
  resources: z
    .looseObject({
      requests: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      limits: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    })
    .optional(),
});

const JobBodySchema = z.looseObject({
  metadata: z.looseObject({
    name: z.string().max(63, 'must be no more than 63 characters').regex(DNS_LABEL, 'must be a DNS label'),
  }),
  spec: z.looseObject({
    template: z.looseObject({
      metadata: z.looseObject({}).optional(),
      spec: z.looseObject({
        containers: z.array(ContainerSchema).min(1, 'Required value'),
        restartPolicy: z.enum(['Never', 'OnFailure'], { error: 'supported values: "OnFailure", "Never"' }),
        volumes: z
          .array(
            z.looseObject({ name: z.string(), configMap: z.looseObject({ name: z.string() }).optional() }),
          )
          .optional(),
        nodeSelector: z.record(z.string(), z.string()).optional(),
        tolerations: z
          .array(z.looseObject({ key: z.string().optional(), operator: z.string().optional() }))
          .optional(),
      }),
    }),
    activeDeadlineSeconds: z.number().int().positive('must be greater than 0').optional(),
    backoffLimit: z.number().int().nonnegative().optional(),
    suspend: z.boolean().optional(),
  }),
});

/** `POST /apis/batch/v1/namespaces/{ns}/jobs`. */
export function createJob(store: ClusterStore, namespace: string, body: unknown): KubeObject {
  reconcile(store);
  store.assertNamespace(namespace);
  const name = nameOf(body);
  const checked = JobBodySchema.safeParse(body);
  if (!checked.success) throw invalid('jobs', 'batch', name, toCauses(checked.error));
  const key = `${namespace}/${name}`;
  if (store.jobs.has(key)) throw alreadyExists('jobs', 'batch', name);
  const now = store.now();
  const object = structuredClone(body) as KubeObject & { spec: Record<string, unknown> };
  const uid = store.uid();
  object.apiVersion = 'batch/v1';
  object.kind = 'Job';
  object.metadata = {
    ...object.metadata,
    namespace,
    uid,
    resourceVersion: store.nextVersion(),
    generation: 1,
    creationTimestamp: rfc3339(now),
    labels: {
      ...object.metadata.labels,
      [CONTROLLER_UID]: uid,
      'controller-uid': uid,
      [JOB_NAME]: name,
      'job-name': name,
    },
  };
  const spec = object.spec as Record<string, unknown> & {
    template: { metadata?: ObjectMeta; spec: unknown };
  };
  spec.template.metadata = {
    ...spec.template.metadata,
    labels: {
      ...spec.template.metadata?.labels,
      [CONTROLLER_UID]: uid,
      'controller-uid': uid,
      [JOB_NAME]: name,
      'job-name': name,
    },
  } as ObjectMeta;
  spec.selector = { matchLabels: { [CONTROLLER_UID]: uid } };
  spec.parallelism ??= 1;
  spec.completions ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= 'NonIndexed';
  spec.manualSelector ??= false;
  spec.podReplacementPolicy ??= 'TerminatingOrFailed';
  const kueue = object.metadata.labels?.[KUEUE_QUEUE_LABEL] !== undefined;
  // Kueue's webhook suspends a queued Job on create; the fake's Kueue admits it after kueueAdmissionMs.
  if (kueue) spec.suspend = true;
  spec.suspend ??= false;
  object.status = spec.suspend ? suspendedStatus(now) : {};
  store.jobs.set(key, {
    object,
    createdMs: now,
    admittedMs: spec.suspend ? (kueue ? now + store.options.kueueAdmissionMs : undefined) : now,
    deletedMs: undefined,
    podKey: undefined,
  });
  reconcile(store);
  return structuredClone(store.jobs.get(key)?.object ?? object);
}

/** `GET /apis/batch/v1/namespaces/{ns}/jobs/{name}`. */
export function getJob(store: ClusterStore, namespace: string, name: string): KubeObject {
  reconcile(store);
  const job = store.jobs.get(`${namespace}/${name}`);
  if (!job) throw notFound('jobs', 'batch', name);
  return structuredClone(job.object);
}

/** `GET /apis/batch/v1/namespaces/{ns}/jobs`. */
export function listJobs(
  store: ClusterStore,
  namespace: string,
  labelSelector: string | null,
  fieldSelector: string | null = null,
): KubeObject {
  const items = selectJobs(store, namespace, labelSelector, fieldSelector).map((job) => structuredClone(job));
  return store.list('JobList', 'batch/v1', items);
}

/** The namespace's Jobs that the label selector and a `metadata.name` field selector pick. */
export function selectJobs(
  store: ClusterStore,
  namespace: string,
  labelSelector: string | null,
  fieldSelector: string | null,
): KubeObject[] {
  reconcile(store);
  store.assertNamespace(namespace);
  const name = fieldSelector ? /^metadata\.name==?([^,]+)$/.exec(fieldSelector)?.[1] : undefined;
  if (fieldSelector && name === undefined) {
    throw new KubeStatusError(400, `field label not supported: ${fieldSelector.split(/[!=]/)[0]}`);
  }
  return [...store.jobs.values()]
    .map((job) => job.object)
    .filter(
      (job) => job.metadata.namespace === namespace && (name === undefined || job.metadata.name === name),
    )
    .filter((job) => matchesLabelSelector(labelSelector, job.metadata.labels));
}

/**
 * `DELETE /apis/batch/v1/namespaces/{ns}/jobs/{name}`. With `Foreground` propagation the Job stays visible,
 * with a `deletionTimestamp` and the `foregroundDeletion` finalizer, until its pods are gone; its pods and
 * the objects it owns go with it.
 */
export function deleteJob(
  store: ClusterStore,
  namespace: string,
  name: string,
  propagationPolicy: string | null,
): KubeObject {
  reconcile(store);
  const key = `${namespace}/${name}`;
  const job = store.jobs.get(key);
  if (!job) throw notFound('jobs', 'batch', name);
  if (job.deletedMs === undefined) {
    job.deletedMs = store.now();
    job.object.metadata.deletionTimestamp = rfc3339(job.deletedMs);
    job.object.metadata.deletionGracePeriodSeconds = 0;
    if (propagationPolicy === 'Foreground') job.object.metadata.finalizers = ['foregroundDeletion'];
    job.object.metadata.resourceVersion = store.nextVersion();
    collectDependents(store, job);
  }
  const answer = structuredClone(job.object);
  reconcile(store);
  if (propagationPolicy === 'Foreground' || store.jobs.has(key)) return answer;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name, group: 'batch', kind: 'jobs', uid: job.object.metadata.uid },
  } as unknown as KubeObject;
}

/**
 * Requeues a Job as Kueue does on preemption: the Job is suspended (its pod deleted) and admitted again after
 * `kueueAdmissionMs`, when the Job controller makes a new pod.
 */
export function requeueJob(store: ClusterStore, namespace: string, name: string): void {
  reconcile(store);
  const job = store.jobs.get(`${namespace}/${name}`);
  if (!job) throw notFound('jobs', 'batch', name);
  if (job.podKey) store.pods.delete(job.podKey);
  job.podKey = undefined;
  const now = store.now();
  (job.object.spec as { suspend?: boolean }).suspend = true;
  job.admittedMs = now + store.options.kueueAdmissionMs;
  job.object.status = suspendedStatus(now);
  job.object.metadata.resourceVersion = store.nextVersion();
}

/** Removes a deleted Job's pods and the objects it owns (garbage collection). */
function collectDependents(store: ClusterStore, job: StoredJob): void {
  const uid = job.object.metadata.uid;
  for (const [key, pod] of store.pods)
    if (pod.object.metadata.ownerReferences?.some((ref) => ref.uid === uid)) store.pods.delete(key);
  for (const [key, entry] of store.configMaps)
    if (entry.object.metadata.ownerReferences?.some((ref) => ref.uid === uid)) store.configMaps.delete(key);
}
