import { stat } from 'node:fs/promises';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateTrainingJobCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeTrainingJobCommand,
  type DescribeTrainingJobCommandOutput,
  ListTrainingJobsCommand,
  type ListTrainingJobsCommandOutput,
  type ProductionVariantInstanceType,
  SageMakerClient,
  StopTrainingJobCommand,
  type TrainingJobStatus,
} from '@aws-sdk/client-sagemaker';
import { ListServiceQuotasCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import {
  assertLocalPath,
  BaseConnector,
  type CallOptions,
  type Clock,
  CloudExecutionError,
  type DeployModelOptions,
  type FollowLogsOptions,
  followLogsStartOffset,
  InvalidParameterError,
  isTerminalStatus,
  JobNotFoundError,
  JobResult,
  JobStatus,
  type JobSummary,
  type JsonValue,
  type ListJobsOptions,
  logRetries,
  parseListJobsOptions,
  parseOrThrow,
  parseSubmitJobRequest,
  ResourceConfig,
  type ResourceConfigInput,
  type ResourceUsage,
  type RetryPolicy,
  type SubmitJobRequest,
  systemClock,
  throwIfAborted,
  withRetry,
} from '@neural/integrations-core';
import { type LogCursor, readNewLogText, TRAINING_LOG_GROUP } from './cloudwatch-logs.js';
import { isAwsError, isRefusedCredentials, toContractError } from './errors.js';
import { DEFAULT_INSTANCE_TYPES, type InstanceTypeTable } from './instance-types.js';
import {
  pytorchImage,
  type SageMakerConnectorOptions,
  SageMakerConnectorOptionsSchema,
  type SageMakerCredentials,
  SageMakerCredentialsSchema,
} from './options.js';
import { downloadToFile, type S3Location, s3Location, uploadFromFile } from './s3-files.js';
import { mapTrainingState, trainingStatusesFor } from './states.js';
import { buildTrainingSpec, JOB_NAME_ENV, SUBMISSION_ENV, type TrainingDefaults } from './training-spec.js';

const NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
type Describe = DescribeTrainingJobCommandOutput;

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
  readonly #sagemaker: SageMakerClient;
  readonly #logs: CloudWatchLogsClient;
  readonly #s3: S3Client;
  readonly #quotas: ServiceQuotasClient;
  readonly #clock: Clock;
  readonly #retry: Omit<RetryPolicy, 'signal' | 'clock'>;
  readonly #options: SageMakerConnectorOptions;
  readonly #instanceTypes: InstanceTypeTable;
  readonly #logPollIntervalMs: number;
  readonly #partSize: number;

  constructor(credentials: SageMakerCredentials = {}, options: SageMakerConnectorOptions) {
    super(credentials, { logger: options?.logger, credentialsSchema: SageMakerCredentialsSchema });
    const parsed = parseOrThrow(SageMakerConnectorOptionsSchema, options ?? {}, 'SageMakerConnector options');
    this.#options = options;
    this.bucket = parsed.bucket;
    this.prefix = parsed.prefix ?? 'neural';
    this.#instanceTypes = options.instanceTypes ?? DEFAULT_INSTANCE_TYPES;
    this.#clock = options.clock ?? systemClock;
    this.#retry = {
      maxAttempts: 6,
      initialDelayMs: 250,
      maxDelayMs: 20_000,
      maxElapsedMs: 120_000,
      ...options.retry,
    };
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
    this.#sagemaker = new SageMakerClient(config);
    this.#logs = new CloudWatchLogsClient(config);
    this.#s3 = new S3Client({ ...config, forcePathStyle: parsed.endpoint !== undefined });
    this.#quotas = new ServiceQuotasClient(config);
    this.declaredCapabilities = { idempotency: true };
  }

  /**
   * Checks the credentials with a `ListTrainingJobs` of one job: `true` when SageMaker answers, `false` when
   * it refuses the credentials or they may not list training jobs (or none can be found in the chain).
   */
  async authenticate(options: CallOptions = {}): Promise<boolean> {
    throwIfAborted(options.signal);
    try {
      await this.#call('authenticate', 'sagemaker:ListTrainingJobs', options.signal, (signal) =>
        this.#sagemaker.send(new ListTrainingJobsCommand({ MaxResults: 1 }), { abortSignal: signal }),
      );
      this.authenticated = true;
      return true;
    } catch (error) {
      if (isRefusedCredentials(error)) {
        this.logger.warn('AWS refused the credentials', { error: (error as Error).message });
        this.authenticated = false;
        return false;
      }
      throw error;
    }
  }

  /**
   * Uploads the job's `sourcedir.tar.gz` and creates its training job; returns the training job's name, which
   * is the job id. Safe to retry: with an idempotency key, a create that meets `ResourceInUse` for a job with
   * this submit's fingerprint returns that job.
   *
   * @throws InvalidParameterError before anything is sent, for a bad request, resources or `customParams`.
   */
  async submitJob(request: SubmitJobRequest): Promise<string> {
    const parsed = parseSubmitJobRequest(request);
    const spec = await buildTrainingSpec(parsed, await this.#defaults(), this.#clock.now());
    throwIfAborted(parsed.signal);
    await this.#call('submitJob', 's3:PutObject', parsed.signal, (signal) =>
      this.#s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: spec.sourceKey,
          Body: spec.archive,
          ContentType: 'application/gzip',
        }),
        { abortSignal: signal },
      ),
    );
    try {
      await this.#call('submitJob', 'sagemaker:CreateTrainingJob', parsed.signal, (signal) =>
        this.#sagemaker.send(new CreateTrainingJobCommand(spec.input), { abortSignal: signal }),
      );
    } catch (error) {
      if (!isAwsError(error, 'ResourceInUse')) throw error;
      const existing = await this.#describe('submitJob', spec.name, parsed.signal);
      if (existing?.Environment?.[SUBMISSION_ENV] !== spec.submission) {
        throw new CloudExecutionError(
          `submitJob failed: a training job named "${spec.name}" already exists and was not made by this submit (the idempotency key was used for another request)`,
          { code: 'NAME_CONFLICT', cause: error },
        );
      }
      this.logger.info('the training job already existed: a retried submit', { jobId: spec.name });
    }
    this.logger.info('created SageMaker training job', { jobId: spec.name });
    return spec.name;
  }

  /** The job's status, from `DescribeTrainingJob` (see the README's state table). */
  async getJobStatus(jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    return mapTrainingState(await this.#observe('getJobStatus', jobId, options.signal)).status;
  }

  /**
   * The job's result: status, `TrainingJobStatus/SecondaryStatus` as `rawState`, its CloudWatch log as
   * `output`, `FailureReason` as `error`, `FinalMetricDataList` as `metrics`, the model's S3 URI as
   * `artifacts`, and the time from the container's start to the job's end.
   */
  async getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResult> {
    const job = await this.#observe('getJobResult', jobId, options.signal);
    const state = mapTrainingState(job);
    const output = await readNewLogText(jobId, new Map(), this.#logsCall('getJobResult', options.signal));
    const metrics: Record<string, JsonValue> = {};
    for (const metric of job.FinalMetricDataList ?? []) {
      if (metric.MetricName && metric.Value !== undefined && Number.isFinite(metric.Value)) {
        metrics[metric.MetricName] = metric.Value;
      }
    }
    const model = job.ModelArtifacts?.S3ModelArtifacts;
    const region = await this.#region();
    return new JobResult({
      jobId,
      status: state.status,
      rawState: state.rawState,
      output,
      error:
        state.error ??
        (state.status === JobStatus.CANCELLED ? 'Stopped: the training job was stopped' : undefined),
      metrics,
      artifacts: state.status === JobStatus.SUCCEEDED && model ? [model] : [],
      logsUrl: `https://console.aws.amazon.com/cloudwatch/home?region=${region}#logStream:group=${encodeURIComponent(TRAINING_LOG_GROUP)};prefix=${encodeURIComponent(`${jobId}/`)};streamFilter=typeLogStreamPrefix`,
      durationSeconds: this.#duration(job, state.status),
    });
  }

  /**
   * Stops a pending or running job with `StopTrainingJob`: `true` when it was stopped, `false` for a job that
   * had already ended or was already stopping. The instances run, and bill, until the job reads `Stopped`.
   */
  async cancelJob(jobId: string, options: CallOptions = {}): Promise<boolean> {
    const job = await this.#observe('cancelJob', jobId, options.signal);
    if (job.TrainingJobStatus !== 'InProgress') return false;
    try {
      await this.#call('cancelJob', 'sagemaker:StopTrainingJob', options.signal, (signal) =>
        this.#sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: jobId }), { abortSignal: signal }),
      );
    } catch (error) {
      // It ended (or a lost answer's stop went through) between the describe and the stop.
      if (isAwsError(error, 'ValidationException')) {
        const after = await this.#observe('cancelJob', jobId, options.signal);
        if (after.TrainingJobStatus === 'Stopping' || after.TrainingJobStatus === 'Stopped') return true;
        return false;
      }
      throw error;
    }
    this.logger.info('stopped SageMaker training job', { jobId });
    return true;
  }

  /**
   * This connector's training jobs (names starting with `jobNamePrefix-`), newest first, with
   * `ListTrainingJobs` (`NameContains`, `StatusEquals` for the filter, `SortBy: CreationTime`, descending),
   * then one `DescribeTrainingJob` per job listed for its `jobName` (a summary carries neither environment nor
   * tags).
   */
  async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    const { limit, statusFilter, signal } = parseListJobsOptions(options);
    const newest = await this.#summaries(limit, statusFilter, signal);
    // A summary carries no environment or tags: the job's name is read from each job's description.
    const named: JobSummary[] = [];
    for (let i = 0; i < newest.length; i += 8) {
      const batch = newest.slice(i, i + 8);
      const described = await Promise.all(
        batch.map((summary) => this.#describe('listJobs', summary.id, signal)),
      );
      batch.forEach((summary, index) => {
        const jobName = described[index]?.Environment?.[JOB_NAME_ENV];
        named.push(jobName ? { ...summary, name: jobName } : summary);
      });
    }
    return named;
  }

  /** The job's log so far: every log stream of the job in CloudWatch Logs, one line per event. */
  async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    await this.#observe('getLogs', jobId, options.signal);
    return readNewLogText(jobId, new Map(), this.#logsCall('getLogs', options.signal));
  }

  /**
   * Streams the job's log from CloudWatch Logs, reading every `logPollIntervalMs` from where it got to (each
   * stream's forward token, so nothing is yielded twice), until the job has ended and a last read found
   * nothing new.
   */
  override async *followLogs(jobId: string, options: FollowLogsOptions = {}): AsyncIterable<string> {
    const { signal } = options;
    let skip = followLogsStartOffset(options);
    const cursor: LogCursor = new Map();
    const call = this.#logsCall('followLogs', signal);
    for (;;) {
      const status = mapTrainingState(await this.#observe('followLogs', jobId, signal)).status;
      let chunk = await readNewLogText(jobId, cursor, call);
      if (skip > 0) {
        const dropped = Math.min(skip, chunk.length);
        chunk = chunk.slice(dropped);
        skip -= dropped;
      }
      if (chunk.length > 0) yield chunk;
      // Read after the job was seen ended: everything it wrote is in.
      if (isTerminalStatus(status)) return;
      await this.#clock.sleep(this.#logPollIntervalMs, signal);
    }
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
    const { bucket, key } = this.#s3Location(remotePath, 'remotePath');
    assertLocalPath(localPath);
    const info = await stat(localPath).catch(() => undefined);
    if (!info?.isFile()) {
      throw InvalidParameterError.fromIssues('uploadFile', [
        { field: 'localPath', rule: 'must be an existing file' },
      ]);
    }
    await this.#call('uploadFile', 's3:PutObject', options.signal, (signal) =>
      uploadFromFile(this.#s3, { bucket, key }, localPath, this.#partSize, signal),
    );
    this.logger.info('uploaded file to S3', { bucket, key, bytes: info.size });
    return true;
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
    const { bucket, key } = this.#s3Location(remotePath, 'remotePath');
    assertLocalPath(localPath);
    await this.#call('downloadFile', 's3:GetObject', options.signal, (signal) =>
      downloadToFile(this.#s3, { bucket, key }, localPath, signal),
    );
    return true;
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
    if (typeof endpointName !== 'string' || !NAME.test(endpointName)) {
      throw InvalidParameterError.fromIssues('deployModel', [
        {
          field: 'endpointName',
          rule: 'must be 1-63 letters, digits and single hyphens, starting with a letter or digit',
        },
      ]);
    }
    const { bucket, key } = this.#s3Location(modelPath, 'modelPath');
    const config = ResourceConfig.from(options.resourceConfig as ResourceConfigInput | undefined);
    const named = (config.customParams.instanceType as string | undefined) ?? config.instanceType;
    const instanceType =
      named && /^ml\./.test(named)
        ? named
        : config.gpuEnabled
          ? (this.#instanceTypes.gpu[1] ?? 'ml.g5.xlarge')
          : (this.#options.endpointInstanceType ?? 'ml.m5.large');
    const region = await this.#region();
    const image = this.#options.inferenceImage ?? pytorchImage(region, 'inference', false);
    const { signal } = options;
    await this.#create('deployModel', 'sagemaker:CreateModel', signal, (s) =>
      this.#sagemaker.send(
        new CreateModelCommand({
          ModelName: endpointName,
          ExecutionRoleArn: this.#options.roleArn,
          PrimaryContainer: { Image: image, ModelDataUrl: `s3://${bucket}/${key}` },
        }),
        { abortSignal: s },
      ),
    );
    await this.#create('deployModel', 'sagemaker:CreateEndpointConfig', signal, (s) =>
      this.#sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: endpointName,
          ProductionVariants: [
            {
              VariantName: 'AllTraffic',
              ModelName: endpointName,
              InitialInstanceCount: 1,
              InstanceType: instanceType as ProductionVariantInstanceType,
            },
          ],
        }),
        { abortSignal: s },
      ),
    );
    await this.#create('deployModel', 'sagemaker:CreateEndpoint', signal, (s) =>
      this.#sagemaker.send(
        new CreateEndpointCommand({ EndpointName: endpointName, EndpointConfigName: endpointName }),
        {
          abortSignal: s,
        },
      ),
    );
    this.logger.info('created SageMaker endpoint', { endpointName, instanceType });
    return `https://runtime.sagemaker.${region}.amazonaws.com/endpoints/${endpointName}/invocations`;
  }

  /**
   * Deletes an endpoint with its configuration and model (named as {@link deployModel} names them): `true`
   * when the endpoint existed, `false` when it did not (its configuration and model are removed if left).
   */
  override async deleteEndpoint(endpointName: string, options: CallOptions = {}): Promise<boolean> {
    if (typeof endpointName !== 'string' || !NAME.test(endpointName)) {
      throw InvalidParameterError.fromIssues('deleteEndpoint', [
        {
          field: 'endpointName',
          rule: 'must be 1-63 letters, digits and single hyphens, starting with a letter or digit',
        },
      ]);
    }
    const { signal } = options;
    const existed = await this.#delete('deleteEndpoint', 'sagemaker:DeleteEndpoint', signal, (s) =>
      this.#sagemaker.send(new DeleteEndpointCommand({ EndpointName: endpointName }), { abortSignal: s }),
    );
    await this.#delete('deleteEndpoint', 'sagemaker:DeleteEndpointConfig', signal, (s) =>
      this.#sagemaker.send(new DeleteEndpointConfigCommand({ EndpointConfigName: endpointName }), {
        abortSignal: s,
      }),
    );
    await this.#delete('deleteEndpoint', 'sagemaker:DeleteModel', signal, (s) =>
      this.#sagemaker.send(new DeleteModelCommand({ ModelName: endpointName }), { abortSignal: s }),
    );
    return existed;
  }

  /** Whether an endpoint is `InService` yet (`Creating`, `Updating`, `Failed`, … otherwise), by `DescribeEndpoint`. */
  async endpointStatus(endpointName: string, options: CallOptions = {}): Promise<string> {
    const endpoint = await this.#call('endpointStatus', 'sagemaker:DescribeEndpoint', options.signal, (s) =>
      this.#sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpointName }), { abortSignal: s }),
    );
    return endpoint.EndpointStatus ?? 'Unknown';
  }

  /**
   * Training capacity from Service Quotas (`sagemaker`): for each instance type of the table,
   * `trainingQuota:<type>` (instances of that type training jobs may use at once), and this connector's
   * `runningJobs` and `pendingJobs`. AWS publishes no account-wide count of GPUs in use, so `totalGpus` and
   * `usedGpus` are not claimed.
   */
  override async getResourceUsage(options: CallOptions = {}): Promise<ResourceUsage> {
    const { signal } = options;
    const quotas = new Map<string, number>();
    let token: string | undefined;
    do {
      const page = await this.#call('getResourceUsage', 'servicequotas:ListServiceQuotas', signal, (s) =>
        this.#quotas.send(
          new ListServiceQuotasCommand({
            ServiceCode: 'sagemaker',
            MaxResults: 100,
            ...(token ? { NextToken: token } : {}),
          }),
          {
            abortSignal: s,
          },
        ),
      );
      for (const quota of page.Quotas ?? []) {
        if (quota.QuotaName && quota.Value !== undefined) quotas.set(quota.QuotaName, quota.Value);
      }
      token = page.NextToken;
    } while (token);
    const types = new Set([
      this.#instanceTypes.cpu,
      ...Object.values(this.#instanceTypes.gpu),
      ...Object.values(this.#instanceTypes.aliases),
    ]);
    const usage: Record<string, number> = {};
    for (const type of [...types].sort()) {
      const value = quotas.get(`${type} for training job usage`);
      if (value !== undefined) usage[`trainingQuota:${type}`] = value;
    }
    const active = await this.#summaries(1000, JobStatus.RUNNING, signal);
    const pending = await this.#summaries(1000, JobStatus.PENDING, signal);
    return Object.freeze({ ...usage, runningJobs: active.length, pendingJobs: pending.length });
  }

  /** This connector's jobs from `ListTrainingJobs` alone (no names), newest first, at most `limit`. */
  async #summaries(
    limit: number,
    statusFilter: JobStatus | undefined,
    signal: AbortSignal | undefined,
  ): Promise<JobSummary[]> {
    const prefix = `${this.#options.jobNamePrefix ?? 'neural'}-`;
    const statuses: (string | undefined)[] =
      statusFilter === undefined ? [undefined] : [...trainingStatusesFor(statusFilter)];
    const found: JobSummary[] = [];
    for (const status of statuses) {
      let token: string | undefined;
      let matched = 0;
      do {
        const page: ListTrainingJobsCommandOutput = await this.#call(
          'listJobs',
          'sagemaker:ListTrainingJobs',
          signal,
          (s) =>
            this.#sagemaker.send(
              new ListTrainingJobsCommand({
                NameContains: prefix,
                SortBy: 'CreationTime',
                SortOrder: 'Descending',
                MaxResults: Math.min(100, limit),
                ...(status ? { StatusEquals: status as TrainingJobStatus } : {}),
                ...(token ? { NextToken: token } : {}),
              }),
              { abortSignal: s },
            ),
        );
        for (const summary of page.TrainingJobSummaries ?? []) {
          if (!summary.TrainingJobName?.startsWith(prefix)) continue;
          const state = mapTrainingState(summary);
          if (statusFilter !== undefined && state.status !== statusFilter) continue;
          matched += 1;
          found.push({
            id: summary.TrainingJobName,
            status: state.status,
            rawState: state.rawState,
            createdAt: summary.CreationTime ?? new Date(0),
          });
        }
        token = page.NextToken;
      } while (token && matched < limit);
    }
    return found
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
      .slice(0, limit);
  }

  async #region(): Promise<string> {
    return this.#options.region ?? (await this.#sagemaker.config.region());
  }

  async #defaults(): Promise<TrainingDefaults> {
    const region = await this.#region();
    return {
      region,
      roleArn: this.#options.roleArn,
      bucket: this.bucket,
      prefix: this.prefix,
      jobNamePrefix: this.#options.jobNamePrefix ?? 'neural',
      cpuImage: this.#options.cpuImage ?? pytorchImage(region, 'training', false),
      gpuImage: this.#options.gpuImage ?? pytorchImage(region, 'training', true),
      instanceTypes: this.#instanceTypes,
      defaultVolumeGb: 30,
      defaultMaxRuntimeHours: 24,
    };
  }

  #s3Location(path: string, field: string): S3Location {
    return s3Location(path, field, this.bucket, this.prefix);
  }

  /** One AWS call with the caller's signal, its errors in the contract's terms, retried when retryable. */
  #call<T>(
    operation: string,
    action: string,
    signal: AbortSignal | undefined,
    send: (signal: AbortSignal | undefined) => Promise<T>,
    attempted?: (attempt: number) => void,
  ): Promise<T> {
    return withRetry(
      async ({ signal: attemptSignal, attempt }) => {
        attempted?.(attempt);
        try {
          // Each request listens on a signal of its own: the SDK adds an abort listener per request, and many
          // concurrent calls under one caller's signal would otherwise pile listeners onto it.
          return await send(attemptSignal ? AbortSignal.any([attemptSignal]) : undefined);
        } catch (error) {
          throw toContractError(error, operation, action);
        }
      },
      {
        ...this.#retry,
        clock: this.#clock,
        signal,
        onRetry: logRetries(this.logger, 'retrying an AWS call', { operation, action }, this.#retry.onRetry),
      },
    );
  }

  /** A create whose retry (after a lost answer) meets the thing it made: that is success, not a conflict. */
  async #create(
    operation: string,
    action: string,
    signal: AbortSignal | undefined,
    send: (signal: AbortSignal | undefined) => Promise<unknown>,
  ): Promise<void> {
    let attempt = 1;
    try {
      await this.#call(operation, action, signal, send, (n) => {
        attempt = n;
      });
    } catch (error) {
      const exists =
        isAwsError(error, 'ResourceInUse') ||
        (isAwsError(error, 'ValidationException') && /already exist/i.test((error as Error).message));
      if (!(exists && attempt > 1)) throw error;
    }
  }

  /** A delete: `true` when it deleted, `false` when there was nothing (or a lost answer's retry found it gone). */
  async #delete(
    operation: string,
    action: string,
    signal: AbortSignal | undefined,
    send: (signal: AbortSignal | undefined) => Promise<unknown>,
  ): Promise<boolean> {
    let attempt = 1;
    try {
      await this.#call(operation, action, signal, send, (n) => {
        attempt = n;
      });
      return true;
    } catch (error) {
      if (
        isAwsError(error, 'ValidationException', 'ResourceNotFound') &&
        /could not find|not found|does not exist/i.test((error as Error).message)
      ) {
        return attempt > 1;
      }
      throw error;
    }
  }

  #logsCall(operation: string, signal: AbortSignal | undefined) {
    return <T>(
      action: string,
      send: (client: CloudWatchLogsClient, signal: AbortSignal | undefined) => Promise<T>,
    ) => this.#call(operation, action, signal, (s) => send(this.#logs, s));
  }

  async #describe(
    operation: string,
    jobId: string,
    signal: AbortSignal | undefined,
  ): Promise<Describe | undefined> {
    try {
      return await this.#call(operation, 'sagemaker:DescribeTrainingJob', signal, (s) =>
        this.#sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: jobId }), { abortSignal: s }),
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

  async #observe(operation: string, jobId: string, signal: AbortSignal | undefined): Promise<Describe> {
    if (typeof jobId !== 'string' || jobId.length === 0 || jobId.length > 256) {
      throw InvalidParameterError.fromIssues('jobId', [
        { field: 'jobId', rule: 'must be a non-empty string of at most 256 characters' },
      ]);
    }
    throwIfAborted(signal);
    // Every id this connector returns is a training job name: anything else names no job.
    if (!NAME.test(jobId)) throw new JobNotFoundError(jobId);
    const job = await this.#describe(operation, jobId, signal);
    if (!job) throw new JobNotFoundError(jobId);
    return job;
  }

  #duration(job: Describe, status: JobStatus): number | undefined {
    const start = job.TrainingStartTime?.getTime();
    if (start === undefined) return isTerminalStatus(status) ? 0 : undefined;
    const end = job.TrainingEndTime?.getTime() ?? (isTerminalStatus(status) ? start : this.#clock.now());
    return Math.max(0, (end - start) / 1000);
  }
}
