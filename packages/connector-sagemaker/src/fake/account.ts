import { createHash, randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '@neural/integrations-core';
import { unpackTarGz } from '../archive.js';
import { AwsServiceError, validationError } from './aws-error.js';
import type { ResolvedFakeAwsOptions } from './options.js';
import { failedDownload, readTrainingScenario, TrainingTimeline } from './training-job.js';

/** A JSON value as the JSON protocols carry it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** One stored S3 object. */
export interface FakeS3Object {
  readonly data: Buffer;
  readonly etag: string;
  readonly lastModified: number;
  readonly contentType: string | undefined;
}

/** One training job as the fake keeps it: what was asked, and its timeline. */
export interface FakeTrainingJob {
  readonly name: string;
  readonly arn: string;
  readonly request: JsonObject;
  readonly timeline: TrainingTimeline;
  /** The log stream of its first instance (`<name>/algo-1-<epoch seconds>`). */
  readonly streamName: string;
  /** One log stream per instance (`algo-1`, `algo-2`, …), each holding what the script printed there. */
  readonly streamNames: readonly string[];
}

const JOB_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
const S3_URI = /^s3:\/\/([^/]+)\/(.*)$/;
const LOG_GROUP = '/aws/sagemaker/TrainingJobs';

const str = (value: Json | undefined): string | undefined => (typeof value === 'string' ? value : undefined);
const obj = (value: Json | undefined): JsonObject | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
const seconds = (ms: number) => ms / 1000;

function required<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw validationError(field, undefined, 'Member must not be null');
  return value;
}

/**
 * The state of the fake's account: S3 objects, training jobs, their log streams, models, endpoint
 * configurations and endpoints. Each operation is one method taking and returning the JSON the protocol
 * carries; time is read from the injected clock, so a job's status follows it without timers.
 */
export class FakeAwsAccount {
  readonly objects = new Map<string, FakeS3Object>();
  readonly uploads = new Map<string, { bucket: string; key: string; parts: Map<number, Buffer> }>();
  readonly jobs = new Map<string, FakeTrainingJob>();
  readonly models = new Map<string, JsonObject & { CreationTime: number }>();
  readonly endpointConfigs = new Map<string, JsonObject & { CreationTime: number }>();
  readonly endpoints = new Map<string, { name: string; config: string; createdAt: number }>();
  readonly clock: Clock;

  constructor(readonly options: ResolvedFakeAwsOptions) {
    this.clock = options.clock ?? systemClock;
  }

