import { cpus, freemem, loadavg, totalmem } from 'node:os';
import type { JobSummary, ResourceUsage } from '@neural/integrations-core';
import type { LocalJobStore } from './job-store.js';

/**
 * This machine's resources, given the jobs now running and pending on the store's `root`: running jobs use
 * the CPUs they asked for (1 each when they did not say).
 */
export async function machineUsage(
  jobs: LocalJobStore,
  running: readonly JobSummary[],
  pending: readonly JobSummary[],
): Promise<ResourceUsage> {
  let usedCpus = 0;
  for (const job of running) {
    const record = await jobs.readRecordOf(job.id).catch(() => undefined);
    const asked = record?.resourceConfig.cpuCount;
    usedCpus += typeof asked === 'number' ? asked : 1;
  }
  const totalCpus = cpus().length;
  const toGb = (bytes: number) => Math.round((bytes / 1024 ** 3) * 100) / 100;
  return Object.freeze({
    totalCpus,
    usedCpus,
    availableCpus: Math.max(0, totalCpus - usedCpus),
    memoryGb: toGb(totalmem()),
    availableMemoryGb: toGb(freemem()),
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    runningJobs: running.length,
    pendingJobs: pending.length,
  });
}
