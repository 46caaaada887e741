import {
  type ConnectorFactory,
  type ConnectorRegistration,
  InvalidParameterError,
} from '@neural/integrations-core';
import { LocalConnector } from './local-connector.js';
import type { LocalConnectorOptions } from './options.js';

/**
 * Makes a {@link LocalConnector} from options, for the connector registry:
 * `registerConnector('local', connectorFactory)`. Local jobs need no credentials, so any given are refused
 * rather than silently ignored.
 */
export const connectorFactory: ConnectorFactory = (credentials, options) => {
  const keys = Object.keys(credentials);
  if (keys.length > 0) {
    throw InvalidParameterError.fromIssues(
      'local connector credentials',
      keys.map((key) => ({ field: `credentials.${key}`, rule: 'the local connector takes no credentials' })),
    );
  }
  return new LocalConnector(options as LocalConnectorOptions);
};

/** The kind (`local`) and factory this package is registered under. */
export const connectorRegistration: ConnectorRegistration = Object.freeze({
  kind: 'local',
  factory: connectorFactory,
});
