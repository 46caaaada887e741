/**
 * A pod's life on the cluster's clock, as the scheduler and kubelet move it along: its code read from the
 * ConfigMaps it mounts, bound to a node, its container running and writing its lines, its end (as its
 * scenario says, or killed at the Job's `activeDeadlineSeconds`).
 */
import { endingOf, type StoredPod, writePodStatus } from './kubelet.js';
import { readScenario } from './scenario.js';
import { fitNode } from './scheduler.js';
import type { ClusterStore, StoredJob } from './store.js';

/** The code the pod runs: every ConfigMap it mounts, once all of them exist. */
function podCode(store: ClusterStore, pod: StoredPod): { code: string; atMs: number } | undefined {
  const namespace = pod.object.metadata.namespace as string;
  const volumes = (pod.object.spec as { volumes?: Array<{ configMap?: { name: string } }> }).volumes ?? [];
  let code = '';
  let atMs = pod.createdMs;
  for (const volume of volumes) {
    if (!volume.configMap) continue;
    const configMap = store.configMaps.get(`${namespace}/${volume.configMap.name}`);
    if (!configMap) return undefined;
    code += `${Object.values((configMap.object.data as Record<string, string> | undefined) ?? {}).join('\n')}\n`;
    atMs = Math.max(atMs, configMap.createdMs);
  }
  return { code, atMs };
}

/** Brings the pod of `job` up to `now`, and writes its status. */
export function advancePod(store: ClusterStore, pod: StoredPod, job: StoredJob, now: number): void {
  const { options, nodes } = store;
  if (pod.endMs !== undefined && pod.endMs <= now) {
    writePodStatus(pod, now);
    return;
  }
  if (!pod.scenario) {
    const found = podCode(store, pod);
    if (!found) {
      writePodStatus(pod, now);
      return;
    }
    pod.codeMs = found.atMs;
    pod.scenario = readScenario(found.code, {
      queueMs: options.defaultQueueMs,
      startingMs: options.defaultStartingMs,
      durationMs: options.defaultDurationMs,
    });
  }
  const scenario = pod.scenario;
  const codeMs = pod.codeMs ?? pod.createdMs;
  const deadlineSeconds = (job.object.spec as { activeDeadlineSeconds?: number }).activeDeadlineSeconds;
  const deadlineMs =
    deadlineSeconds === undefined
      ? Number.POSITIVE_INFINITY
      : (job.admittedMs ?? job.createdMs) + deadlineSeconds * 1000;
  if (
    pod.scheduledMs === undefined &&
    now >= codeMs + scenario.queueMs &&
    scenario.scenario !== 'unschedulable'
  ) {
    const node = fitNode(store, pod);
    if (typeof node === 'string') pod.unschedulableMessage = node;
    else {
      // A pod that waited for room is bound when room appeared (now), any other when its queue time ended.
      pod.scheduledMs = pod.unschedulableMessage === undefined ? codeMs + scenario.queueMs : now;
      pod.unschedulableMessage = undefined;
      (pod.object.spec as { nodeName?: string }).nodeName = node.name;
    }
  }
  if (scenario.scenario === 'unschedulable') {
    pod.unschedulableMessage = `0/${nodes.length} nodes are available: ${nodes.length} node(s) didn't match Pod's node affinity/selector. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.`;
  }
  if (
    pod.scheduledMs !== undefined &&
    pod.runningMs === undefined &&
    scenario.scenario !== 'image-pull' &&
    scenario.issues.length === 0
  ) {
    const runningMs = pod.scheduledMs + scenario.startingMs;
    if (now >= runningMs) {
      pod.runningMs = runningMs;
      const duration = scenario.durationMs;
      const env = (
        pod.object.spec as { containers: Array<{ env?: Array<{ name: string; value?: string }> }> }
      ).containers[0]?.env;
      const printed = scenario.printEnv.map(
        (name) => env?.find((variable) => variable.name === name)?.value ?? '',
      );
      const lines = [...printed, ...scenario.logLines];
      if (scenario.fail !== undefined) lines.push(`Error: ${scenario.fail}`);
      const span = Number.isFinite(duration) ? duration : 10 * (lines.length + 1);
      // What one print writes may hold newlines: the kubelet stamps each physical line, all at one time.
      pod.lines = lines.flatMap((text, index) => {
        const atMs = runningMs + Math.floor((span * (index + 1)) / (lines.length + 1));
        return text.split('\n').map((part) => ({ atMs, text: part }));
      });
      if (Number.isFinite(duration)) pod.endMs = runningMs + duration;
      pod.ending = endingOf(scenario);
    }
  }
  if (pod.scheduledMs !== undefined && pod.runningMs === undefined && scenario.issues.length > 0) {
    // Malformed directives: the program starts and crashes at once, as a script with a syntax error would.
    pod.runningMs = pod.scheduledMs + scenario.startingMs;
    pod.endMs = pod.runningMs;
    pod.lines = scenario.issues.map((text) => ({ atMs: pod.runningMs as number, text }));
    pod.ending = {
      exitCode: 1,
      reason: 'Error',
      message: scenario.issues.join('\n'),
      podReason: undefined,
      podMessage: undefined,
      jobReason: 'BackoffLimitExceeded',
    };
  }
  if (now >= deadlineMs && (pod.endMs === undefined || pod.endMs > deadlineMs)) {
    // The Job controller fails a Job past its activeDeadlineSeconds and kills its pod.
    if (pod.runningMs !== undefined && pod.runningMs > deadlineMs) pod.runningMs = undefined;
    if (pod.scheduledMs !== undefined && pod.scheduledMs > deadlineMs) pod.scheduledMs = undefined;
    pod.endMs = deadlineMs;
    pod.lines = pod.lines.filter((line) => line.atMs <= deadlineMs);
    pod.ending = {
      exitCode: 143,
      reason: 'Error',
      message: undefined,
      podReason: 'DeadlineExceeded',
      podMessage: 'Pod was active on the node longer than the specified deadline',
      jobReason: 'DeadlineExceeded',
    };
  }
  writePodStatus(pod, now);
}