  #arn(service: string, resource: string): string {
    return `arn:aws:${service}:${this.options.region}:${this.options.accountId}:${resource}`;
  }

  // ---- S3 ----------------------------------------------------------------------------------------------

  #bucket(bucket: string): void {
    if (!this.options.buckets.includes(bucket)) {
      throw new AwsServiceError('NoSuchBucket', 'The specified bucket does not exist', 404);
    }
  }

  putObject(bucket: string, key: string, data: Buffer, contentType: string | undefined): FakeS3Object {
    this.#bucket(bucket);
    const object = {
      data,
      etag: `"${createHash('md5').update(data).digest('hex')}"`,
      lastModified: this.clock.now(),
      contentType,
    };
    this.objects.set(`${bucket}/${key}`, object);
    return object;
  }

  getObject(bucket: string, key: string): FakeS3Object {
    this.#bucket(bucket);
    const object = this.objects.get(`${bucket}/${key}`);
    if (!object) throw new AwsServiceError('NoSuchKey', 'The specified key does not exist.', 404);
    return object;
  }

  createMultipartUpload(bucket: string, key: string): string {
    this.#bucket(bucket);
    const uploadId = randomUUID().replaceAll('-', '');
    this.uploads.set(uploadId, { bucket, key, parts: new Map() });
    return uploadId;
  }

  #upload(uploadId: string) {
    const upload = this.uploads.get(uploadId);
    if (!upload) {
      throw new AwsServiceError('NoSuchUpload', 'The specified multipart upload does not exist.', 404);
    }
    return upload;
  }

  uploadPart(uploadId: string, partNumber: number, data: Buffer): string {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
      throw new AwsServiceError(
        'InvalidArgument',
        'Part number must be an integer between 1 and 10000, inclusive',
      );
    }
    this.#upload(uploadId).parts.set(partNumber, data);
    return `"${createHash('md5').update(data).digest('hex')}"`;
  }

  completeMultipartUpload(
    uploadId: string,
    parts: readonly { partNumber: number; etag: string }[],
  ): FakeS3Object {
    const upload = this.#upload(uploadId);
    const chunks: Buffer[] = [];
    let previous = 0;
    for (const part of parts) {
      const data = upload.parts.get(part.partNumber);
      const etag = data ? `"${createHash('md5').update(data).digest('hex')}"` : undefined;
      if (!data || etag !== `"${part.etag.replaceAll('"', '')}"`) {
        throw new AwsServiceError('InvalidPart', 'One or more of the specified parts could not be found.');
      }
      if (part.partNumber <= previous) {
        throw new AwsServiceError('InvalidPartOrder', 'The list of parts was not in ascending order.');
      }
      previous = part.partNumber;
      chunks.push(data);
    }
    this.uploads.delete(uploadId);
    return this.putObject(upload.bucket, upload.key, Buffer.concat(chunks), undefined);
  }

  abortMultipartUpload(uploadId: string): void {
    this.#upload(uploadId);
    this.uploads.delete(uploadId);
  }

  // ---- SageMaker: training jobs ---------------------------------------------------------------------------

  /** The code of a job: the entry script from its `sagemaker_submit_directory` archive, or why it cannot run. */
  #scenarioOf(request: JsonObject) {
    const defaults = {
      queueMs: this.options.defaultQueueMs,
      startingMs: this.options.defaultStartingMs,
      durationMs: this.options.defaultDurationMs,
    };
    const hyper = obj(request.HyperParameters) ?? {};
    const decode = (value: Json | undefined) => {
      const text = str(value);
      if (text === undefined) return undefined;
      try {
        const parsed: unknown = JSON.parse(text);
        return typeof parsed === 'string' ? parsed : text;
      } catch {
        return text;
      }
    };
    const program = decode(hyper.sagemaker_program);
    const directory = decode(hyper.sagemaker_submit_directory);
    const match = directory ? S3_URI.exec(directory) : null;
    if (!program || !match) {
      return failedDownload(
        'ClientError: no sagemaker_program / sagemaker_submit_directory hyperparameters (script mode)',
        defaults,
      );
    }
    let files: Map<string, Buffer>;
    try {
      files = unpackTarGz(this.getObject(match[1] as string, match[2] as string).data);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return failedDownload(
        `ClientError: Data download failed: could not read ${directory} (${why})`,
        defaults,
      );
    }
    const script = files.get(program);
    if (!script) return failedDownload(`ClientError: ${program} is not in ${directory}`, defaults);
    const code = script.toString('utf8');
    const scenario = readTrainingScenario(code, defaults);
    // `print(os.environ["NAME"])` prints the job's environment variable: what reaches the container is checked.
    const environment = obj(request.Environment) ?? {};
    const printedEnv = [
      ...code.matchAll(/print\(\s*os\.environ\[\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\1\s*\]\s*\)/g),
    ].map((match) => str(environment[match[2] as string]) ?? `KeyError: '${match[2]}'`);
    return printedEnv.length > 0
      ? { ...scenario, logLines: [...scenario.logLines, ...printedEnv] }
      : scenario;
  }

  createTrainingJob(request: JsonObject): JsonObject {
    const name = required(str(request.TrainingJobName), 'trainingJobName');
    if (!JOB_NAME.test(name))
      throw validationError(
        'trainingJobName',
        name,
        `Member must satisfy regular expression pattern: ${JOB_NAME.source}`,
      );
    const role = required(str(request.RoleArn), 'roleArn');
    if (!ROLE_ARN.test(role))
      throw validationError(
        'roleArn',
        role,
        `Member must satisfy regular expression pattern: ${ROLE_ARN.source}`,
      );
    const output = required(obj(request.OutputDataConfig), 'outputDataConfig');
    required(str(output.S3OutputPath), 'outputDataConfig.s3OutputPath');
    const algorithm = required(obj(request.AlgorithmSpecification), 'algorithmSpecification');
    required(str(algorithm.TrainingInputMode), 'algorithmSpecification.trainingInputMode');
    if (!str(algorithm.TrainingImage) && !str(algorithm.AlgorithmName)) {
      throw validationError(
        'algorithmSpecification.trainingImage',
        undefined,
        'Either TrainingImage or AlgorithmName must be given',
      );
    }
    const resources = required(obj(request.ResourceConfig), 'resourceConfig');
    const instanceType = required(str(resources.InstanceType), 'resourceConfig.instanceType');
    if (!/^ml\.[a-z0-9]+\.[a-z0-9]+$/.test(instanceType)) {
      throw validationError(
        'resourceConfig.instanceType',
        instanceType,
        'Member must satisfy enum value set',
      );
    }
    const volume = required(resources.VolumeSizeInGB, 'resourceConfig.volumeSizeInGB');
    if (typeof volume !== 'number' || volume < 1)
      throw validationError(
        'resourceConfig.volumeSizeInGB',
        volume,
        'Member must have value greater than or equal to 1',
      );
    const stopping = required(obj(request.StoppingCondition), 'stoppingCondition');
    const maxRuntime = stopping.MaxRuntimeInSeconds;
    if (maxRuntime !== undefined && (typeof maxRuntime !== 'number' || maxRuntime < 1)) {
      throw validationError(
        'stoppingCondition.maxRuntimeInSeconds',
        maxRuntime,
        'Member must have value greater than or equal to 1',
      );
    }
    if (this.jobs.has(name)) {
      throw new AwsServiceError(
        'ResourceInUse',
        `Training job names must be unique within an AWS account and region, and a training job with this name already exists (${this.#arn('sagemaker', `training-job/${name.toLowerCase()}`)})`,
        400,
        'Message',
      );
    }
    const createdAt = this.clock.now();
    const timeline = new TrainingTimeline(
      createdAt,
      this.#scenarioOf(request),
      typeof maxRuntime === 'number' ? maxRuntime * 1000 : 86_400_000,
      this.options.stoppingMs,
    );
    const arn = this.#arn('sagemaker', `training-job/${name.toLowerCase()}`);
    const instances = Math.min(
      16,
      Math.max(1, typeof resources.InstanceCount === 'number' ? resources.InstanceCount : 1),
    );
    const streamNames = Array.from(
      { length: instances },
      (_, index) => `${name}/algo-${index + 1}-${Math.floor(timeline.trainAt / 1000)}`,
    );
    this.jobs.set(name, {
      name,
      arn,
      request,
      timeline,
      streamName: streamNames[0] as string,
      streamNames,
    });
    return { TrainingJobArn: arn };
  }

  #job(name: Json | undefined): FakeTrainingJob {
    const jobName = required(str(name), 'trainingJobName');
    const job = this.jobs.get(jobName);
    if (!job) throw validationError('trainingJobName', jobName, 'Requested resource not found.');
    return job;
  }

  describeTrainingJob(request: JsonObject): JsonObject {
    const job = this.#job(request.TrainingJobName);
    const now = this.clock.now();
    const phase = job.timeline.phase(now);
    const { request: r } = job;
    const outputPath = str(obj(r.OutputDataConfig)?.S3OutputPath) ?? '';
    const metrics = Object.entries(job.timeline.scenario.metrics)
      .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
      .map(([MetricName, Value]) => ({ MetricName, Value, Timestamp: seconds(phase.end ?? now) }));
    const describe: JsonObject = {
      TrainingJobName: job.name,
      TrainingJobArn: job.arn,
      ModelArtifacts: {
        S3ModelArtifacts:
          phase.status === 'Completed'
            ? `${outputPath.replace(/\/$/, '')}/${job.name}/output/model.tar.gz`
            : '',
      },
      TrainingJobStatus: phase.status,
      SecondaryStatus: phase.secondary,
      AlgorithmSpecification: r.AlgorithmSpecification ?? {},
      RoleArn: r.RoleArn ?? '',
      OutputDataConfig: r.OutputDataConfig ?? {},
      ResourceConfig: r.ResourceConfig ?? {},
      StoppingCondition: r.StoppingCondition ?? {},
      CreationTime: seconds(job.timeline.createdAt),
      LastModifiedTime: seconds(Math.min(now, phase.end ?? now)),
      SecondaryStatusTransitions: this.#transitions(job, now),
    };
    if (r.HyperParameters) describe.HyperParameters = r.HyperParameters;
    if (r.Environment) describe.Environment = r.Environment;
    if (phase.failureReason) describe.FailureReason = phase.failureReason;
    if (phase.trainingStart !== undefined) describe.TrainingStartTime = seconds(phase.trainingStart);
    if (phase.end !== undefined) {
      describe.TrainingEndTime = seconds(phase.end);
      if (phase.trainingStart !== undefined) {
        const billable = Math.max(1, Math.ceil((phase.end - phase.trainingStart) / 1000));
        describe.TrainingTimeInSeconds = billable;
        describe.BillableTimeInSeconds = billable;
      }
    }
    if (metrics.length > 0 && phase.status === 'Completed') describe.FinalMetricDataList = metrics;
    return describe;
  }

  #transitions(job: FakeTrainingJob, now: number): Json[] {
    const t = job.timeline;
    const marks: [number, string][] = [
      [t.createdAt, 'Starting'],
      [t.downloadAt, 'Downloading'],
    ];
    if (!t.scenario.clientError) marks.push([t.trainAt, 'Training']);
    const end = t.phase(now);
    const stop = t.stopRequestedAt;
    const cut = stop !== undefined && stop < t.natural.at ? stop : t.natural.at;
    const list = marks.filter(([at]) => at <= now && at <= cut);
    if (stop !== undefined && stop < t.natural.at && stop <= now) list.push([stop, 'Stopping']);
    if (end.end !== undefined) list.push([end.end, end.secondary]);
    return list.map(([at, status], index) => {
      const next = list[index + 1];
      return {
        Status: status,
        StartTime: seconds(at),
        ...(next ? { EndTime: seconds(next[0]) } : {}),
        StatusMessage: `${status}`,
      };
    });
  }

  stopTrainingJob(request: JsonObject): JsonObject {
    const job = this.#job(request.TrainingJobName);
    const now = this.clock.now();
    const phase = job.timeline.phase(now);
    if (phase.status !== 'InProgress') {
      throw validationError(
        'trainingJobName',
        job.name,
        `The training job is not in progress (status ${phase.status})`,
      );
    }
    job.timeline.stopRequestedAt = now;
    return {};
  }

  listTrainingJobs(request: JsonObject): JsonObject {
    const max = request.MaxResults ?? 10;
    if (typeof max !== 'number' || max < 1 || max > 100)
      throw validationError('maxResults', max, 'Member must have value between 1 and 100');
    const contains = str(request.NameContains);
    const status = str(request.StatusEquals);
    const sortBy = str(request.SortBy) ?? 'CreationTime';
    const order = str(request.SortOrder) ?? 'Ascending';
    const now = this.clock.now();
    const all = [...this.jobs.values()]
      .filter((job) => contains === undefined || job.name.includes(contains))
      .map((job) => ({ job, phase: job.timeline.phase(now) }))
      .filter(({ phase }) => status === undefined || phase.status === status)
      .sort((a, b) => {
        const by =
          sortBy === 'Name'
            ? a.job.name.localeCompare(b.job.name)
            : sortBy === 'Status'
              ? a.phase.status.localeCompare(b.phase.status)
              : a.job.timeline.createdAt - b.job.timeline.createdAt || a.job.name.localeCompare(b.job.name);
        return order === 'Descending' ? -by : by;
      });
    const start =
      request.NextToken === undefined ? 0 : Number(String(request.NextToken).replace(/^page-/, ''));
    if (!Number.isInteger(start) || start < 0)
      throw validationError('nextToken', request.NextToken, 'Invalid pagination token');
    const page = all.slice(start, start + max);
    const summaries = page.map(({ job, phase }) => ({
      TrainingJobName: job.name,
      TrainingJobArn: job.arn,
      CreationTime: seconds(job.timeline.createdAt),
      TrainingJobStatus: phase.status,
      SecondaryStatus: phase.secondary,
      LastModifiedTime: seconds(Math.min(now, phase.end ?? now)),
      ...(phase.end !== undefined ? { TrainingEndTime: seconds(phase.end) } : {}),
    }));
    return {
      TrainingJobSummaries: summaries,
      ...(start + max < all.length ? { NextToken: `page-${start + max}` } : {}),
    };
  }

  // ---- SageMaker: models and endpoints --------------------------------------------------------------------

  createModel(request: JsonObject): JsonObject {
    const name = required(str(request.ModelName), 'modelName');
    if (!JOB_NAME.test(name))
      throw validationError(
        'modelName',
        name,
        `Member must satisfy regular expression pattern: ${JOB_NAME.source}`,
      );
    const container = obj(request.PrimaryContainer);
    if (!container && !request.Containers)
      throw validationError('primaryContainer', undefined, 'Member must not be null');
    if (this.models.has(name)) {
      throw validationError(
        'modelName',
        name,
        `Cannot create already existing model "${this.#arn('sagemaker', `model/${name.toLowerCase()}`)}"`,
      );
    }
    this.models.set(name, { ...request, CreationTime: this.clock.now() });
    return { ModelArn: this.#arn('sagemaker', `model/${name.toLowerCase()}`) };
  }

  deleteModel(request: JsonObject): JsonObject {
    const name = required(str(request.ModelName), 'modelName');
    if (!this.models.delete(name)) {
      throw validationError(
        'modelName',
        name,
        `Could not find model "${this.#arn('sagemaker', `model/${name.toLowerCase()}`)}"`,
      );
    }
    return {};
  }

  createEndpointConfig(request: JsonObject): JsonObject {
    const name = required(str(request.EndpointConfigName), 'endpointConfigName');
    const variants = request.ProductionVariants;
    if (!Array.isArray(variants) || variants.length === 0)
      throw validationError(
        'productionVariants',
        variants,
        'Member must have length greater than or equal to 1',
      );
    for (const variant of variants) {
      const model = str(obj(variant)?.ModelName);
      if (!model || !this.models.has(model))
        throw validationError('productionVariants.member.modelName', model, 'Could not find model');
    }
    if (this.endpointConfigs.has(name)) {
      throw validationError(
        'endpointConfigName',
        name,
        'Cannot create already existing endpoint configuration',
      );
    }
    this.endpointConfigs.set(name, { ...request, CreationTime: this.clock.now() });
    return { EndpointConfigArn: this.#arn('sagemaker', `endpoint-config/${name.toLowerCase()}`) };
  }

  deleteEndpointConfig(request: JsonObject): JsonObject {
    const name = required(str(request.EndpointConfigName), 'endpointConfigName');
    if (!this.endpointConfigs.delete(name))
      throw validationError('endpointConfigName', name, 'Could not find endpoint configuration');
    return {};
  }

  createEndpoint(request: JsonObject): JsonObject {
    const name = required(str(request.EndpointName), 'endpointName');
    if (!JOB_NAME.test(name))
      throw validationError(
        'endpointName',
        name,
        `Member must satisfy regular expression pattern: ${JOB_NAME.source}`,
      );
    const config = required(str(request.EndpointConfigName), 'endpointConfigName');
    if (!this.endpointConfigs.has(config))
      throw validationError('endpointConfigName', config, 'Could not find endpoint configuration');
    if (this.endpoints.has(name)) {
      throw new AwsServiceError(
        'ResourceInUse',
        `Cannot create already existing endpoint "${this.#arn('sagemaker', `endpoint/${name.toLowerCase()}`)}".`,
        400,
        'Message',
      );
    }
    this.endpoints.set(name, { name, config, createdAt: this.clock.now() });
    return { EndpointArn: this.#arn('sagemaker', `endpoint/${name.toLowerCase()}`) };
  }

  describeEndpoint(request: JsonObject): JsonObject {
    const name = required(str(request.EndpointName), 'endpointName');
    const endpoint = this.endpoints.get(name);
    if (!endpoint)
      throw validationError(
        'endpointName',
        name,
        `Could not find endpoint "${this.#arn('sagemaker', `endpoint/${name.toLowerCase()}`)}".`,
      );
    const inService = this.clock.now() >= endpoint.createdAt + this.options.endpointCreatingMs;
    return {
      EndpointName: name,
      EndpointArn: this.#arn('sagemaker', `endpoint/${name.toLowerCase()}`),
      EndpointConfigName: endpoint.config,
      EndpointStatus: inService ? 'InService' : 'Creating',
      CreationTime: seconds(endpoint.createdAt),
      LastModifiedTime: seconds(endpoint.createdAt),
    };
  }

  deleteEndpoint(request: JsonObject): JsonObject {
    const name = required(str(request.EndpointName), 'endpointName');
    if (!this.endpoints.delete(name))
      throw validationError(
        'endpointName',
        name,
        `Could not find endpoint "${this.#arn('sagemaker', `endpoint/${name.toLowerCase()}`)}".`,
      );
    return {};
  }

  // ---- CloudWatch Logs -------------------------------------------------------------------------------------

  /** Every log stream that exists now: a job's instances write theirs once its container started. */
  #streams(now: number): { job: FakeTrainingJob; streamName: string }[] {
    return [...this.jobs.values()]
      .filter(
        (job) =>
          !job.timeline.scenario.clientError &&
          job.timeline.trainAt <= now &&
          job.timeline.logEnd() >= job.timeline.trainAt,
      )
      .flatMap((job) => job.streamNames.map((streamName) => ({ job, streamName })));
  }

  #logGroup(name: Json | undefined, now: number): void {
    const group = required(str(name), 'logGroupName');
    if (group !== LOG_GROUP || this.#streams(now).length === 0) {
      throw new AwsServiceError('ResourceNotFoundException', 'The specified log group does not exist.');
    }
  }

  describeLogStreams(request: JsonObject): JsonObject {
    const now = this.clock.now();
    this.#logGroup(request.logGroupName, now);
    const prefix = str(request.logStreamNamePrefix) ?? '';
    const limit = typeof request.limit === 'number' ? request.limit : 50;
    if (limit < 1 || limit > 50)
      throw validationError('limit', limit, 'Member must have value between 1 and 50');
    const streams = this.#streams(now)
      .filter(({ streamName }) => streamName.startsWith(prefix))
      .sort((a, b) => a.streamName.localeCompare(b.streamName));
    const start =
      request.nextToken === undefined ? 0 : Number(String(request.nextToken).replace(/^streams-/, ''));
    const page = streams.slice(start, start + limit);
    return {
      logStreams: page.map(({ job, streamName }) => {
        const events = job.timeline.logEvents().filter((event) => event.at <= now);
        return {
          logStreamName: streamName,
          creationTime: job.timeline.trainAt,
          arn: this.#arn('logs', `log-group:${LOG_GROUP}:log-stream:${streamName}`),
          ...(events.length > 0
            ? {
                firstEventTimestamp: (events[0] as { at: number }).at,
                lastEventTimestamp: (events.at(-1) as { at: number }).at,
                lastIngestionTime: (events.at(-1) as { at: number }).at,
              }
            : {}),
        };
      }),
      ...(start + limit < streams.length ? { nextToken: `streams-${start + limit}` } : {}),
    };
  }

  getLogEvents(request: JsonObject): JsonObject {
    const now = this.clock.now();
    this.#logGroup(request.logGroupName, now);
    const streamName = required(str(request.logStreamName), 'logStreamName');
    const job = this.#streams(now).find((candidate) => candidate.streamName === streamName)?.job;
    if (!job)
      throw new AwsServiceError('ResourceNotFoundException', 'The specified log stream does not exist.');
    const limit = typeof request.limit === 'number' ? request.limit : this.options.logPageSize;
    if (limit < 1 || limit > 10_000)
      throw validationError('limit', limit, 'Member must have value between 1 and 10000');
    const events = job.timeline.logEvents().filter((event) => event.at <= now);
    const token = str(request.nextToken);
    let start = 0;
    if (token !== undefined) {
      const match = /^f\/(\d{20})$/.exec(token);
      if (!match)
        throw new AwsServiceError('InvalidParameterException', 'The specified nextToken is invalid.');
      start = Number(match[1]);
    } else if (request.startFromHead !== true) {
      start = Math.max(0, events.length - limit);
    }
    const page = events.slice(start, start + limit);
    const next = start + page.length;
    return {
      events: page.map((event) => ({ timestamp: event.at, message: event.message, ingestionTime: event.at })),
      nextForwardToken: `f/${String(next).padStart(20, '0')}`,
      nextBackwardToken: `b/${String(start).padStart(20, '0')}`,
    };
  }

  // ---- Service Quotas ----------------------------------------------------------------------------------------

  listServiceQuotas(request: JsonObject): JsonObject {
    const service = required(str(request.ServiceCode), 'serviceCode');
    if (service !== 'sagemaker')
      throw new AwsServiceError('NoSuchResourceException', `The service ${service} is not known here.`);
    const entries = Object.entries(this.options.quotas);
    const max = typeof request.MaxResults === 'number' ? request.MaxResults : 100;
    const start =
      request.NextToken === undefined ? 0 : Number(String(request.NextToken).replace(/^quotas-/, ''));
    const page = entries.slice(start, start + max);
    return {
      Quotas: page.map(([QuotaName, Value], index) => ({
        ServiceCode: 'sagemaker',
        ServiceName: 'Amazon SageMaker',
        QuotaCode: `L-${String(start + index + 1).padStart(8, '0')}`,
        QuotaName,
        Value,
        Unit: 'None',
        Adjustable: true,
        GlobalQuota: false,
      })),
      ...(start + max < entries.length ? { NextToken: `quotas-${start + max}` } : {}),
    };
  }
}
