/** __PACKAGE_NAME__: a Neural connector for __PLATFORM__. */
export { __CLASS__Connector, type __CLASS__ConnectorOptions } from './__PLATFORM__-connector.js';
export {
  type __CLASS__Credentials,
  __CLASS__CredentialsSchema,
  mapPlatformState,
  PLATFORM_ERRORS,
  PLATFORM_STATE_TO_STATUS,
} from './platform.js';
