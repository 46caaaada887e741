import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CloudException,
  type JobSummary,
  type ListJobsOptions,
  type Logger,
  parseListJobsOptions,
  throwIfAborted,
} from '@neural/integrations-core';
import { errnoCode } from './disk.js';
import type { IdempotencyKeys } from './idempotency.js';
import { JOB_ID, type LocalJobStore } from './job-store.js';
import type { LocalJobRecord } from './record.js';
import { mapLocalState } from './states.js';

/** Recent jobs on the store's `root`, newest first; a folder without a valid record is skipped with a warning. */
export async function listLocalJobs(
  jobs: LocalJobStore,
  keys: IdempotencyKeys,
  logger: Logger,
  options: ListJobsOptions,
): Promise<JobSummary[]> {
  const { limit, statusFilter, signal } = parseListJobsOptions(options);
  throwIfAborted(signal);
  let names: string[];
  try {
    names = await readdir(join(jobs.settings.root, 'jobs'));
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw error;
  }
  const summaries: JobSummary[] = [];
  for (const name of names.filter((entry) => JOB_ID.test(entry))) {
    let record: LocalJobRecord;
    try {
      record = await jobs.currentRecord(name, { signal });
    } catch (error) {
      if (CloudException.isInstance(error) && error.code !== 'CORRUPT_RECORD') throw error;
      logger.warn('Skipping a job folder without a valid record', { jobId: name });
      continue;
    }
    const status = mapLocalState(record);
    if (statusFilter !== undefined && status !== statusFilter) continue;
    summaries.push(
      Object.freeze({
        id: record.id,
        name: record.name,
        status,
        rawState: record.state,
        createdAt: new Date(record.createdAt),
        idempotencyKey: await keys.keyHeldBy(record),
      }),
    );
  }
  summaries.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id));
  return summaries.slice(0, limit);
}
