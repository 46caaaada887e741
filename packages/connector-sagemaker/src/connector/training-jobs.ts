/** Reading one training job: its description, or `JobNotFoundError` for an id that names none. */
import { DescribeTrainingJobCommand, type DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { InvalidParameterError, JobNotFoundError, throwIfAborted } from '@neural/integrations-core';
import { isAwsError } from '../errors.js';
import { callAws } from './aws-calls.js';
import type { SageMakerContext } from './context.js';
import { SAGEMAKER_NAME } from './names.js';

/** A training job as `DescribeTrainingJob` answers. */
export type TrainingJobDescription = DescribeTrainingJobCommandOutput;

/** The training job's description, or `undefined` when SageMaker has no job of that name. */
export async function describeTrainingJob(
  context: SageMakerContext,
  operation: string,
  jobId: string,
  signal: AbortSignal | undefined,
): Promise<TrainingJobDescription | undefined> {
  try {
    return await callAws(context, operation, 'sagemaker:DescribeTrainingJob', signal, (s) =>
      context.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: jobId }), { abortSignal: s }),
    );
  } catch (error) {
    if (
      isAwsError(error, 'ValidationException', 'ResourceNotFound') &&
      /not found|could not find|does not exist/i.test((error as Error).message)
    ) {
      return undefined;
    }
    throw error;
  }
}

/**
 * The job's description.
 *
 * @throws InvalidParameterError for a job id that is not a string of 1-256 characters.
 * @throws JobNotFoundError when the id is not a training job name or SageMaker has no such job.
 */
export async function observeTrainingJob(
  context: SageMakerContext,
  operation: string,
  jobId: string,
  signal: AbortSignal | undefined,
): Promise<TrainingJobDescription> {
  if (typeof jobId !== 'string' || jobId.length === 0 || jobId.length > 256) {
    throw InvalidParameterError.fromIssues('jobId', [
      { field: 'jobId', rule: 'must be a non-empty string of at most 256 characters' },
    ]);
  }
  throwIfAborted(signal);
  // Every id this connector returns is a training job name: anything else names no job.
  if (!SAGEMAKER_NAME.test(jobId)) throw new JobNotFoundError(jobId);
  const job = await describeTrainingJob(context, operation, jobId, signal);
  if (!job) throw new JobNotFoundError(jobId);
  return job;
}
