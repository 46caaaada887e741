import type { ConnectorFactory, ConnectorRegistration } from '@neural/integrations-core';
import type { MockCredentials } from './api-keys.js';
import { MockConnector } from './mock-connector.js';
import type { MockConnectorOptions } from './options.js';

/**
 * Makes a {@link MockConnector} from plain credentials (`{ apiKey }`) and options, for the connector registry:
 * `registerConnector('mock', connectorFactory)`. The constructor validates both.
 */
export const connectorFactory: ConnectorFactory = (credentials, options) =>
  new MockConnector({ ...(options as MockConnectorOptions), credentials: credentials as MockCredentials });

/** The kind (`mock`) and factory this package is registered under. */
export const connectorRegistration: ConnectorRegistration = Object.freeze({
  kind: 'mock',
  factory: connectorFactory,
});
