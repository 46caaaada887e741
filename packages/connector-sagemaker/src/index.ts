/**
 * `SageMakerConnector`: ML jobs as Amazon SageMaker training jobs, through the official AWS SDK clients. The
 * fake SageMaker, CloudWatch Logs and S3 for tests is the `@neural/connector-sagemaker/fake` subpath.
 *
 * @packageDocumentation
 */
export { type ArchiveEntry, packTarGz, unpackTarGz } from './archive.js';
