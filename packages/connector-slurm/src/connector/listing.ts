/** Listing jobs: the user's (or every user's) jobs, newest first, filtered by status. */
import { type JobSummary, type ListJobsOptions, parseListJobsOptions } from '@neural/integrations-core';
import { keyFromTag } from '../idempotency-tag.js';
import type { SlurmContext } from './context.js';
import { listSlurmJobs, statusNow } from './slurm-jobs.js';

/**
 * The newest jobs first (by submit time), at most `limit`, only those in `statusFilter` when given. Only
 * the credentials' user's jobs unless `allUsers`. Slurm forgets finished jobs after `MinJobAge`.
 */
export async function listJobSummaries(
  context: SlurmContext,
  allUsers: boolean,
  options: ListJobsOptions,
): Promise<JobSummary[]> {
  const { limit, statusFilter, signal } = parseListJobsOptions(options);
  const jobs = await listSlurmJobs(context, 'listJobs', signal);
  return jobs
    .filter((job) => allUsers || job.userName === context.user)
    .map((job) => ({
      id: job.id,
      name: job.name || undefined,
      status: statusNow(context, job),
      rawState: job.state,
      createdAt: new Date(job.submitTime * 1000),
      idempotencyKey: keyFromTag(job.comment),
    }))
    .filter((summary) => statusFilter === undefined || summary.status === statusFilter)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || Number(b.id) - Number(a.id))
    .slice(0, limit);
}
