import { type Clock, systemClock } from '@neural/integrations-core';
import type { JsonObject } from './json.js';
import { FakeCloudWatchLogs } from './logs-service.js';
import type { ResolvedFakeAwsOptions } from './options.js';
import { type FakeS3Object, FakeS3Store } from './s3-store.js';
import { FakeSageMaker } from './sagemaker-service.js';
import type { FakeTrainingJob } from './sagemaker-training-jobs.js';
import { listServiceQuotas } from './service-quotas.js';

export type { Json, JsonObject } from './json.js';
export type { FakeS3Object } from './s3-store.js';
export type { FakeTrainingJob } from './sagemaker-training-jobs.js';

/**
 * The state of the fake's account, one service each: S3 (objects, multipart uploads), SageMaker (training
 * jobs, models, endpoint configurations, endpoints), CloudWatch Logs (the jobs' log streams) and Service
 * Quotas. Each operation is one method taking and returning the JSON the protocol carries; time is read from
 * the injected clock, so a job's status follows it without timers.
 */
export class FakeAwsAccount {
  readonly clock: Clock;
  readonly s3: FakeS3Store;
  readonly sagemaker: FakeSageMaker;
  readonly logs: FakeCloudWatchLogs;

  constructor(readonly options: ResolvedFakeAwsOptions) {
    this.clock = options.clock ?? systemClock;
    this.s3 = new FakeS3Store(options, this.clock);
    this.sagemaker = new FakeSageMaker(options, this.clock, this.s3);
    this.logs = new FakeCloudWatchLogs(options, this.clock, this.sagemaker.jobs);
  }

  /** Stored objects by `bucket/key`. */
  get objects(): Map<string, FakeS3Object> {
    return this.s3.objects;
  }
  /** Training jobs by name. */
  get jobs(): Map<string, FakeTrainingJob> {
    return this.sagemaker.jobs;
  }

  putObject(bucket: string, key: string, data: Buffer, contentType: string | undefined): FakeS3Object {
    return this.s3.putObject(bucket, key, data, contentType);
  }
  getObject(bucket: string, key: string): FakeS3Object {
    return this.s3.getObject(bucket, key);
  }
  createMultipartUpload(bucket: string, key: string): string {
    return this.s3.createMultipartUpload(bucket, key);
  }
  uploadPart(uploadId: string, partNumber: number, data: Buffer): string {
    return this.s3.uploadPart(uploadId, partNumber, data);
  }
  completeMultipartUpload(
    uploadId: string,
    parts: readonly { partNumber: number; etag: string }[],
  ): FakeS3Object {
    return this.s3.completeMultipartUpload(uploadId, parts);
  }
  abortMultipartUpload(uploadId: string): void {
    this.s3.abortMultipartUpload(uploadId);
  }
  createTrainingJob(request: JsonObject): JsonObject {
    return this.sagemaker.createTrainingJob(request);
  }
  describeTrainingJob(request: JsonObject): JsonObject {
    return this.sagemaker.describeTrainingJob(request);
  }
  stopTrainingJob(request: JsonObject): JsonObject {
    return this.sagemaker.stopTrainingJob(request);
  }
  listTrainingJobs(request: JsonObject): JsonObject {
    return this.sagemaker.listTrainingJobs(request);
  }
  createModel(request: JsonObject): JsonObject {
    return this.sagemaker.createModel(request);
  }
  deleteModel(request: JsonObject): JsonObject {
    return this.sagemaker.deleteModel(request);
  }
  createEndpointConfig(request: JsonObject): JsonObject {
    return this.sagemaker.createEndpointConfig(request);
  }
  deleteEndpointConfig(request: JsonObject): JsonObject {
    return this.sagemaker.deleteEndpointConfig(request);
  }
  createEndpoint(request: JsonObject): JsonObject {
    return this.sagemaker.createEndpoint(request);
  }
  describeEndpoint(request: JsonObject): JsonObject {
    return this.sagemaker.describeEndpoint(request);
  }
  deleteEndpoint(request: JsonObject): JsonObject {
    return this.sagemaker.deleteEndpoint(request);
  }
  describeLogStreams(request: JsonObject): JsonObject {
    return this.logs.describeLogStreams(request);
  }
  getLogEvents(request: JsonObject): JsonObject {
    return this.logs.getLogEvents(request);
  }
  listServiceQuotas(request: JsonObject): JsonObject {
    return listServiceQuotas(this.options, request);
  }
}
