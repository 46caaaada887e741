/** Which optional parts of the contract a connector supports. */
export interface ConnectorCapabilities {
  /** `deployModel()` works. */
  readonly deployModel: boolean;
  /** `deleteEndpoint()` works. */
  readonly deleteEndpoint: boolean;
  /** `uploadFile()` works. */
  readonly uploadFile: boolean;
  /** `downloadFile()` works. */
  readonly downloadFile: boolean;
  /** `getResourceUsage()` works. */
  readonly getResourceUsage: boolean;
  /** `followLogs()` streams logs until the job ends. */
  readonly followLogs: boolean;
  /** `submitJob()` honours `idempotencyKey`: the same key never makes a second job. */
  readonly idempotency: boolean;
  /** `waitForStatusChange()` waits for a status change on the platform's side (a long-poll, a watch). */
  readonly waitForStatusChange: boolean;
}

/** The optional methods of the contract, by name. */
export const OPTIONAL_METHODS = [
  'deployModel',
  'deleteEndpoint',
  'uploadFile',
  'downloadFile',
  'getResourceUsage',
  'followLogs',
  'waitForStatusChange',
] as const;

/** The name of one optional method. */
export type OptionalMethod = (typeof OPTIONAL_METHODS)[number];
