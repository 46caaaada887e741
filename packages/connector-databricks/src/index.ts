/**
 * `@neural/connector-databricks`: {@link DatabricksConnector}, its credentials and options, and its
 * registration. The fake workspace is the `./fake` subpath.
 *
 * @packageDocumentation
 */
export {
  type DatabricksCustomParams,
  DatabricksCustomParamsSchema,
  DEFAULT_NODE_TYPES,
  type NodeTypeTable,
} from './cluster.js';
export {
  type DatabricksCloud,
  type DatabricksCredentials,
  DatabricksCredentialsSchema,
} from './credentials.js';
export { DatabricksConnector } from './databricks-connector.js';
export type { DatabricksConnectorOptions } from './options.js';
export { connectorFactory, connectorRegistration } from './registration.js';
