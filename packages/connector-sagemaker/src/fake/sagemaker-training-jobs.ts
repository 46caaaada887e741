import type { Clock } from '@neural/integrations-core';
import { AwsServiceError, validationError } from './aws-error.js';
import { arnOf, type Json, type JsonObject, obj, required, seconds, str } from './json.js';
import type { ResolvedFakeAwsOptions } from './options.js';
import type { FakeS3Store } from './s3-store.js';
import { requireName, requireTags } from './sagemaker-validation.js';
import { scenarioFromSource } from './script-mode-source.js';
import { TrainingTimeline } from './training-job.js';

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

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;

/** The fake's SageMaker training jobs: create (reading the code from the S3 store), describe, stop, list. */
export class FakeTrainingJobs {
  readonly jobs = new Map<string, FakeTrainingJob>();

  constructor(
    readonly options: ResolvedFakeAwsOptions,
    readonly clock: Clock,
    readonly s3: FakeS3Store,
  ) {}

  /** The ARN of a resource of the fake's account. */
  protected arn(service: string, resource: string): string {
    return arnOf(this.options, service, resource);
  }

  createTrainingJob(request: JsonObject): JsonObject {
    const name = requireName(request.TrainingJobName, 'trainingJobName');
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
    requireTags(request);
    if (this.jobs.has(name)) {
      throw new AwsServiceError(
        'ResourceInUse',
        `Training job names must be unique within an AWS account and region, and a training job with this name already exists (${this.arn('sagemaker', `training-job/${name.toLowerCase()}`)})`,
        400,
        'Message',
      );
    }
    const createdAt = this.clock.now();
    const timeline = new TrainingTimeline(
      createdAt,
      scenarioFromSource(request, this.options, this.s3),
      typeof maxRuntime === 'number' ? maxRuntime * 1000 : 86_400_000,
      this.options.stoppingMs,
    );
    const arn = this.arn('sagemaker', `training-job/${name.toLowerCase()}`);
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
      // "The Amazon S3 location that is configured for storing model artifacts": known from the start, and
      // the model requires an S3 URI there (an empty string breaks its pattern).
      ModelArtifacts: {
        S3ModelArtifacts: `${outputPath.replace(/\/$/, '')}/${job.name}/output/model.tar.gz`,
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
}
