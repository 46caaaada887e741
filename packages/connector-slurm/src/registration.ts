import type { ConnectorFactory, ConnectorRegistration } from '@neural/integrations-core';
import type { SlurmCredentials } from './credentials.js';
import type { SlurmConnectorOptions } from './options.js';
import { SlurmConnector } from './slurm-connector.js';

/**
 * Makes a {@link SlurmConnector} from plain credentials (`{ endpoint, user, token }`) and options, for the connector
 * registry: `registerConnector('slurm', connectorFactory)`. The constructor validates both.
 */
export const connectorFactory: ConnectorFactory = (credentials, options) =>
  new SlurmConnector(credentials as unknown as SlurmCredentials, options as SlurmConnectorOptions);

/** The kind (`slurm`) and factory this package is registered under. */
export const connectorRegistration: ConnectorRegistration = Object.freeze({
  kind: 'slurm',
  factory: connectorFactory,
});
