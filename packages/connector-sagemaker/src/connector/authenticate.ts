/** Checking the credentials: a `ListTrainingJobs` of one job. */
import { ListTrainingJobsCommand } from '@aws-sdk/client-sagemaker';
import { throwIfAborted } from '@neural/integrations-core';
import { isRefusedCredentials } from '../errors.js';
import { callAws } from './aws-calls.js';
import type { SageMakerContext } from './context.js';

/**
 * `true` when SageMaker answers a `ListTrainingJobs` of one job, `false` when it refuses the credentials or
 * they may not list training jobs (or none can be found in the chain).
 */
export async function checkCredentials(
  context: SageMakerContext,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  throwIfAborted(signal);
  try {
    await callAws(context, 'authenticate', 'sagemaker:ListTrainingJobs', signal, (s) =>
      context.sagemaker.send(new ListTrainingJobsCommand({ MaxResults: 1 }), { abortSignal: s }),
    );
    return true;
  } catch (error) {
    if (isRefusedCredentials(error)) {
      context.logger.warn('AWS refused the credentials', { error: (error as Error).message });
      return false;
    }
    throw error;
  }
}
