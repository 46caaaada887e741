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

/** The seven methods every connector implements, by name. */
export const REQUIRED_METHODS = [
  'authenticate',
  'submitJob',
  'getJobStatus',
  'getJobResult',
  'cancelJob',
  'listJobs',
  'getLogs',
] as const;

/** The name of one required method. */
export type RequiredMethod = (typeof REQUIRED_METHODS)[number];

/** Every method of the contract, required then optional: what wrappers (error scrubbing, tracing) cover. */
export const CONTRACT_METHODS = [...REQUIRED_METHODS, ...OPTIONAL_METHODS] as const;

/** The name of one method of the contract. */
export type ContractMethod = (typeof CONTRACT_METHODS)[number];
