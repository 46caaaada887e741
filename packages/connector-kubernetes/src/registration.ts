import type { ConnectorFactory, ConnectorRegistration } from '@neural/integrations-core';
import type { KubernetesCredentials } from './credentials.js';
import { KubernetesConnector, type KubernetesConnectorOptions } from './kubernetes-connector.js';

/**
 * Makes a {@link KubernetesConnector} from plain credentials (`{ kubeconfigPath }`, `{ kubeconfig }`,
 * `{ inCluster: true }`, `{ endpoint, token }` or `{}`) and options, for the connector registry:
 * `registerConnector('kubernetes', connectorFactory)`. The constructor validates both.
 */
export const connectorFactory: ConnectorFactory = (credentials, options) =>
  new KubernetesConnector(credentials as KubernetesCredentials, options as KubernetesConnectorOptions);

/** The kind (`kubernetes`) and factory this package is registered under. */
export const connectorRegistration: ConnectorRegistration = Object.freeze({
  kind: 'kubernetes',
  factory: connectorFactory,
});
