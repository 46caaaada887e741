/**
 * The record a cancel leaves: a ConfigMap `<job>-cancelled` holding the logs up to the cancel and when the
 * job started and was cancelled. Kubernetes keeps nothing of a deleted Job, and the contract says a cancelled
 * job stays cancelled: the record is how the job reads `cancelled` afterwards, and how its idempotency key
 * keeps naming it.
 */
import type { V1ConfigMap, V1Job } from '@kubernetes/client-node';
import { unlessNotFound } from '../errors.js';
import {
  JOB_NAME_LABEL,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  RECORD_LABEL,
  SUBMITTED_AT_ANNOTATION,
} from '../job-spec.js';
import type { KubeClient } from './client.js';

const RECORD_SUFFIX = '-cancelled';
const MAX_RECORDED_LOG_CHARS = 512 * 1024;
const STARTED_AT_ANNOTATION = 'integrations.neural.dev/started-at';
const CANCELLED_AT_ANNOTATION = 'integrations.neural.dev/cancelled-at';

/** The label selector of every cancel record. */
export const CANCEL_RECORD_SELECTOR = `${RECORD_LABEL}=cancelled`;

/** The cancel record of the job, `undefined` when it was never cancelled. */
export async function readCancelRecord(
  client: KubeClient,
  name: string,
  signal: AbortSignal | undefined,
): Promise<V1ConfigMap | undefined> {
  return unlessNotFound(
    client.call(
      'getJobStatus',
      client.permission('get', 'configmaps', ''),
      (o) =>
        client.core.readNamespacedConfigMap(
          { name: `${name}${RECORD_SUFFIX}`, namespace: client.namespace },
          o,
        ),
      signal,
    ),
  );
}

/**
 * The record of cancelling `job` now: its labels (but the Job controller's and Kueue's), its submit time and
 * name, when it started and was cancelled, and the last 512 KiB of `logs`.
 */
export function cancelRecordOf(
  jobId: string,
  job: V1Job,
  logs: string | undefined,
  nowMs: number,
): V1ConfigMap {
  const now = new Date(nowMs).toISOString();
  const annotations = job.metadata?.annotations ?? {};
  const record: V1ConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `${jobId}${RECORD_SUFFIX}`,
      labels: { ...job.metadata?.labels, [MANAGED_BY_LABEL]: MANAGED_BY, [RECORD_LABEL]: 'cancelled' },
      annotations: {
        [SUBMITTED_AT_ANNOTATION]:
          annotations[SUBMITTED_AT_ANNOTATION] ?? toIso(job.metadata?.creationTimestamp) ?? now,
        ...(annotations[JOB_NAME_LABEL] ? { [JOB_NAME_LABEL]: annotations[JOB_NAME_LABEL] } : {}),
        [STARTED_AT_ANNOTATION]: toIso(job.status?.startTime) ?? now,
        [CANCELLED_AT_ANNOTATION]: now,
      },
    },
    data: { logs: (logs ?? '').slice(-MAX_RECORDED_LOG_CHARS) },
  };
  for (const key of [
    'controller-uid',
    'batch.kubernetes.io/controller-uid',
    'job-name',
    'batch.kubernetes.io/job-name',
    'kueue.x-k8s.io/queue-name',
  ]) {
    delete record.metadata?.labels?.[key];
  }
  return record;
}

/** The job ids the records name, each with its record. */
export function cancelledJobs(records: readonly V1ConfigMap[]): Map<string, V1ConfigMap> {
  const cancelled = new Map<string, V1ConfigMap>();
  for (const record of records) {
    const name = record.metadata?.name ?? '';
    if (name.endsWith(RECORD_SUFFIX)) cancelled.set(name.slice(0, -RECORD_SUFFIX.length), record);
  }
  return cancelled;
}

/** How long the job ran before it was cancelled, in seconds (`undefined` when the record does not say). */
export function cancelledRunSeconds(record: V1ConfigMap): number | undefined {
  const annotations = record.metadata?.annotations ?? {};
  const start = Date.parse(annotations[STARTED_AT_ANNOTATION] ?? '');
  const end = Date.parse(annotations[CANCELLED_AT_ANNOTATION] ?? '');
  return Number.isNaN(start) || Number.isNaN(end) ? undefined : Math.max(0, (end - start) / 1000);
}

function toIso(value: Date | string | undefined): string | undefined {
  return value === undefined ? undefined : new Date(value).toISOString();
}
