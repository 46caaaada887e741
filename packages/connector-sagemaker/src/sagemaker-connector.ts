/**
 * `SageMakerConnector`: a job is a SageMaker training job in script mode. The class makes the AWS clients and
 * wires the pieces; each operation lives in `connector/` (authenticate, submit, status and result, cancel,
 * listing, logs, files, endpoints, resource usage), every AWS call going through `connector/aws-calls.ts`.
 * The training job request is built in `training-spec.ts`, the state table is `states.ts`, the error
 * mapping `errors.ts`.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import {
  BaseConnector,
  type CallOptions,
  type DeployModelOptions,
  type FollowLogsOptions,
  type JobResult,
  type JobStatus,
  type JobSummary,
  type ListJobsOptions,
  parseOrThrow,
  type ResourceUsage,
  type SubmitJobRequest,
  systemClock,
} from '@neural/integrations-core';
import { checkCredentials } from './connector/authenticate.js';
import { stopTrainingJob } from './connector/cancel.js';
import type { SageMakerContext } from './connector/context.js';
import { createEndpoint, deleteEndpoint, endpointStatus } from './connector/endpoints.js';
import { downloadFromS3, uploadToS3 } from './connector/files.js';
import { listTrainingJobs } from './connector/listing.js';
import { followTrainingJobLogs, trainingJobLogs } from './connector/logs.js';
import { trainingCapacity } from './connector/resource-usage.js';
import { trainingJobResult, trainingJobStatus } from './connector/status-and-result.js';
import { submitTrainingJob } from './connector/submit.js';
import { DEFAULT_INSTANCE_TYPES } from './instance-types.js';
import {
  type SageMakerConnectorOptions,
  SageMakerConnectorOptionsSchema,
  type SageMakerCredentials,
  SageMakerCredentialsSchema,
} from './options.js';

/**
 * Runs jobs as Amazon SageMaker training jobs in script mode, through the official AWS SDK clients
 * (`@aws-sdk/client-sagemaker`, `-cloudwatch-logs`, `-s3`, `-service-quotas`).
 *
 * A submit packages the code (as `train.py`, with `customParams.sourceDir` and a `requirements.txt` of the
 * dependencies) into `sourcedir.tar.gz`, uploads it to S3 and creates a training job running it in a
 * framework image (PyTorch by default). The job's name derives from the idempotency key, and SageMaker never
 * reuses a name, so a retried create that meets `ResourceInUse` finds its own job (by the fingerprint in its
 * environment) and answers with it. Logs come from CloudWatch Logs, files go to S3, models are served on
 * SageMaker endpoints.
 *
 * @example
 * ```ts
 * const sagemaker = new SageMakerConnector({}, { region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/SageMakerExecution', bucket: 'my-ml-bucket' });
 * const id = await sagemaker.submitJob({ code: "print('hello')", resourceConfig: { gpuEnabled: true, gpuCount: 1 } });
 * ```
 */
export class SageMakerConnector extends BaseConnector<SageMakerCredentials> {
  /** The bucket code, outputs and files go to. */
  readonly bucket: string;
  /** The key prefix in the bucket. */
  readonly prefix: string;
  readonly #context: SageMakerContext;
  readonly #logPollIntervalMs: number;
  readonly #partSize: number;

