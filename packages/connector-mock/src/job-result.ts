// A mock job's result at one instant: output, metrics and artifacts once its run completed, an error when it
// failed, and how long it ran.
import { JobResult, JobStatus } from '@neural/integrations-core';
import { viewJob } from './job-state.js';
import type { MockJob } from './mock-job.js';

/** The result of `job` as it stands at `now`. */
export function jobResult(job: MockJob, now: number): JobResult {
  const view = viewJob(job, now);
  const ranFor =
    view.startedAt === undefined
      ? view.finishedAt === undefined
        ? undefined
        : 0
      : Math.max(0, (view.finishedAt ?? now) - view.startedAt) / 1000;
  const { directives } = job;
  return new JobResult({
    jobId: job.id,
    status: view.status,
    rawState: view.rawState,
    output: view.completedRun ? directives.output : undefined,
    error: view.status === JobStatus.FAILED ? (job.ended?.error ?? directives.fail) : undefined,
    metrics: view.completedRun ? { ...directives.metrics } : {},
    artifacts: view.completedRun ? [...directives.artifacts] : [],
    logsUrl: `mock://jobs/${job.id}/logs`,
    durationSeconds: ranFor,
  });
}
