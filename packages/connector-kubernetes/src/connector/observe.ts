/**
 * What the cluster holds for a job id: its Job, the Job's newest pod, and the record a cancel left; and the
 * job's state from them (the cancel record wins, else the state table of `states.ts`).
 */
import type { V1ConfigMap, V1Job, V1Pod } from '@kubernetes/client-node';
import { assertJobId, JobNotFoundError, JobStatus, throwIfAborted } from '@neural/integrations-core';
import { unlessNotFound } from '../errors.js';
import { DNS_LABEL } from '../options.js';
import { type MappedKubernetesState, mapKubernetesState } from '../states.js';
import { readCancelRecord } from './cancel-record.js';
import type { KubeClient } from './client.js';

/** What {@link observe} found for a job id: its Job and pod, or the record a cancel left. */
export interface Observed {
  readonly job: V1Job | undefined;
  readonly pod: V1Pod | undefined;
  readonly record: V1ConfigMap | undefined;
}

/** The Job of that name, `undefined` when there is none. */
export async function readJob(
  client: KubeClient,
  operation: string,
  name: string,
  signal: AbortSignal | undefined,
): Promise<V1Job | undefined> {
  return unlessNotFound(
    client.call(
      operation,
      client.permission('get', 'jobs', 'batch'),
      (o) => client.batch.readNamespacedJob({ name, namespace: client.namespace }, o),
      signal,
    ),
  );
}

/** The Job, its newest pod, and the cancel record when the Job is gone or going. */
export async function observe(
  client: KubeClient,
  operation: string,
  jobId: string,
  signal: AbortSignal | undefined,
): Promise<Observed> {
  assertJobId(jobId);
  throwIfAborted(signal);
  // Every id this connector returns is a Job name (a DNS label): anything else names no job.
  if (jobId.length > 63 || !DNS_LABEL.test(jobId)) throw new JobNotFoundError(jobId);
  const job = await readJob(client, operation, jobId, signal);
  const record =
    !job || job.metadata?.deletionTimestamp ? await readCancelRecord(client, jobId, signal) : undefined;
  if (!job && !record) throw new JobNotFoundError(jobId);
  let pod: V1Pod | undefined;
  if (job && !record) {
    const pods = await client.call(
      operation,
      client.permission('list', 'pods', ''),
      (o) =>
        client.core.listNamespacedPod({ namespace: client.namespace, labelSelector: `job-name=${jobId}` }, o),
      signal,
    );
    pod = newestPod(pods.items);
  }
  return { job, pod, record };
}

/** The job's state: cancelled when a cancel record is there, else from its Job and pod. */
export function stateOf(observed: Observed): MappedKubernetesState {
  if (observed.record) return { status: JobStatus.CANCELLED, rawState: 'Cancelled', error: undefined };
  return mapKubernetesState(observed.job as V1Job, observed.pod);
}

/** The most recently created of the pods. */
export function newestPod(pods: readonly V1Pod[]): V1Pod | undefined {
  return [...pods].sort(
    (a, b) => time(b.metadata?.creationTimestamp) - time(a.metadata?.creationTimestamp),
  )[0];
}

/** A timestamp in epoch milliseconds, 0 when absent. */
export function time(value: Date | string | undefined): number {
  return value === undefined ? 0 : new Date(value).getTime();
}
