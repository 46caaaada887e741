export {
  DEFAULT_LOCAL_ROOT,
  LocalConnector,
  type LocalConnectorOptions,
  SAFE_ENVIRONMENT,
} from './connector.js';
export {
  LOCAL_JOB_STATES,
  type LocalJobRecord,
  LocalJobRecordSchema,
  type LocalJobState,
  METRIC_MARKER,
  parseMetricLine,
} from './record.js';
export { connectorFactory, connectorRegistration } from './registration.js';
export { describeFailure, toJobStatus } from './status.js';
