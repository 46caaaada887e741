/**
 * The cluster's capacity for `getResourceUsage`: its nodes' allocatable resources against what the pods still
 * running on them request, and this connector's running and pending jobs in the namespace.
 */
import type { ResourceUsage } from '@neural/integrations-core';
import { MANAGED_BY, MANAGED_BY_LABEL } from '../job-spec.js';
import { parseQuantity } from '../quantity.js';
import type { KubeClient } from './client.js';

/**
 * `totalNodes`, `availableNodes` (Ready and schedulable), `totalCpus`, `usedCpus`, `availableCpus`,
 * `memoryGb`, `usedMemoryGb`, `totalGpus`, `usedGpus`, `availableGpus` (of `gpuResourceName`), and this
 * connector's `runningJobs` and `pendingJobs` in the namespace. Needs `list nodes` and `list pods`
 * cluster-wide.
 */
export async function resourceUsage(
  client: KubeClient,
  gpuResourceName: string,
  signal: AbortSignal | undefined,
): Promise<ResourceUsage> {
  const [nodes, pods] = await Promise.all([
    client.call(
      'getResourceUsage',
      { verb: 'list', resource: 'nodes', group: '', namespace: undefined },
      (o) => client.core.listNode({}, o),
      signal,
    ),
    client.call(
      'getResourceUsage',
      { verb: 'list', resource: 'pods', group: '', namespace: undefined },
      (o) =>
        client.core.listPodForAllNamespaces(
          { fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' },
          o,
        ),
      signal,
    ),
  ]);
  const gpu = gpuResourceName;
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const allocatable = (name: string) =>
    sum(nodes.items.map((node) => parseQuantity(node.status?.allocatable?.[name]) ?? 0));
  const requested = (name: string) =>
    sum(
      pods.items
        .filter((pod) => pod.spec?.nodeName)
        .flatMap((pod) => pod.spec?.containers ?? [])
        .map(
          (container) =>
            parseQuantity(container.resources?.requests?.[name] ?? container.resources?.limits?.[name]) ?? 0,
        ),
    );
  const round = (value: number) => Math.round(value * 100) / 100;
  const gib = 2 ** 30;
  const totalCpus = round(allocatable('cpu'));
  const usedCpus = round(requested('cpu'));
  const totalGpus = allocatable(gpu);
  const usedGpus = requested(gpu);
  const ours = pods.items.filter(
    (pod) =>
      pod.metadata?.namespace === client.namespace && pod.metadata?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY,
  );
  return Object.freeze({
    totalNodes: nodes.items.length,
    availableNodes: nodes.items.filter(
      (node) =>
        !node.spec?.unschedulable &&
        node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    ).length,
    totalCpus,
    usedCpus,
    availableCpus: round(Math.max(0, totalCpus - usedCpus)),
    memoryGb: round(allocatable('memory') / gib),
    usedMemoryGb: round(requested('memory') / gib),
    totalGpus,
    usedGpus,
    availableGpus: Math.max(0, totalGpus - usedGpus),
    runningJobs: ours.filter((pod) => pod.status?.phase === 'Running').length,
    pendingJobs: ours.filter((pod) => pod.status?.phase === 'Pending').length,
  });
}
