// The contract's methods as the mock runs them: the arguments checked, the test controls applied around the
// call (call-pipeline.ts), then the in-memory platform acting (mock-platform.ts). MockConnector forwards to
// these.
import {
  assertJobId,
  assertLocalPath,
  type CallOptions,
  type DeployModelOptions,
  type FollowLogsOptions,
  followLogsStartOffset,
  type JobResult,
  type JobStatus,
  type JobSummary,
  type ListJobsOptions,
  type Logger,
  type ParsedSubmitJobRequest,
  parseListJobsOptions,
  parseRemotePath,
  parseSubmitJobRequest,
  type ResourceConfig,
  type ResourceUsage,
  type SubmitJobRequest,
} from '@neural/integrations-core';
import { assertNonEmptyString } from './argument-checks.js';
import type { MockCallPipeline } from './call-pipeline.js';
import { type JobDirectives, parseDirectives } from './directives.js';
import { checkDeployment } from './endpoints.js';
import type { MockArgs } from './mock-methods.js';
import type { MockPlatform } from './mock-platform.js';

/** What the methods act through and report to. */
export interface ContractMethodParts {
  readonly pipeline: MockCallPipeline;
  readonly platform: MockPlatform;
  /** Whether the platform accepts the connector's key now. */
  readonly keyAccepted: () => boolean;
  /** Records the outcome of `authenticate()` on the connector. */
  readonly setAuthenticated: (accepted: boolean) => void;
  /** The connector's logger of the moment. */
  readonly logger: () => Logger;
}

/** Every method of the contract, in memory, under the test controls. */
export class MockContractMethods {
  readonly #pipeline: MockCallPipeline;
  readonly #platform: MockPlatform;
  readonly #keyAccepted: () => boolean;
  readonly #setAuthenticated: (accepted: boolean) => void;
  readonly #logger: () => Logger;

  constructor(parts: ContractMethodParts) {
    this.#pipeline = parts.pipeline;
    this.#platform = parts.platform;
    this.#keyAccepted = parts.keyAccepted;
    this.#setAuthenticated = parts.setAuthenticated;
    this.#logger = parts.logger;
  }

  async authenticate(options: CallOptions): Promise<boolean> {
    return this.#pipeline.call(
      'authenticate',
      [options],
      options.signal,
      () => {},
      async () => {
        const accepted = this.#keyAccepted();
        this.#setAuthenticated(accepted);
        return accepted;
      },
    );
  }

  async submitJob(request: SubmitJobRequest): Promise<string> {
    let parsed: ParsedSubmitJobRequest | undefined;
    let directives: JobDirectives | undefined;
    return this.#pipeline.call(
      'submitJob',
      [request],
      request?.signal,
      () => {
        parsed = parseSubmitJobRequest(request);
        directives = parseDirectives(parsed.code);
      },
      async () => this.#platform.submit(parsed!, directives!),
    );
  }

  async getJobStatus(jobId: string, options: CallOptions): Promise<JobStatus> {
    return this.#pipeline.call(
      'getJobStatus',
      [jobId, options],
      options.signal,
      () => assertJobId(jobId),
      async () => this.#platform.status(jobId),
    );
  }

  async getJobResult(jobId: string, options: CallOptions): Promise<JobResult> {
    return this.#pipeline.call(
      'getJobResult',
      [jobId, options],
      options.signal,
      () => assertJobId(jobId),
      async () => this.#platform.result(jobId),
    );
  }

  async cancelJob(jobId: string, options: CallOptions): Promise<boolean> {
    return this.#pipeline.call(
      'cancelJob',
      [jobId, options],
      options.signal,
      () => assertJobId(jobId),
      async () => {
        const cancelled = this.#platform.endEarly(jobId, 'cancelled');
        if (cancelled) this.#logger().info('Job cancelled', { jobId });
        return cancelled;
      },
    );
  }

  async listJobs(options: ListJobsOptions): Promise<JobSummary[]> {
    let parsed: ReturnType<typeof parseListJobsOptions> | undefined;
    return this.#pipeline.call(
      'listJobs',
      [options],
      options?.signal,
      () => {
        parsed = parseListJobsOptions(options);
      },
      async () => this.#platform.list(parsed!),
    );
  }

  async getLogs(jobId: string, options: CallOptions): Promise<string> {
    return this.#pipeline.call(
      'getLogs',
      [jobId, options],
      options.signal,
      () => assertJobId(jobId),
      async () => this.#platform.logText(jobId),
    );
  }

  async deployModel(modelPath: string, endpointName: string, options: DeployModelOptions): Promise<string> {
    let resourceConfig: ResourceConfig | undefined;
    return this.#pipeline.call(
      'deployModel',
      [modelPath, endpointName, options],
      options.signal,
      () => {
        resourceConfig = checkDeployment(modelPath, endpointName, options);
      },
      async () => this.#platform.deploy(modelPath, endpointName, resourceConfig!),
    );
  }

  async deleteEndpoint(endpointName: string, options: CallOptions): Promise<boolean> {
    return this.#pipeline.call(
      'deleteEndpoint',
      [endpointName, options],
      options.signal,
      () => assertNonEmptyString(endpointName, 'endpointName'),
      async () => this.#platform.endpoints.delete(endpointName),
    );
  }

  async uploadFile(localPath: string, remotePath: string, options: CallOptions): Promise<boolean> {
    let key = '';
    return this.#pipeline.call(
      'uploadFile',
      [localPath, remotePath, options],
      options.signal,
      () => {
        assertLocalPath(localPath);
        key = parseRemotePath(remotePath);
      },
      async () => this.#platform.files.upload(localPath, key, options.signal),
    );
  }

  async downloadFile(remotePath: string, localPath: string, options: CallOptions): Promise<boolean> {
    let key = '';
    return this.#pipeline.call(
      'downloadFile',
      [remotePath, localPath, options],
      options.signal,
      () => {
        key = parseRemotePath(remotePath);
        assertLocalPath(localPath);
      },
      async () => this.#platform.files.download(key, localPath, options.signal),
    );
  }

  async getResourceUsage(options: CallOptions): Promise<ResourceUsage> {
    return this.#pipeline.call(
      'getResourceUsage',
      [options],
      options.signal,
      () => {},
      async () => this.#platform.usage(),
    );
  }

  async *followLogs(jobId: string, options: FollowLogsOptions): AsyncGenerator<string> {
    const args: MockArgs<'followLogs'> = [jobId, options];
    let fromOffset = 0;
    yield* this.#pipeline.callStream(
      args,
      options?.signal,
      () => {
        assertJobId(jobId);
        fromOffset = followLogsStartOffset(options);
      },
      () => this.#platform.followLog(jobId, fromOffset, options?.signal),
    );
  }
}
