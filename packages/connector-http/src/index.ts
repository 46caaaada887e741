export { PLATFORM_ERRORS } from './errors.js';
export { HttpConnector } from './http-connector.js';
export type { HttpConnectorOptions } from './options.js';
export { connectorFactory, connectorRegistration } from './registration.js';
export {
  type HttpCredentials,
  HttpCredentialsSchema,
  LogEventSchema,
  type PlatformJob,
  PlatformJobSchema,
  type Problem,
  ProblemSchema,
} from './schemas.js';
export { mapPlatformState, PLATFORM_STATE_TO_STATUS, platformStatesFor } from './state.js';
