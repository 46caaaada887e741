/**
 * `KubernetesConnector`: ML jobs as Kubernetes `batch/v1` Jobs, through the official client. The fake
 * Kubernetes API for tests is the `@neural/connector-kubernetes/fake` subpath.
 *
 * @packageDocumentation
 */
export { type KubernetesCredentials, KubernetesCredentialsSchema } from './credentials.js';
export {
  IDEMPOTENCY_LABEL,
  JOB_NAME_LABEL,
  KubernetesCustomParamsSchema,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  RECORD_LABEL,
} from './job-spec.js';
export { KubernetesConnector } from './kubernetes-connector.js';
export type { KubernetesConnectorOptions } from './options.js';
export { connectorFactory, connectorRegistration } from './registration.js';
