/** A job's result: its status, output, failure description and run time. */
import { pathToFileURL } from 'node:url';
import { isTerminalStatus, JobResult, JobStatus } from '@neural/integrations-core';
import type { SlurmJob } from '../api/adapter.js';
import { decodeExitStatus } from '../states.js';
import type { SlurmContext } from './context.js';
import { outputPath, readIfReadable } from './output-files.js';
import { getSlurmJob, statusNow } from './slurm-jobs.js';

/**
 * The job's result: status and raw state, `output` (its standard output so far, when readable here),
 * `error` for a failed job (state, reason, decoded exit code or signal, and the end of standard error), and
 * the run time.
 */
export async function jobResult(
  context: SlurmContext,
  jobId: string,
  signal: AbortSignal | undefined,
): Promise<JobResult> {
  const job = await getSlurmJob(context, 'getJobResult', jobId, signal);
  const status = statusNow(context, job);
  const stdoutPath = outputPath(job, 'stdout', context.workdir);
  const stdout = await readIfReadable(stdoutPath);
  let error: string | undefined;
  if (status === JobStatus.FAILED) {
    const stderrPath = outputPath(job, 'stderr', context.workdir);
    const stderr = stderrPath === stdoutPath ? undefined : await readIfReadable(stderrPath);
    error = describeFailure(job, stderr);
  }
  const now = Math.floor(context.clock.now() / 1000);
  const end = isTerminalStatus(status) && job.endTime > 0 ? job.endTime : now;
  return new JobResult({
    jobId: job.id,
    status,
    rawState: job.state,
    output: stdout,
    error,
    logsUrl: pathToFileURL(stdoutPath).href,
    durationSeconds: job.startTime > 0 ? Math.max(0, end - job.startTime) : undefined,
  });
}

/** `Slurm job ended FAILED, reason NonZeroExitCode, exit code 3`, then the last 20 lines of standard error. */
function describeFailure(job: SlurmJob, stderr: string | undefined): string {
  const parts = [`Slurm job ended ${job.state}`];
  if (job.stateReason && job.stateReason !== 'None') parts.push(`reason ${job.stateReason}`);
  if (job.exitStatus !== undefined) {
    const { code, signal } = decodeExitStatus(job.exitStatus);
    parts.push(signal > 0 ? `killed by signal ${signal}` : `exit code ${code}`);
  }
  const tail = stderr?.trimEnd().split('\n').slice(-20).join('\n');
  return tail ? `${parts.join(', ')}\n${tail}` : parts.join(', ');
}
