/** getResourceUsage: nodes' allocatable resources against what the pods on them request. */
import { expect, it } from 'vitest';
import { useInProcessCluster } from './support/in-process.js';

const cluster = useInProcessCluster({
  defaultQueueMs: 0,
  defaultStartingMs: 0,
  nodes: [
    { name: 'small', cpu: '4', memory: '16Gi' },
    { name: 'gpu', cpu: '8', memory: '32Gi', extended: { 'nvidia.com/gpu': 4 } },
    { name: 'broken', cpu: '2', memory: '8Gi', ready: false },
  ],
});

it("sums nodes' allocatable against what running pods request, and counts this connector's jobs", async () => {
  const connector = cluster.connect();
  await connector.submitJob({ code: '# @fake forever', resourceConfig: { cpuCount: 2, memoryGb: 4 } });
  await connector.submitJob({
    code: '# @fake forever',
    resourceConfig: { cpuCount: 1, gpuEnabled: true, gpuCount: 3 },
  });
  await connector.submitJob({ code: '# @k8s image-pull', resourceConfig: { cpuCount: 1 } });
  await connector.submitJob({ code: '# @fake duration=10ms', resourceConfig: { cpuCount: 3 } }); // ends, frees its CPUs
  await cluster.clock.advance(1_000);
  expect(await connector.getResourceUsage()).toEqual({
    totalNodes: 3,
    availableNodes: 2,
    totalCpus: 14,
    usedCpus: 4,
    availableCpus: 10,
    memoryGb: 56,
    usedMemoryGb: 4,
    totalGpus: 4,
    usedGpus: 3,
    availableGpus: 1,
    runningJobs: 2,
    pendingJobs: 1,
  });
});
