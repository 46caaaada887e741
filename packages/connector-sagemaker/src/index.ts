/**
 * `SageMakerConnector`: ML jobs as Amazon SageMaker training jobs, through the official AWS SDK clients. The
 * fake SageMaker, CloudWatch Logs and S3 for tests is the `@neural/connector-sagemaker/fake` subpath.
 *
 * @packageDocumentation
 */
export { type ArchiveEntry, packTarGz, unpackTarGz } from './archive.js';
export { type LogCursor, type LogsCall, readNewLogText, TRAINING_LOG_GROUP } from './cloudwatch-logs.js';
export { awsErrorCode, fieldOfValidation, isAwsError, toContractError } from './errors.js';
export {
  type ChosenInstances,
  chooseInstances,
  DEFAULT_INSTANCE_TYPES,
  type InstanceTypeTable,
} from './instance-types.js';
export {
  pytorchImage,
  type SageMakerConnectorOptions,
  SageMakerConnectorOptionsSchema,
  type SageMakerCredentials,
  SageMakerCredentialsSchema,
} from './options.js';
export { connectorFactory, connectorRegistration } from './registration.js';
export { downloadToFile, type S3Location, s3Location, uploadFromFile } from './s3-files.js';
export { SageMakerConnector } from './sagemaker-connector.js';
export {
  type MappedTrainingState,
  mapTrainingState,
  type TrainingStateInput,
  trainingStatusesFor,
} from './states.js';
export {
  buildTrainingSpec,
  JOB_NAME_ENV,
  MAX_RUNTIME_SECONDS,
  type SageMakerCustomParams,
  SageMakerCustomParamsSchema,
  SUBMISSION_ENV,
  type TrainingDefaults,
  type TrainingSpec,
  trainingJobName,
} from './training-spec.js';
