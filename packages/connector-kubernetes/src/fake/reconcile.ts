/**
 * The simulated controllers' loop: brings every Job and pod up to the clock's now (a deleted Job going once
 * its pods have terminated, a suspended Job admitted, the Job controller making its pod, the scheduler and
 * kubelet moving the pod along, the Job's status written). Every read of the store runs it first, so with a
 * manual clock nothing happens until the test advances it.
 */
import { jobStatus } from './job-controller.js';
import type { StoredPod } from './kubelet.js';
import { qosClass } from './nodes.js';
import { type KubeObject, type ObjectMeta, rfc3339 } from './objects.js';
import { advancePod } from './pod-lifecycle.js';
import type { ClusterStore, StoredJob } from './store.js';

/** Brings every Job and pod up to the clock's now: admission, pods, scheduling, running, ending, deletion. */
export function reconcile(store: ClusterStore): void {
  const now = store.now();
  for (const [key, job] of store.jobs) {
    if (job.deletedMs !== undefined) {
      if (now >= job.deletedMs + store.options.terminationMs) store.jobs.delete(key);
      continue;
    }
    const spec = job.object.spec as { suspend?: boolean };
    if (spec.suspend) {
      if (job.admittedMs === undefined || now < job.admittedMs) continue;
      spec.suspend = false;
      job.object.metadata.resourceVersion = store.nextVersion();
    }
    job.admittedMs ??= now;
    if (!job.podKey) job.podKey = createPod(store, key, job, job.admittedMs);
    const pod = store.pods.get(job.podKey);
    if (pod) advancePod(store, pod, job, now);
    updateJobStatus(store, job, pod, now);
  }
}

/** The Job controller makes the Job's pod from its template; returns the pod's key. */
function createPod(store: ClusterStore, jobKey: string, job: StoredJob, atMs: number): string {
  const template = (job.object.spec as { template: { metadata: ObjectMeta; spec: Record<string, unknown> } })
    .template;
  const suffix = Array.from(
    { length: 5 },
    () => 'bcdfghjklmnpqrstvwxz2456789'[Math.floor(store.random() * 27)],
  ).join('');
  const name = `${job.object.metadata.name}-${suffix}`;
  const namespace = job.object.metadata.namespace as string;
  const spec = structuredClone(template.spec) as Record<string, unknown>;
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.serviceAccountName ??= 'default';
  const object: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: store.uid(),
      resourceVersion: store.nextVersion(),
      creationTimestamp: rfc3339(atMs),
      labels: { ...template.metadata.labels },
      annotations: { ...template.metadata.annotations },
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          name: job.object.metadata.name,
          uid: job.object.metadata.uid as string,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      finalizers: ['batch.kubernetes.io/job-tracking'],
    },
    spec,
    status: { phase: 'Pending', qosClass: qosClass(spec) },
  };
  const key = `${namespace}/${name}`;
  store.pods.set(key, {
    object,
    jobKey,
    createdMs: atMs,
    codeMs: undefined,
    scenario: undefined,
    scheduledMs: undefined,
    unschedulableMessage: undefined,
    runningMs: undefined,
    endMs: undefined,
    ending: undefined,
    lines: [],
  });
  return key;
}

/** Writes the Job's status as the Job controller sees it now; a change gets a new resourceVersion. */
function updateJobStatus(store: ClusterStore, job: StoredJob, pod: StoredPod | undefined, now: number): void {
  const status = jobStatus(job, pod, now);
  // A change the API server stores gets a new resourceVersion: what watches wake on.
  if (JSON.stringify(job.object.status) !== JSON.stringify(status)) {
    job.object.status = status;
    job.object.metadata.resourceVersion = store.nextVersion();
  }
}
