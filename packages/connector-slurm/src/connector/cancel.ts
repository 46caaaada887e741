/** Cancelling a job: read it first (slurmrestd "cancels" a finished job without a word), then `DELETE` it. */
import { CloudExecutionError, isTerminalStatus } from '@neural/integrations-core';
import { z } from 'zod';
import { SlurmErrno } from '../errors.js';
import type { SlurmContext } from './context.js';
import { getSlurmJob, statusNow } from './slurm-jobs.js';

const EmptyResponseSchema = z.object({});

/**
 * Cancels a pending or running job (`DELETE`, which ends it CANCELLED): `true` when it was stopped, `false`
 * when it had already finished, in which case it is left as it was.
 */
export async function cancelSlurmJob(
  context: SlurmContext,
  jobId: string,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const job = await getSlurmJob(context, 'cancelJob', jobId, signal);
  // slurmrestd answers a DELETE of a finished job with success and changes nothing, so ask first.
  if (isTerminalStatus(statusNow(context, job))) return false;
  try {
    await context.transport.send({
      method: 'DELETE',
      path: context.api.paths.job(job.id),
      operation: 'cancelJob',
      jobId: job.id,
      parse: (body) => EmptyResponseSchema.parse(body),
      idempotent: true,
      signal,
    });
  } catch (error) {
    if (CloudExecutionError.isInstance(error) && error.code === `SLURM_${SlurmErrno.ALREADY_DONE}`)
      return false;
    throw error;
  }
  context.logger.info('cancelled Slurm job', { jobId: job.id });
  return true;
}
