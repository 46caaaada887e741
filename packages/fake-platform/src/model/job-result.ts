import { finishedAt, type JobRecord, stateAt } from './job-record.js';
import { isTerminalJobState } from './job-states.js';
import type { JobResultJson } from './wire.js';

/** The job's result at `now`: output, error, metrics, artifacts and duration once it is terminal. */
export function resultOf(job: JobRecord, now: number, baseUrl: string): JobResultJson {
  const state = stateAt(job, now);
  const result: JobResultJson = { jobId: job.id, state, metrics: {}, artifacts: [] };
  if (!isTerminalJobState(state)) return result;
  const finished = finishedAt(job, now) as number;
  result.logsUrl = `${baseUrl.replace(/\/$/, '')}/v1/jobs/${job.id}/logs`;
  if (finished >= job.runningAt) result.durationSeconds = (finished - job.runningAt) / 1000;
  if (job.ending) {
    if (job.ending.output !== undefined) result.output = job.ending.output;
    else if (job.ending.state === 'COMPLETED') result.output = job.plan.output;
    if (job.ending.error !== undefined) result.error = job.ending.error;
    else if (job.ending.state === 'FAILED') result.error = 'Failed by the platform';
    if (job.ending.state === 'COMPLETED') {
      result.metrics = job.plan.metrics;
      result.artifacts = job.plan.artifacts;
    }
    return result;
  }
  result.output = job.plan.output;
  result.metrics = job.plan.metrics;
  if (job.plan.fail !== undefined) result.error = job.plan.fail;
  else result.artifacts = job.plan.artifacts;
  return result;
}
