import {
  BaseConnector,
  type CallOptions,
  type JobResult,
  type JobStatus,
  type JobSummary,
  type ListJobsOptions,
  type SubmitJobRequest,
} from '@neural/integrations-core';
import {
  type InMemoryPlatform,
  ReferenceConnector,
  type ReferenceCredentials,
} from './reference-connector.js';

/**
 * A correct connector with only the seven required methods: every optional method is BaseConnector's default,
 * which throws NotSupportedError, and idempotency is not claimed.
 */
export class RequiredOnlyConnector extends BaseConnector<ReferenceCredentials> {
  readonly #inner: ReferenceConnector;
  constructor(credentials: ReferenceCredentials, platform: InMemoryPlatform) {
    super(credentials);
    this.#inner = new ReferenceConnector(credentials, platform);
  }
  authenticate(options?: CallOptions): Promise<boolean> {
    return this.#inner.authenticate(options);
  }
  submitJob(request: SubmitJobRequest): Promise<string> {
    return this.#inner.submitJob(request);
  }
  getJobStatus(jobId: string, options?: CallOptions): Promise<JobStatus> {
    return this.#inner.getJobStatus(jobId, options);
  }
  getJobResult(jobId: string, options?: CallOptions): Promise<JobResult> {
    return this.#inner.getJobResult(jobId, options);
  }
  cancelJob(jobId: string, options?: CallOptions): Promise<boolean> {
    return this.#inner.cancelJob(jobId, options);
  }
  listJobs(options?: ListJobsOptions): Promise<JobSummary[]> {
    return this.#inner.listJobs(options);
  }
  getLogs(jobId: string, options?: CallOptions): Promise<string> {
    return this.#inner.getLogs(jobId, options);
  }
}
