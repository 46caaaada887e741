/** __PACKAGE_NAME__: a Neural connector for __PLATFORM__, a scheduler driven through its commands. */

export {
  __CLASS__CommandsSchema,
  __CLASS__Connector,
  type __CLASS__ConnectorOptions,
  type __CLASS__Credentials,
  __CLASS__CredentialsSchema,
} from './__PLATFORM__-connector.js';
export { CommandFailedError, runCommand } from './commands.js';
export { mapSchedulerState, SCHEDULER_STATE_TO_STATUS } from './platform.js';
