import type { ConnectorFactory, ConnectorRegistration } from '@neural/integrations-core';
import { HttpConnector, type HttpConnectorOptions } from './http-connector.js';
import type { HttpCredentials } from './schemas.js';

/**
 * Makes an {@link HttpConnector} from plain credentials (`{ apiKey, endpoint }`) and options, for the connector
 * registry: `registerConnector('http', connectorFactory)`. The constructor validates both.
 */
export const connectorFactory: ConnectorFactory = (credentials, options) =>
  new HttpConnector(credentials as HttpCredentials, options as HttpConnectorOptions);

/** The kind (`http`) and factory this package is registered under. */
export const connectorRegistration: ConnectorRegistration = Object.freeze({
  kind: 'http',
  factory: connectorFactory,
});
