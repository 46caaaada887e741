import type { V1Job, V1JobCondition, V1Pod } from '@kubernetes/client-node';
import { JobStatus } from '@neural/integrations-core';

/** A job's status as read from Kubernetes: the contract's status, the raw state, and the failure, if any. */
export interface MappedKubernetesState {
  /** The contract's status. */
  readonly status: JobStatus;
  /** What Kubernetes says, for `JobResult.rawState`: `Running`, `Pending: ImagePullBackOff (…)`, `Failed: DeadlineExceeded`. */
  readonly rawState: string;
  /** For a failed job: the reason first (`OOMKilled`, `Evicted`, `DeadlineExceeded`, …), then the detail. */
  readonly error: string | undefined;
}

const isTrue = (conditions: readonly V1JobCondition[], type: string) =>
  conditions.find((condition) => condition.type === type && condition.status === 'True');

/** Why a pod waits: unschedulable, or a container's waiting reason (`ImagePullBackOff`, `ContainerCreating`). */
function pendingReason(pod: V1Pod | undefined): string {
  if (!pod) return 'Pending: no pod yet';
  const unschedulable = pod.status?.conditions?.find(
    (condition) => condition.type === 'PodScheduled' && condition.status === 'False',
  );
  if (unschedulable) {
    return `Pending: ${unschedulable.reason ?? 'Unschedulable'}${unschedulable.message ? ` (${unschedulable.message})` : ''}`;
  }
  const waiting = pod.status?.containerStatuses?.find((status) => status.state?.waiting)?.state?.waiting;
  if (waiting?.reason) return `Pending: ${waiting.reason}${waiting.message ? ` (${waiting.message})` : ''}`;
  return 'Pending';
}

/** The failure, reason first: the pod's (eviction, OOM, exit code) before the Job's (deadline, backoff limit). */
function describeFailure(condition: V1JobCondition, pod: V1Pod | undefined): string {
  const terminated = pod?.status?.containerStatuses?.find((status) => status.state?.terminated)?.state
    ?.terminated;
  const jobPart = `${condition.reason ?? 'Failed'}${condition.message ? `: ${condition.message}` : ''}`;
  const tail = terminated?.message?.trim() ? `\n${terminated.message.trim()}` : '';
  if (pod?.status?.reason === 'Evicted') {
    return `Evicted: ${pod.status.message ?? 'the node evicted the pod'} (${jobPart})${tail}`;
  }
  if (terminated?.reason === 'OOMKilled') {
    return `OOMKilled: the container exceeded its memory limit (exit code ${terminated.exitCode}; ${jobPart})${tail}`;
  }
  if (condition.reason === 'DeadlineExceeded') return `${jobPart} (maxRuntimeHours)${tail}`;
  if (terminated) return `${jobPart}; the container exited with code ${terminated.exitCode}${tail}`;
  return `${jobPart}${tail}`;
}

/**
 * Maps a Job and its pod to the contract's status (the README's table):
 *
 * - `Complete` (or `SuccessCriteriaMet`) → `succeeded`;
 * - `Failed` (or `FailureTarget`) → `failed`, the error naming the reason (`OOMKilled`, `Evicted`,
 *   `DeadlineExceeded`, `BackoffLimitExceeded`);
 * - suspended (Kueue not yet admitted) → `pending`;
 * - a pod unschedulable, pulling or failing to pull its image, or being created → `pending` with the reason;
 * - a pod running, or ended while the Job controller has not yet recorded it → `running`.
 *
 * A Job being deleted (not by this connector's cancel, which leaves a record) reads `cancelled`.
 */
export function mapKubernetesState(job: V1Job, pod: V1Pod | undefined): MappedKubernetesState {
  const conditions = job.status?.conditions ?? [];
  const failed = isTrue(conditions, 'Failed') ?? isTrue(conditions, 'FailureTarget');
  if (failed) {
    return {
      status: JobStatus.FAILED,
      rawState: `Failed: ${failed.reason ?? 'Failed'}`,
      error: describeFailure(failed, pod),
    };
  }
  const complete = isTrue(conditions, 'Complete') ?? isTrue(conditions, 'SuccessCriteriaMet');
  if (complete) return { status: JobStatus.SUCCEEDED, rawState: 'Complete', error: undefined };
  if (job.metadata?.deletionTimestamp)
    return { status: JobStatus.CANCELLED, rawState: 'Deleting', error: undefined };
  if (job.spec?.suspend || isTrue(conditions, 'Suspended')) {
    return { status: JobStatus.PENDING, rawState: 'Suspended', error: undefined };
  }
  const phase = pod?.status?.phase;
  if (phase === 'Running') return { status: JobStatus.RUNNING, rawState: 'Running', error: undefined };
  if (phase === 'Succeeded' || phase === 'Failed') {
    return {
      status: JobStatus.RUNNING,
      rawState: `Running: pod ${phase}, Job not yet updated`,
      error: undefined,
    };
  }
  return { status: JobStatus.PENDING, rawState: pendingReason(pod), error: undefined };
}
