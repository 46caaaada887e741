import type { JobResult, JobSummary } from '../job-result.js';
import type { JobStatus } from '../job-status.js';
import type { StatusChange, WaitForStatusChangeOptions } from '../status-change.js';
import type { CallOptions } from './call-options.js';
import type { ConnectorCapabilities, OptionalMethod } from './capabilities.js';
import type { DeployModelOptions, FollowLogsOptions, ListJobsOptions, SubmitJobRequest } from './requests.js';

/**
 * Resource usage as the platform reports it. Connectors use the seed's keys where they apply
 * (`totalGpus`, `usedGpus`, `availableGpus`, `totalCpus`, `usedCpus`, `memoryGb`, `runningJobs`) and may add
 * their own.
 */
export type ResourceUsage = Readonly<Record<string, number | string | boolean | null>>;

/**
 * The contract, as an interface: what every helper and the conformance suite accept. `BaseConnector`
 * implements it; a connector that does not subclass (or loaded its own copy of this package) can too.
 */
export interface Connector {
  /** Which optional methods work. */
  readonly capabilities: ConnectorCapabilities;
  /** Checks the credentials with the platform: `true` when accepted, `false` when refused. */
  authenticate(options?: CallOptions): Promise<boolean>;
  /** Submits a job and returns its id. */
  submitJob(request: SubmitJobRequest): Promise<string>;
  /** The job's current status. Throws `JobNotFoundError` for an unknown id. */
  getJobStatus(jobId: string, options?: CallOptions): Promise<JobStatus>;
  /** The job's result so far (final once the status is terminal). */
  getJobResult(jobId: string, options?: CallOptions): Promise<JobResult>;
  /** Cancels a pending or running job: `true` when it was stopped, `false` when it had already finished. */
  cancelJob(jobId: string, options?: CallOptions): Promise<boolean>;
  /** Recent jobs, newest first. */
  listJobs(options?: ListJobsOptions): Promise<JobSummary[]>;
  /** The job's logs so far. */
  getLogs(jobId: string, options?: CallOptions): Promise<string>;
  /** Deploys a model as an endpoint; returns the endpoint's URL. */
  deployModel?(modelPath: string, endpointName: string, options?: DeployModelOptions): Promise<string>;
  /** Deletes an endpoint: `true` when it existed. */
  deleteEndpoint?(endpointName: string, options?: CallOptions): Promise<boolean>;
  /** Uploads a local file to the platform. */
  uploadFile?(localPath: string, remotePath: string, options?: CallOptions): Promise<boolean>;
  /** Downloads a platform file to a local path. */
  downloadFile?(remotePath: string, localPath: string, options?: CallOptions): Promise<boolean>;
  /** The platform's resource usage. */
  getResourceUsage?(options?: CallOptions): Promise<ResourceUsage>;
  /** Streams the job's logs as they are written; ends when the job ends, throws if the stream breaks first. */
  followLogs?(jobId: string, options?: FollowLogsOptions): AsyncIterable<string>;
  /**
   * Resolves as soon as the job's status differs from `options.since` (`changed: true`), or once
   * `options.timeoutMs` has passed without a change (`changed: false`, the status still `since`). Never reports
   * the status it was given as a change. Throws `JobNotFoundError` for an unknown id.
   */
  waitForStatusChange?(jobId: string, options: WaitForStatusChangeOptions): Promise<StatusChange>;
}

/**
 * The capabilities of any connector: its own `capabilities` when it declares them, otherwise derived from
 * which optional methods it has.
 */
export function getCapabilities(
  connector: Connector | Omit<Connector, 'capabilities'>,
): ConnectorCapabilities {
  const declared = (connector as Partial<Connector>).capabilities;
  if (declared) return declared;
  const has = (name: OptionalMethod) => typeof (connector as Record<string, unknown>)[name] === 'function';
  return Object.freeze({
    deployModel: has('deployModel'),
    deleteEndpoint: has('deleteEndpoint'),
    uploadFile: has('uploadFile'),
    downloadFile: has('downloadFile'),
    getResourceUsage: has('getResourceUsage'),
    followLogs: has('followLogs'),
    idempotency: false,
    waitForStatusChange: has('waitForStatusChange'),
  });
}

/** Whether a connector promises that a retried submit with the same key makes no second job. */
export function supportsIdempotentSubmit(connector: Connector): boolean {
  return getCapabilities(connector).idempotency;
}
