/**
 * `KubernetesConnector`: ML jobs as Kubernetes `batch/v1` Jobs, through the official client. The fake
 * Kubernetes API for tests is the `@neural/connector-kubernetes/fake` subpath.
 *
 * @packageDocumentation
 */
export { type KubernetesCredentials, KubernetesCredentialsSchema } from './credentials.js';
export { type Permission, toContractError } from './errors.js';
export {
  CODE_MOUNT_PATH,
  CONTAINER_NAME,
  IDEMPOTENCY_LABEL,
  JOB_NAME_LABEL,
  type JobDefaults,
  jobResourceName,
  KUEUE_QUEUE_LABEL,
  KubernetesCustomParamsSchema,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  RECORD_LABEL,
  SUBMISSION_ANNOTATION,
  SUBMITTED_AT_ANNOTATION,
} from './job-spec.js';
export { KubernetesConnector, type KubernetesConnectorOptions } from './kubernetes-connector.js';
export { coresToQuantity, gibToQuantity, parseQuantity } from './quantity.js';
export { connectorFactory, connectorRegistration } from './registration.js';
export { type MappedJobState, mapJobState } from './states.js';
