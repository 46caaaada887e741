import { qosClass } from './nodes.js';
import type { KubeObject, LogLine } from './objects.js';
import { rfc3339 } from './objects.js';
import type { PodScenario } from './scenario.js';

/** A pod as the simulated kubelet runs it: its object, and the times of its life on the cluster's clock. */
export interface StoredPod {
  object: KubeObject;
  jobKey: string;
  createdMs: number;
  codeMs: number | undefined;
  scenario: PodScenario | undefined;
  scheduledMs: number | undefined;
  unschedulableMessage: string | undefined;
  runningMs: number | undefined;
  endMs: number | undefined;
  ending: PodEnding | undefined;
  lines: LogLine[];
}

/** How a pod's run ends: the container's exit and reason, the pod's reason, and the reason the Job fails with. */
export interface PodEnding {
  exitCode: number;
  reason: string;
  message: string | undefined;
  podReason: string | undefined;
  podMessage: string | undefined;
  jobReason: string;
}

/** Why the container waits: pulling (and failing to pull) its image, or being created. */
export function waitingReason(pod: StoredPod, now: number): string {
  if (pod.scenario?.scenario === 'image-pull' && pod.scheduledMs !== undefined) {
    return now - pod.scheduledMs < 1_000 ? 'ErrImagePull' : 'ImagePullBackOff';
  }
  return 'ContainerCreating';
}

