import type { z } from 'zod';
import { parseQuantity } from '../quantity.js';
import type { KubeObject } from './objects.js';
import { rfc3339 } from './objects.js';
import type { FakeNodeSchema } from './options.js';

/** A node of the fake cluster, its defaults filled in. */
export type ResolvedNode = z.output<typeof FakeNodeSchema>;

/** The Node object the API server returns for a node of the fake cluster. */
export function nodeObject(node: ResolvedNode, nowMs: number): KubeObject {
  const resources: Record<string, string> = {
    cpu: node.cpu,
    memory: node.memory,
    'ephemeral-storage': node.ephemeralStorage,
    pods: String(node.pods),
    ...Object.fromEntries(Object.entries(node.extended).map(([name, count]) => [name, String(count)])),
  };
  const created = rfc3339(Date.UTC(2026, 0, 1));
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      uid: `00000000-0000-4000-8000-${Buffer.from(node.name).toString('hex').padEnd(12, '0').slice(0, 12)}`,
      resourceVersion: '1',
      creationTimestamp: created,
      labels: {
        'kubernetes.io/hostname': node.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        ...node.labels,
      },
    },
    spec:
      node.taints.length > 0
        ? { taints: node.taints.map((taint) => ({ ...taint, effect: 'NoSchedule' })) }
        : {},
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [
        {
          type: 'Ready',
          status: node.ready ? 'True' : 'False',
          reason: node.ready ? 'KubeletReady' : 'KubeletNotReady',
          message: node.ready ? 'kubelet is posting ready status' : 'container runtime is down',
          lastHeartbeatTime: rfc3339(nowMs),
          lastTransitionTime: created,
        },
      ],
      nodeInfo: {
        machineID: '0'.repeat(32),
        systemUUID: '00000000-0000-0000-0000-000000000000',
        bootID: '00000000-0000-0000-0000-000000000000',
        kernelVersion: '6.8.0',
        osImage: 'Ubuntu 24.04 LTS',
        containerRuntimeVersion: 'containerd://1.7.22',
        kubeletVersion: 'v1.32.0',
        kubeProxyVersion: 'v1.32.0',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

/** What a pod asks the scheduler for: its containers' requests (limits where no request is given). */
export function podRequests(pod: KubeObject): Record<string, number> {
  const total: Record<string, number> = { pods: 1 };
  const containers = (
    pod.spec as {
      containers: Array<{
        resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
      }>;
    }
  ).containers;
  for (const container of containers) {
    const requests = { ...container.resources?.limits, ...container.resources?.requests };
    for (const [name, quantity] of Object.entries(requests))
      total[name] = (total[name] ?? 0) + (parseQuantity(quantity) ?? 0);
  }
  return total;
}

export function nodeAllocatable(node: ResolvedNode): Record<string, number> {
  return {
    cpu: parseQuantity(node.cpu) ?? 0,
    memory: parseQuantity(node.memory) ?? 0,
    'ephemeral-storage': parseQuantity(node.ephemeralStorage) ?? 0,
    pods: node.pods,
    ...node.extended,
  };
}

export function qosClass(spec: unknown): string {
  const containers = (
    spec as {
      containers: Array<{
        resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
      }>;
    }
  ).containers;
  const resources = containers.map((c) => c.resources ?? {});
  if (resources.every((r) => !r.requests && !r.limits)) return 'BestEffort';
  const guaranteed = resources.every(
    (r) =>
      r.limits?.cpu !== undefined &&
      r.limits?.memory !== undefined &&
      (r.requests?.cpu ?? r.limits.cpu) === r.limits.cpu &&
      (r.requests?.memory ?? r.limits.memory) === r.limits.memory,
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
