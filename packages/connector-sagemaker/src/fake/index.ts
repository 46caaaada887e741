/**
 * Fake AWS services for tests: MSW handlers (and a loopback server) speaking SageMaker's and CloudWatch Logs'
 * AWS JSON 1.1 protocol and S3's REST-XML, with training jobs simulated on an injected clock.
 *
 * @packageDocumentation
 */
export {
  FakeAwsAccount,
  type FakeS3Object,
  type FakeTrainingJob,
  type Json,
  type JsonObject,
} from './account.js';
export { AwsServiceError, validationError } from './aws-error.js';
export type { AwsRequestRecord } from './fake-context.js';
export { createFakeAws, type FakeAws } from './handlers.js';
export { AWS_TARGET_PREFIXES } from './json-protocol.js';
export { FakeCloudWatchLogs } from './logs-service.js';
export {
  AWS_FAULT_KINDS,
  type AwsFaultKind,
  type FakeAwsOptions,
  FakeAwsOptionsSchema,
  type ResolvedFakeAwsOptions,
} from './options.js';
export { FakeS3Store } from './s3-store.js';
export { FakeSageMaker } from './sagemaker-service.js';
export { FakeTrainingJobs } from './sagemaker-training-jobs.js';
export { type FakeAwsServer, type FakeAwsServerOptions, startFakeAwsServer } from './server.js';
export {
  readTrainingScenario,
  type TrainingJobPhase,
  type TrainingScenario,
  TrainingTimeline,
} from './training-job.js';