  constructor(credentials: SageMakerCredentials = {}, options: SageMakerConnectorOptions) {
    super(credentials, { logger: options?.logger, credentialsSchema: SageMakerCredentialsSchema });
    const parsed = parseOrThrow(SageMakerConnectorOptionsSchema, options ?? {}, 'SageMakerConnector options');
    this.bucket = parsed.bucket;
    this.prefix = parsed.prefix ?? 'neural';
    this.#logPollIntervalMs = parsed.logPollIntervalMs ?? 2_000;
    this.#partSize = (parsed.partSizeMb ?? 8) * 1024 * 1024;
    const { accessKeyId, secretAccessKey, sessionToken, profile } = this.credentials;
    const config = {
      ...(parsed.region ? { region: parsed.region } : {}),
      ...(parsed.endpoint ? { endpoint: parsed.endpoint } : {}),
      ...(accessKeyId && secretAccessKey
        ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } }
        : {}),
      ...(profile ? { profile } : {}),
      // Retries are core's (one policy, one budget, the caller's clock); the SDK's would multiply them.
      maxAttempts: 1,
    };
    this.#context = {
      sagemaker: new SageMakerClient(config),
      logs: new CloudWatchLogsClient(config),
      s3: new S3Client({ ...config, forcePathStyle: parsed.endpoint !== undefined }),
      quotas: new ServiceQuotasClient(config),
      clock: options.clock ?? systemClock,
      logger: this.logger,
      retry: {
        maxAttempts: 6,
        initialDelayMs: 250,
        maxDelayMs: 20_000,
        maxElapsedMs: 120_000,
        ...options.retry,
      },
      options,
      bucket: this.bucket,
      prefix: this.prefix,
      instanceTypes: options.instanceTypes ?? DEFAULT_INSTANCE_TYPES,
    };
    this.declaredCapabilities = { idempotency: true };
  }

  /**
   * Checks the credentials with a `ListTrainingJobs` of one job: `true` when SageMaker answers, `false` when
   * it refuses the credentials or they may not list training jobs (or none can be found in the chain).
   */
  async authenticate(options: CallOptions = {}): Promise<boolean> {
    this.authenticated = await checkCredentials(this.#context, options.signal);
    return this.authenticated;
  }

  /**
   * Uploads the job's `sourcedir.tar.gz` and creates its training job; returns the training job's name, which
   * is the job id. Safe to retry: with an idempotency key, a create that meets `ResourceInUse` for a job with
   * this submit's fingerprint returns that job.
   *
   * @throws InvalidParameterError before anything is sent, for a bad request, resources or `customParams`.
   */
  async submitJob(request: SubmitJobRequest): Promise<string> {
    return submitTrainingJob(this.#context, request);
  }

  /** The job's status, from `DescribeTrainingJob` (see the README's state table). */
  async getJobStatus(jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    return trainingJobStatus(this.#context, jobId, options.signal);
  }

  /**
   * The job's result: status, `TrainingJobStatus/SecondaryStatus` as `rawState`, its CloudWatch log as
   * `output`, `FailureReason` as `error`, `FinalMetricDataList` as `metrics`, the model's S3 URI as
   * `artifacts`, and the time from the container's start to the job's end.
   */
  async getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResult> {
    return trainingJobResult(this.#context, jobId, options.signal);
  }

  /**
   * Stops a pending or running job with `StopTrainingJob`: `true` when it was stopped, `false` for a job that
   * had already ended or was already stopping. The instances run, and bill, until the job reads `Stopped`.
   */
  async cancelJob(jobId: string, options: CallOptions = {}): Promise<boolean> {
    return stopTrainingJob(this.#context, jobId, options.signal);
  }

  /**
   * This connector's training jobs (names starting with `jobNamePrefix-`), newest first, with
   * `ListTrainingJobs` (`NameContains`, `StatusEquals` for the filter, `SortBy: CreationTime`, descending),
   * then one `DescribeTrainingJob` per job listed for its `jobName` (a summary carries neither environment nor
   * tags).
   */
  async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    return listTrainingJobs(this.#context, options);
  }

  /** The job's log so far: every log stream of the job in CloudWatch Logs, one line per event. */
  async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    return trainingJobLogs(this.#context, jobId, options.signal);
  }

  /**
   * Streams the job's log from CloudWatch Logs, reading every `logPollIntervalMs` from where it got to (each
   * stream's forward token, so nothing is yielded twice), until the job has ended and a last read found
   * nothing new.
   */
  override async *followLogs(jobId: string, options: FollowLogsOptions = {}): AsyncIterable<string> {
    yield* followTrainingJobLogs(this.#context, jobId, this.#logPollIntervalMs, options);
  }

  /**
   * Uploads a local file to S3 (`s3://bucket/key`, or a remote path under `s3://<bucket>/<prefix>/files/`),
   * streamed in multipart parts of `partSizeMb`.
   *
   * @throws InvalidParameterError when the local file does not exist, or for a bad remote path.
   */
  override async uploadFile(
    localPath: string,
    remotePath: string,
    options: CallOptions = {},
  ): Promise<boolean> {
    return uploadToS3(this.#context, this.#partSize, localPath, remotePath, options.signal);
  }

  /**
   * Downloads an S3 object (as {@link uploadFile} names it) to a local path, streamed to a temporary file
   * beside it and renamed into place, so a broken download never leaves a partial file.
   */
  override async downloadFile(
    remotePath: string,
    localPath: string,
    options: CallOptions = {},
  ): Promise<boolean> {
    return downloadFromS3(this.#context, remotePath, localPath, options.signal);
  }

  /**
   * Serves a model on a SageMaker endpoint: `CreateModel` (the inference image with the model's S3 URI),
   * `CreateEndpointConfig` (one variant, `AllTraffic`) and `CreateEndpoint`, all named `endpointName`; returns
   * the invocation URL. The endpoint is `Creating` for some minutes, and bills from then until deleted.
   */
  override async deployModel(
    modelPath: string,
    endpointName: string,
    options: DeployModelOptions = {},
  ): Promise<string> {
    return createEndpoint(this.#context, modelPath, endpointName, options);
  }

  /**
   * Deletes an endpoint with its configuration and model (named as {@link deployModel} names them): `true`
   * when the endpoint existed, `false` when it did not (its configuration and model are removed if left).
   */
  override async deleteEndpoint(endpointName: string, options: CallOptions = {}): Promise<boolean> {
    return deleteEndpoint(this.#context, endpointName, options.signal);
  }

  /** Whether an endpoint is `InService` yet (`Creating`, `Updating`, `Failed`, … otherwise), by `DescribeEndpoint`. */
  async endpointStatus(endpointName: string, options: CallOptions = {}): Promise<string> {
    return endpointStatus(this.#context, endpointName, options.signal);
  }

  /**
   * Training capacity from Service Quotas (`sagemaker`): for each instance type of the table,
   * `trainingQuota:<type>` (instances of that type training jobs may use at once), and this connector's
   * `runningJobs` and `pendingJobs`. AWS publishes no account-wide count of GPUs in use, so `totalGpus` and
   * `usedGpus` are not claimed.
   */
  override async getResourceUsage(options: CallOptions = {}): Promise<ResourceUsage> {
    return trainingCapacity(this.#context, options.signal);
  }
}
