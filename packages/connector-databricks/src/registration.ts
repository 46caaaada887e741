import type { ConnectorFactory, ConnectorRegistration } from '@neural/integrations-core';
import type { DatabricksCredentials } from './credentials.js';
import { DatabricksConnector } from './databricks-connector.js';
import type { DatabricksConnectorOptions } from './options.js';

/**
 * Makes a {@link DatabricksConnector} from plain credentials (`{ endpoint, token }` or
 * `{ endpoint, clientId, clientSecret }`) and options, for the connector registry:
 * `registerConnector('databricks', connectorFactory)`. The constructor validates both.
 */
export const connectorFactory: ConnectorFactory = (credentials, options) =>
  new DatabricksConnector(credentials as DatabricksCredentials, options as DatabricksConnectorOptions);

/** The kind (`databricks`) and factory this package is registered under. */
export const connectorRegistration: ConnectorRegistration = Object.freeze({
  kind: 'databricks',
  factory: connectorFactory,
});
