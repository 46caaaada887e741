/**
 * `SageMakerConnector`: ML jobs as Amazon SageMaker training jobs, through the official AWS SDK clients. The
 * fake SageMaker, CloudWatch Logs and S3 for tests is the `@neural/connector-sagemaker/fake` subpath.
 *
 * @packageDocumentation
 */
export { DEFAULT_INSTANCE_TYPES, type InstanceTypeTable } from './instance-types.js';
export type { SageMakerConnectorOptions, SageMakerCredentials } from './options.js';
export { connectorFactory, connectorRegistration } from './registration.js';
export { SageMakerConnector } from './sagemaker-connector.js';
export { type SageMakerCustomParams, SageMakerCustomParamsSchema } from './training-spec.js';
