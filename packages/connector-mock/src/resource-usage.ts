// `getResourceUsage` in memory: what the RUNNING jobs ask for, against the configured capacity.
import { JobStatus, type ResourceUsage } from '@neural/integrations-core';
import { viewJob } from './job-state.js';
import type { MockJob } from './mock-job.js';
import type { MockCapacity } from './options.js';

/** GPUs, CPUs and memory used by the jobs RUNNING at `now`, the job counts, and `endpoints` deployed. */
export function mockResourceUsage(
  jobs: Iterable<MockJob>,
  now: number,
  capacity: Required<MockCapacity>,
  endpoints: number,
): ResourceUsage {
  let usedGpus = 0;
  let usedCpus = 0;
  let usedMemoryGb = 0;
  let runningJobs = 0;
  let pendingJobs = 0;
  for (const job of jobs) {
    const { status } = viewJob(job, now);
    if (status === JobStatus.PENDING) pendingJobs++;
    if (status !== JobStatus.RUNNING) continue;
    runningJobs++;
    const config = job.request.resourceConfig;
    usedGpus += config.gpuCount;
    usedCpus += config.cpuCount ?? 1;
    usedMemoryGb += config.memoryGb ?? 0;
  }
  const { totalGpus, totalCpus, memoryGb } = capacity;
  return Object.freeze({
    totalGpus,
    usedGpus,
    availableGpus: Math.max(0, totalGpus - usedGpus),
    totalCpus,
    usedCpus,
    availableCpus: Math.max(0, totalCpus - usedCpus),
    memoryGb,
    usedMemoryGb,
    runningJobs,
    pendingJobs,
    endpoints,
  });
}
