/** The cluster's capacity and load, from its nodes and jobs. */
import { JobStatus, type ResourceUsage } from '@neural/integrations-core';
import type { SlurmContext } from './context.js';
import { listSlurmJobs, statusNow } from './slurm-jobs.js';

/**
 * The cluster's capacity from `/nodes` (and `/jobs` for the job counts): `totalNodes`, `availableNodes`
 * (not down, drained or failing), `totalCpus`, `usedCpus`, `availableCpus`, `memoryGb`, `usedMemoryGb`,
 * `totalGpus`, `usedGpus`, `availableGpus` (from `gres`), `runningJobs`, `pendingJobs`.
 */
export async function clusterUsage(
  context: SlurmContext,
  signal: AbortSignal | undefined,
): Promise<ResourceUsage> {
  const [nodes, jobs] = await Promise.all([
    context.transport.send({
      method: 'GET',
      path: context.api.paths.nodes,
      operation: 'getResourceUsage',
      parse: (body) => context.api.parseNodes(body),
      idempotent: true,
      signal,
    }),
    listSlurmJobs(context, 'getResourceUsage', signal),
  ]);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const totalCpus = sum(nodes.map((node) => node.cpus));
  const usedCpus = sum(nodes.map((node) => node.allocatedCpus));
  const totalGpus = sum(nodes.map((node) => countGpus(node.gres)));
  const usedGpus = sum(nodes.map((node) => countGpus(node.gresUsed)));
  const statuses = jobs.map((job) => statusNow(context, job));
  const gb = (mb: number) => Math.round((mb / 1024) * 100) / 100;
  return Object.freeze({
    totalNodes: nodes.length,
    availableNodes: nodes.filter(isNodeAvailable).length,
    totalCpus,
    usedCpus,
    availableCpus: Math.max(0, totalCpus - usedCpus),
    memoryGb: gb(sum(nodes.map((node) => node.realMemoryMb))),
    usedMemoryGb: gb(sum(nodes.map((node) => node.allocatedMemoryMb))),
    totalGpus,
    usedGpus,
    availableGpus: Math.max(0, totalGpus - usedGpus),
    runningJobs: statuses.filter((status) => status === JobStatus.RUNNING).length,
    pendingJobs: statuses.filter((status) => status === JobStatus.PENDING).length,
  });
}

function countGpus(gres: string): number {
  let total = 0;
  // gres looks like "gpu:2,tmpdisk:100" or "gpu:a100:2(S:0-1)" or "gpu:1(IDX:0)".
  for (const entry of gres.split(',')) {
    const match = /^gpu(?::[^:(]+)?:(\d+)/.exec(entry.trim());
    if (match?.[1]) total += Number(match[1]);
  }
  return total;
}

function isNodeAvailable(node: { state: string; stateFlags: readonly string[] }): boolean {
  if (/down|drain|fail|unknown|future/.test(node.state)) return false;
  return !node.stateFlags.some((flag) => /DRAIN|FAIL|NOT_RESPONDING|MAINT/i.test(flag));
}
