/** Cancelling a job: `StopTrainingJob` for one still in progress. */
import { StopTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import { isAwsError } from '../errors.js';
import { callAws } from './aws-calls.js';
import type { SageMakerContext } from './context.js';
import { observeTrainingJob } from './training-jobs.js';

/**
 * Stops a pending or running job with `StopTrainingJob`: `true` when it was stopped, `false` for a job that
 * had already ended or was already stopping. The instances run, and bill, until the job reads `Stopped`.
 */
export async function stopTrainingJob(
  context: SageMakerContext,
  jobId: string,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const job = await observeTrainingJob(context, 'cancelJob', jobId, signal);
  if (job.TrainingJobStatus !== 'InProgress') return false;
  try {
    await callAws(context, 'cancelJob', 'sagemaker:StopTrainingJob', signal, (s) =>
      context.sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: jobId }), { abortSignal: s }),
    );
  } catch (error) {
    // It ended (or a lost answer's stop went through) between the describe and the stop.
    if (isAwsError(error, 'ValidationException')) {
      const after = await observeTrainingJob(context, 'cancelJob', jobId, signal);
      if (after.TrainingJobStatus === 'Stopping' || after.TrainingJobStatus === 'Stopped') return true;
      return false;
    }
    throw error;
  }
  context.logger.info('stopped SageMaker training job', { jobId });
  return true;
}
