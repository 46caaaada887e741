/** The simulated scheduler: the first node a pod fits on (readiness, node selector, taints, room left). */
import type { StoredPod } from './kubelet.js';
import { nodeAllocatable, podRequests, type ResolvedNode } from './nodes.js';
import type { ClusterStore } from './store.js';

/** A node with room for the pod, or why none has, worded as the scheduler's `Unschedulable` message. */
export function fitNode(store: ClusterStore, pod: StoredPod): ResolvedNode | string {
  const spec = pod.object.spec as {
    nodeSelector?: Record<string, string>;
    tolerations?: Array<{ key?: string; operator?: string; value?: string }>;
  };
  const requests = podRequests(pod.object);
  const reasons = new Map<string, number>();
  const note = (reason: string) => reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  for (const node of store.nodes) {
    if (!node.ready) {
      note('node(s) had untolerated taint {node.kubernetes.io/not-ready: }');
      continue;
    }
    if (!Object.entries(spec.nodeSelector ?? {}).every(([key, value]) => node.labels[key] === value)) {
      note("node(s) didn't match Pod's node affinity/selector");
      continue;
    }
    const untolerated = node.taints.find(
      (taint) =>
        !(spec.tolerations ?? []).some((t) =>
          t.operator === 'Exists'
            ? t.key === undefined || t.key === taint.key
            : t.key === taint.key && t.value === taint.value,
        ),
    );
    if (untolerated) {
      note(`node(s) had untolerated taint {${untolerated.key}: ${untolerated.value ?? ''}}`);
      continue;
    }
    const used = requestedOn(store, node.name);
    const capacity = nodeAllocatable(node);
    const short = Object.entries(requests).find(
      ([name, amount]) => (used[name] ?? 0) + amount > (capacity[name] ?? 0),
    );
    if (short) {
      note(`Insufficient ${short[0]}`);
      continue;
    }
    return node;
  }
  const detail = [...reasons].map(([reason, count]) => `${count} ${reason}`).join(', ');
  return `0/${store.nodes.length} nodes are available: ${detail}. preemption: 0/${store.nodes.length} nodes are available: ${store.nodes.length} No preemption victims found for incoming pod.`;
}

/** What the pods bound to the node and not yet finished request, by resource name. */
function requestedOn(store: ClusterStore, nodeName: string): Record<string, number> {
  const total: Record<string, number> = {};
  for (const pod of store.pods.values()) {
    const phase = (pod.object.status as { phase?: string }).phase;
    if (
      (pod.object.spec as { nodeName?: string }).nodeName !== nodeName ||
      phase === 'Succeeded' ||
      phase === 'Failed'
    )
      continue;
    for (const [name, amount] of Object.entries(podRequests(pod.object)))
      total[name] = (total[name] ?? 0) + amount;
  }
  return total;
}
