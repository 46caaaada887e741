import type { StoredPod } from './kubelet.js';
import type { KubeObject } from './objects.js';
import { rfc3339 } from './objects.js';

const KUEUE_QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';

/** What the Job controller knows of a Job: its object, when it was created and when it was admitted. */
export interface JobTimeline {
  readonly object: KubeObject;
  readonly createdMs: number;
  readonly admittedMs: number | undefined;
}

/**
 * The Job's `status` as the Job controller writes it at `now`, from its one pod: `active`, `ready`, the
 * counts, `startTime`, `completionTime`, and the conditions of Kubernetes 1.31+ (`SuccessCriteriaMet` then
 * `Complete`; `FailureTarget` then `Failed` with `BackoffLimitExceeded` or `DeadlineExceeded`).
 */
export function jobStatus(
  job: JobTimeline,
  pod: StoredPod | undefined,
  now: number,
): Record<string, unknown> {
  const status: Record<string, unknown> = { uncountedTerminatedPods: {} };
  const conditions: Array<Record<string, unknown>> = [];
  const admittedMs = job.admittedMs ?? job.createdMs;
  const kueue = job.object.metadata.labels?.[KUEUE_QUEUE_LABEL] !== undefined;
  if (kueue) {
    conditions.push({
      type: 'Suspended',
      status: 'False',
      reason: 'JobResumed',
      message: 'Job resumed',
      lastProbeTime: rfc3339(admittedMs),
      lastTransitionTime: rfc3339(admittedMs),
    });
  }
  status.startTime = rfc3339(admittedMs);
  const ended = pod?.endMs !== undefined && pod.endMs <= now && pod.ending !== undefined;
  if (pod && ended && pod.ending) {
    const endTime = rfc3339(pod.endMs as number);
    const failed = pod.ending.exitCode !== 0 || pod.ending.podReason !== undefined;
    status.active = 0;
    status.ready = 0;
    status.terminating = 0;
    if (failed) {
      status.failed = 1;
      const reason = pod.ending.jobReason;
      const message =
        reason === 'DeadlineExceeded'
          ? 'Job was active longer than specified deadline'
          : 'Job has reached the specified backoff limit';
      conditions.push({
        type: 'FailureTarget',
        status: 'True',
        reason,
        message,
        lastProbeTime: endTime,
        lastTransitionTime: endTime,
      });
      conditions.push({
        type: 'Failed',
        status: 'True',
        reason,
        message,
        lastProbeTime: endTime,
        lastTransitionTime: endTime,
      });
    } else {
      status.succeeded = 1;
      status.completionTime = endTime;
      conditions.push({
        type: 'SuccessCriteriaMet',
        status: 'True',
        reason: 'CompletionsReached',
        message: 'Reached expected number of succeeded pods',
        lastProbeTime: endTime,
        lastTransitionTime: endTime,
      });
      conditions.push({
        type: 'Complete',
        status: 'True',
        reason: 'CompletionsReached',
        message: 'Reached expected number of succeeded pods',
        lastProbeTime: endTime,
        lastTransitionTime: endTime,
      });
    }
  } else {
    status.active = pod ? 1 : 0;
    status.ready = pod && (pod.object.status as { phase?: string }).phase === 'Running' ? 1 : 0;
    status.terminating = 0;
  }
  if (conditions.length > 0) status.conditions = conditions;
  return status;
}

/** The status of a suspended Job (`spec.suspend`: Kueue's webhook on create, or a preemption). */
export function suspendedStatus(now: number): Record<string, unknown> {
  return {
    conditions: [
      {
        type: 'Suspended',
        status: 'True',
        reason: 'JobSuspended',
        message: 'Job suspended',
        lastProbeTime: rfc3339(now),
        lastTransitionTime: rfc3339(now),
      },
    ],
  };
}
