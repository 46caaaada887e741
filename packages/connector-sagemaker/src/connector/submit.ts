/**
 * Submitting a job: upload its `sourcedir.tar.gz`, then create its training job. The name derives from the
 * idempotency key, so a retried create that meets `ResourceInUse` finds its own job by its fingerprint.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import {
  CloudExecutionError,
  parseSubmitJobRequest,
  type SubmitJobRequest,
  throwIfAborted,
} from '@neural/integrations-core';
import { isAwsError } from '../errors.js';
import { pytorchImage } from '../options.js';
import { buildTrainingSpec, SUBMISSION_ENV, type TrainingDefaults } from '../training-spec.js';
import { callAws } from './aws-calls.js';
import { jobNamePrefixOf, regionOf, type SageMakerContext } from './context.js';
import { describeTrainingJob } from './training-jobs.js';

/**
 * Uploads the job's `sourcedir.tar.gz` and creates its training job; returns the training job's name, which
 * is the job id. Safe to retry: with an idempotency key, a create that meets `ResourceInUse` for a job with
 * this submit's fingerprint returns that job.
 *
 * @throws InvalidParameterError before anything is sent, for a bad request, resources or `customParams`.
 */
export async function submitTrainingJob(
  context: SageMakerContext,
  request: SubmitJobRequest,
): Promise<string> {
  const parsed = parseSubmitJobRequest(request);
  const spec = await buildTrainingSpec(parsed, await trainingDefaults(context), context.clock.now());
  throwIfAborted(parsed.signal);
  await callAws(context, 'submitJob', 's3:PutObject', parsed.signal, (signal) =>
    context.s3.send(
      new PutObjectCommand({
        Bucket: context.bucket,
        Key: spec.sourceKey,
        Body: spec.archive,
        ContentType: 'application/gzip',
      }),
      { abortSignal: signal },
    ),
  );
  try {
    await callAws(context, 'submitJob', 'sagemaker:CreateTrainingJob', parsed.signal, (signal) =>
      context.sagemaker.send(new CreateTrainingJobCommand(spec.input), { abortSignal: signal }),
    );
  } catch (error) {
    if (!isAwsError(error, 'ResourceInUse')) throw error;
    const existing = await describeTrainingJob(context, 'submitJob', spec.name, parsed.signal);
    if (existing?.Environment?.[SUBMISSION_ENV] !== spec.submission) {
      throw new CloudExecutionError(
        `submitJob failed: a training job named "${spec.name}" already exists and was not made by this submit (the idempotency key was used for another request)`,
        { code: 'NAME_CONFLICT', cause: error },
      );
    }
    context.logger.info('the training job already existed: a retried submit', { jobId: spec.name });
  }
  context.logger.info('created SageMaker training job', { jobId: spec.name });
  return spec.name;
}

/** What a training job gets where the request says nothing: the options' values, else the region's. */
async function trainingDefaults(context: SageMakerContext): Promise<TrainingDefaults> {
  const { options } = context;
  const region = await regionOf(context);
  return {
    region,
    roleArn: options.roleArn,
    bucket: context.bucket,
    prefix: context.prefix,
    jobNamePrefix: jobNamePrefixOf(context),
    cpuImage: options.cpuImage ?? pytorchImage(region, 'training', false),
    gpuImage: options.gpuImage ?? pytorchImage(region, 'training', true),
    instanceTypes: context.instanceTypes,
    defaultVolumeGb: 30,
    defaultMaxRuntimeHours: 24,
  };
}
