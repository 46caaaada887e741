// The methods a MockConnector records, overrides and injects failures into, with their arguments and results:
// the keys every test control is indexed by.
import type {
  CallOptions,
  ContractMethod,
  DeployModelOptions,
  FollowLogsOptions,
  JobResult,
  JobStatus,
  JobSummary,
  ListJobsOptions,
  ResourceUsage,
  SubmitJobRequest,
} from '@neural/integrations-core';
import { CONTRACT_METHODS, InvalidParameterError } from '@neural/integrations-core';

/**
 * Every method of the contract a {@link MockConnector} implements, with its arguments and resolved result. A
 * contract method missing here fails to compile ({@link MockArgs} indexes this by every {@link MockMethod}).
 */
export interface MockMethodSignatures {
  /** `authenticate(options?)`. */
  authenticate: { args: [options?: CallOptions]; result: boolean };
  /** `submitJob(request)`. */
  submitJob: { args: [request: SubmitJobRequest]; result: string };
  /** `getJobStatus(jobId, options?)`. */
  getJobStatus: { args: [jobId: string, options?: CallOptions]; result: JobStatus };
  /** `getJobResult(jobId, options?)`. */
  getJobResult: { args: [jobId: string, options?: CallOptions]; result: JobResult };
  /** `cancelJob(jobId, options?)`. */
  cancelJob: { args: [jobId: string, options?: CallOptions]; result: boolean };
  /** `listJobs(options?)`. */
  listJobs: { args: [options?: ListJobsOptions]; result: JobSummary[] };
  /** `getLogs(jobId, options?)`. */
  getLogs: { args: [jobId: string, options?: CallOptions]; result: string };
  /** `deployModel(modelPath, endpointName, options?)`. */
  deployModel: {
    args: [modelPath: string, endpointName: string, options?: DeployModelOptions];
    result: string;
  };
  /** `deleteEndpoint(endpointName, options?)`. */
  deleteEndpoint: { args: [endpointName: string, options?: CallOptions]; result: boolean };
  /** `uploadFile(localPath, remotePath, options?)`. */
  uploadFile: { args: [localPath: string, remotePath: string, options?: CallOptions]; result: boolean };
  /** `downloadFile(remotePath, localPath, options?)`. */
  downloadFile: { args: [remotePath: string, localPath: string, options?: CallOptions]; result: boolean };
  /** `getResourceUsage(options?)`. */
  getResourceUsage: { args: [options?: CallOptions]; result: ResourceUsage };
  /** `followLogs(jobId, options?)`: the result is every chunk the stream yielded. */
  followLogs: { args: [jobId: string, options?: FollowLogsOptions]; result: string[] };
}

/**
 * The name of a method a {@link MockConnector} records, overrides and injects failures into: every method of
 * the contract (core's `ContractMethod`) but `waitForStatusChange`, which the mock does not implement: core's
 * capped polling of `getJobStatus` (recorded) stands in for it.
 */
export type MockMethod = Exclude<ContractMethod, 'waitForStatusChange'>;

/** The arguments of a {@link MockMethod}, as a tuple. */
export type MockArgs<M extends MockMethod> = MockMethodSignatures[M]['args'];

/** What a {@link MockMethod} resolves to (for `followLogs`, the chunks it yields). */
export type MockResult<M extends MockMethod> = MockMethodSignatures[M]['result'];

/** Every method name, in contract order: core's `CONTRACT_METHODS` less the one the mock does not implement. */
export const MOCK_METHODS: readonly MockMethod[] = Object.freeze(
  CONTRACT_METHODS.filter((method): method is MockMethod => method !== 'waitForStatusChange'),
);

/** Methods whose result is itself an array: for them a list of values is an array of arrays. */
export const ARRAY_RESULT_METHODS: ReadonlySet<MockMethod> = new Set(['listJobs', 'followLogs']);

/** A test control's `method` argument, checked: a name of {@link MOCK_METHODS}. */
export function assertMethod(method: unknown): asserts method is MockMethod {
  if (!(MOCK_METHODS as readonly unknown[]).includes(method)) {
    throw InvalidParameterError.forField('method', `must be one of ${MOCK_METHODS.join(', ')}`);
  }
}
