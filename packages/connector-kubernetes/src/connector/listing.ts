/**
 * Listing this connector's jobs: the namespace's Jobs with its managed-by label, their pods, and the cancel
 * records, newest first by submit time.
 */
import {
  JobStatus,
  type JobSummary,
  type ListJobsOptions,
  parseListJobsOptions,
} from '@neural/integrations-core';
import { JOB_NAME_LABEL, MANAGED_BY, MANAGED_BY_LABEL, SUBMITTED_AT_ANNOTATION } from '../job-spec.js';
import { mapKubernetesState } from '../states.js';
import { CANCEL_RECORD_SELECTOR, cancelledJobs } from './cancel-record.js';
import type { KubeClient } from './client.js';
import { newestPod, time } from './observe.js';

/**
 * This connector's jobs in the namespace (by its `app.kubernetes.io/managed-by` label), cancelled ones
 * included, newest first, at most `limit`, only those in `statusFilter` when given.
 */
export async function listJobs(client: KubeClient, options: ListJobsOptions): Promise<JobSummary[]> {
  const { limit, statusFilter, signal } = parseListJobsOptions(options);
  const selector = `${MANAGED_BY_LABEL}=${MANAGED_BY}`;
  const [jobs, pods, records] = await Promise.all([
    client.call(
      'listJobs',
      client.permission('list', 'jobs', 'batch'),
      (o) => client.batch.listNamespacedJob({ namespace: client.namespace, labelSelector: selector }, o),
      signal,
    ),
    client.call(
      'listJobs',
      client.permission('list', 'pods', ''),
      (o) => client.core.listNamespacedPod({ namespace: client.namespace, labelSelector: selector }, o),
      signal,
    ),
    client.call(
      'listJobs',
      client.permission('list', 'configmaps', ''),
      (o) =>
        client.core.listNamespacedConfigMap(
          { namespace: client.namespace, labelSelector: CANCEL_RECORD_SELECTOR },
          o,
        ),
      signal,
    ),
  ]);
  const cancelled = cancelledJobs(records.items);
  const summaries: JobSummary[] = [];
  for (const job of jobs.items) {
    const id = job.metadata?.name ?? '';
    if (cancelled.has(id)) continue;
    const state = mapKubernetesState(
      job,
      newestPod(pods.items.filter((pod) => pod.metadata?.labels?.['job-name'] === id)),
    );
    summaries.push({
      id,
      name: job.metadata?.annotations?.[JOB_NAME_LABEL],
      status: state.status,
      rawState: state.rawState,
      createdAt: submittedAt(job.metadata?.annotations, job.metadata?.creationTimestamp),
    });
  }
  for (const [id, record] of cancelled) {
    summaries.push({
      id,
      name: record.metadata?.annotations?.[JOB_NAME_LABEL],
      status: JobStatus.CANCELLED,
      rawState: 'Cancelled',
      createdAt: submittedAt(record.metadata?.annotations, record.metadata?.creationTimestamp),
    });
  }
  return summaries
    .filter((summary) => statusFilter === undefined || summary.status === statusFilter)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
    .slice(0, limit);
}

/** When the job was submitted: its submit annotation, else when its object was created. */
function submittedAt(
  annotations: Record<string, string> | undefined,
  created: Date | string | undefined,
): Date {
  const ms = Date.parse(annotations?.[SUBMITTED_AT_ANNOTATION] ?? '');
  return new Date(Number.isNaN(ms) ? time(created) : ms);
}
