export {
  type DatabricksError,
  DatabricksErrorSchema,
  type Run,
  RunSchema,
} from './api.js';
export {
  type DatabricksCustomParams,
  DatabricksCustomParamsSchema,
  DEFAULT_GPU_SPARK_VERSION,
  DEFAULT_NODE_TYPES,
  DEFAULT_SPARK_VERSION,
  type NodeTypeTable,
} from './cluster.js';
export {
  cloudOfHost,
  type DatabricksCloud,
  type DatabricksCredentials,
  DatabricksCredentialsSchema,
} from './credentials.js';
export { DatabricksConnector } from './databricks-connector.js';
export { DATABRICKS_ERRORS, databricksErrorTable, fieldIssues } from './errors.js';
export { type DatabricksConnectorOptions, DatabricksConnectorOptionsSchema } from './options.js';
export { connectorFactory, connectorRegistration } from './registration.js';
export { codePath, DEFAULT_WORKSPACE_DIR, idempotencyToken, keyFromCodePath } from './run-spec.js';
export {
  isTerminalLifeCycleState,
  LIFE_CYCLE_STATE_TO_STATUS,
  mapRunState,
  RESULT_STATE_TO_STATUS,
  rawRunState,
  runStates,
} from './states.js';
