/** A job's logs: its standard output then its standard error, read from its output files. */
import { CloudExecutionError, isTerminalStatus } from '@neural/integrations-core';
import type { SlurmContext } from './context.js';
import { outputPath, readIfReadable } from './output-files.js';
import { getSlurmJob, statusNow } from './slurm-jobs.js';

/**
 * The job's logs so far: its standard output, then its standard error, read from the output files while
 * the job runs. Empty before the job has started.
 *
 * @throws CloudExecutionError (`LOGS_UNAVAILABLE`) when a finished job's output files cannot be read from
 *   this machine (they live on the compute node's filesystem).
 */
export async function jobLogs(
  context: SlurmContext,
  jobId: string,
  signal: AbortSignal | undefined,
): Promise<string> {
  const job = await getSlurmJob(context, 'getLogs', jobId, signal);
  const stdoutPath = outputPath(job, 'stdout', context.workdir);
  const stderrPath = outputPath(job, 'stderr', context.workdir);
  // Two independent files: read them at once.
  const [stdout, stderr] = await Promise.all([
    readIfReadable(stdoutPath),
    stderrPath === stdoutPath ? undefined : readIfReadable(stderrPath),
  ]);
  if (stdout === undefined && stderr === undefined) {
    if (!isTerminalStatus(statusNow(context, job)) || job.startTime === 0) return '';
    throw new CloudExecutionError(
      `getLogs failed: cannot read ${stdoutPath} on this machine. Logs are read from the job's output ` +
        "files, so the client must share the compute nodes' filesystem for the connector's workdir",
      { code: 'LOGS_UNAVAILABLE' },
    );
  }
  const out = stdout ?? '';
  const err = stderr ?? '';
  return out.length > 0 && err.length > 0 && !out.endsWith('\n') ? `${out}\n${err}` : out + err;
}
