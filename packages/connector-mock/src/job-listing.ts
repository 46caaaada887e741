// `listJobs` in memory: newest first, filtered by status, cut to the limit, each with its idempotency key.
import type { JobStatus, JobSummary } from '@neural/integrations-core';
import { viewJob } from './job-state.js';
import type { MockJob } from './mock-job.js';

/** At most `limit` of `jobs` as they stand at `now`, newest first, only those in `statusFilter` when given. */
export function listMockJobs(
  jobs: Iterable<MockJob>,
  now: number,
  { limit, statusFilter }: { limit: number; statusFilter: JobStatus | undefined },
): JobSummary[] {
  return [...jobs]
    .sort((a, b) => b.submittedAt - a.submittedAt || b.seq - a.seq)
    .map((job) => ({ job, view: viewJob(job, now) }))
    .filter(({ view }) => statusFilter === undefined || view.status === statusFilter)
    .slice(0, limit)
    .map(({ job, view }) =>
      Object.freeze({
        id: job.id,
        name: job.request.jobName,
        status: view.status,
        rawState: view.rawState,
        createdAt: new Date(job.submittedAt),
        idempotencyKey: job.request.idempotencyKey,
      }),
    );
}