/** Writes the pod's `status` as the kubelet reports it at `now`: phase, conditions, container states. */
export function writePodStatus(pod: StoredPod, now: number): void {
  const spec = pod.object.spec as { containers: Array<{ name: string; image: string }>; nodeName?: string };
  const status: Record<string, unknown> = { phase: 'Pending', qosClass: qosClass(spec) };
  const conditions: Array<Record<string, unknown>> = [];
  const container = spec.containers[0] as { name: string; image: string };
  const ended = pod.endMs !== undefined && pod.endMs <= now && pod.ending !== undefined;
  const running = pod.runningMs !== undefined && pod.runningMs <= now && !ended;
  const base = {
    name: container.name,
    image: container.image,
    imageID: pod.runningMs !== undefined ? `${container.image.split(':')[0]}@sha256:${'0'.repeat(64)}` : '',
    restartCount: 0,
    started: running,
    ready: running,
  };
  if (pod.scheduledMs === undefined && !ended) {
    if (pod.unschedulableMessage) {
      conditions.push({
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: pod.unschedulableMessage,
        lastTransitionTime: rfc3339(pod.createdMs),
      });
    }
  } else {
    const scheduledMs = pod.scheduledMs ?? (pod.endMs as number);
    if (pod.scheduledMs !== undefined) {
      status.hostIP = '10.0.0.10';
      status.podIP = '10.244.0.10';
    }
    status.startTime = rfc3339(scheduledMs);
    conditions.push({
      type: 'PodScheduled',
      status: pod.scheduledMs !== undefined ? 'True' : 'False',
      lastTransitionTime: rfc3339(scheduledMs),
    });
    conditions.push({ type: 'Initialized', status: 'True', lastTransitionTime: rfc3339(scheduledMs) });
    if (ended && pod.ending) {
      const ending = pod.ending;
      const failed = ending.exitCode !== 0 || ending.podReason !== undefined;
      status.phase = failed ? 'Failed' : 'Succeeded';
      if (ending.podReason) status.reason = ending.podReason;
      if (ending.podMessage) status.message = ending.podMessage;
      conditions.push({
        type: 'Ready',
        status: 'False',
        reason: 'PodCompleted',
        lastTransitionTime: rfc3339(pod.endMs as number),
      });
      conditions.push({
        type: 'ContainersReady',
        status: 'False',
        reason: 'PodCompleted',
        lastTransitionTime: rfc3339(pod.endMs as number),
      });
      if (pod.runningMs === undefined) {
        status.containerStatuses = [
          {
            ...base,
            started: false,
            ready: false,
            state: {
              terminated: {
                exitCode: ending.exitCode,
                reason: 'ContainerStatusUnknown',
                message: 'The container could not be located when the pod was terminated',
                finishedAt: rfc3339(pod.endMs as number),
              },
            },
          },
        ];
      } else {
        const terminated: Record<string, unknown> = {
          exitCode: ending.exitCode,
          reason: ending.reason,
          startedAt: rfc3339(pod.runningMs),
          finishedAt: rfc3339(pod.endMs as number),
          containerID: `containerd://${pod.object.metadata.uid?.replace(/-/g, '')}`,
        };
        const policy = (pod.object.spec as { containers: Array<{ terminationMessagePolicy?: string }> })
          .containers[0]?.terminationMessagePolicy;
        const tail = pod.lines
          .slice(-20)
          .map((line) => line.text)
          .join('\n');
        if (ending.message ?? (policy === 'FallbackToLogsOnError' && ending.exitCode !== 0 && tail)) {
          terminated.message = ending.message ?? tail;
        }
        status.containerStatuses = [
          {
            ...base,
            started: false,
            ready: false,
            containerID: terminated.containerID,
            state: { terminated },
          },
        ];
      }
      if (failed)
        conditions.push({
          type: 'DisruptionTarget',
          status: ending.podReason === 'Evicted' ? 'True' : 'False',
          reason: ending.podReason === 'Evicted' ? 'TerminationByKubelet' : 'PodCompleted',
          lastTransitionTime: rfc3339(pod.endMs as number),
        });
    } else if (running) {
      status.phase = 'Running';
      conditions.push({
        type: 'Ready',
        status: 'True',
        lastTransitionTime: rfc3339(pod.runningMs as number),
      });
      conditions.push({
        type: 'ContainersReady',
        status: 'True',
        lastTransitionTime: rfc3339(pod.runningMs as number),
      });
      status.containerStatuses = [
        {
          ...base,
          containerID: `containerd://${pod.object.metadata.uid?.replace(/-/g, '')}`,
          state: { running: { startedAt: rfc3339(pod.runningMs as number) } },
        },
      ];
    } else {
      const reason = waitingReason(pod, now);
      const message =
        reason === 'ContainerCreating'
          ? undefined
          : `Back-off pulling image "${container.image}": ErrImagePull: failed to pull and unpack image "${container.image}": not found`;
      conditions.push({
        type: 'Ready',
        status: 'False',
        reason: 'ContainersNotReady',
        message: `containers with unready status: [${container.name}]`,
        lastTransitionTime: rfc3339(scheduledMs),
      });
      conditions.push({
        type: 'ContainersReady',
        status: 'False',
        reason: 'ContainersNotReady',
        message: `containers with unready status: [${container.name}]`,
        lastTransitionTime: rfc3339(scheduledMs),
      });
      status.containerStatuses = [
        { ...base, state: { waiting: message ? { reason, message } : { reason } } },
      ];
    }
  }
  if (conditions.length > 0) status.conditions = conditions;
  pod.object.status = status;
}

/** The end a scenario gives the container: OOM-killed, evicted, failed with exit 1, or completed. */
export function endingOf(scenario: PodScenario): PodEnding {
  switch (scenario.scenario) {
    case 'oom':
      return {
        exitCode: 137,
        reason: 'OOMKilled',
        message: undefined,
        podReason: undefined,
        podMessage: undefined,
        jobReason: 'BackoffLimitExceeded',
      };
    case 'evicted':
      return {
        exitCode: 137,
        reason: 'Error',
        message: undefined,
        podReason: 'Evicted',
        podMessage: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 51200Ki.',
        jobReason: 'BackoffLimitExceeded',
      };
    default:
      return scenario.fail !== undefined
        ? {
            exitCode: 1,
            reason: 'Error',
            message: undefined,
            podReason: undefined,
            podMessage: undefined,
            jobReason: 'BackoffLimitExceeded',
          }
        : {
            exitCode: 0,
            reason: 'Completed',
            message: undefined,
            podReason: undefined,
            podMessage: undefined,
            jobReason: '',
          };
  }
}
