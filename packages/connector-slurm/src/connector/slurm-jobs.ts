/** Reading Slurm's jobs: one by id, all of them, and a job's contract status at this moment. */
import { assertJobId, JobNotFoundError, type JobStatus, throwIfAborted } from '@neural/integrations-core';
import type { SlurmJob } from '../api/adapter.js';
import { slurmJobStatus } from '../states.js';
import type { SlurmContext } from './context.js';

/** One job by id. @throws JobNotFoundError for an id that is not a Slurm job id or names no job. */
export async function getSlurmJob(
  context: SlurmContext,
  operation: string,
  jobId: string,
  signal: AbortSignal | undefined,
): Promise<SlurmJob> {
  assertJobId(jobId);
  throwIfAborted(signal);
  // Slurm job ids are integers: anything else names no job, and is not worth a request.
  if (!/^\d{1,10}$/.test(jobId)) throw new JobNotFoundError(jobId);
  const jobs = await context.transport.send({
    method: 'GET',
    path: context.api.paths.job(jobId),
    operation,
    jobId,
    parse: (body) => context.api.parseJobs(body),
    idempotent: true,
    signal,
  });
  const job = jobs.find((candidate) => candidate.id === String(Number(jobId)));
  if (!job) throw new JobNotFoundError(jobId);
  return job;
}

/** Every job slurmctld holds (all users'; finished ones until `MinJobAge`). */
export function listSlurmJobs(
  context: SlurmContext,
  operation: string,
  signal: AbortSignal | undefined,
): Promise<SlurmJob[]> {
  return context.transport.send({
    method: 'GET',
    path: context.api.paths.jobs,
    operation,
    parse: (body) => context.api.parseJobs(body),
    idempotent: true,
    signal,
  });
}

/** A job's status now: a requeueable job that was preempted reads pending, as it is about to be queued again. */
export function statusNow(context: SlurmContext, job: SlurmJob): JobStatus {
  return slurmJobStatus(job, Math.floor(context.clock.now() / 1000));
}
