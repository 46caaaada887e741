import {
  BaseConnector,
  type CallOptions,
  type CloudException,
  type DeployModelOptions,
  type FollowLogsOptions,
  type JobResult,
  type JobStatus,
  type JobSummary,
  type ListJobsOptions,
  type ResourceUsage,
  type SubmitJobRequest,
} from '@neural/integrations-core';
import { apiKeyAccepted, type MockCredentials } from './api-keys.js';
import { MockCallPipeline } from './call-pipeline.js';
import { MockCallRecord, type MockCalls } from './call-record.js';
import { MockContractMethods } from './contract-methods.js';
import type { MockEndpoint } from './endpoints.js';
import { type InjectedFailureTiming, MockFailureInjection } from './failure-injection.js';
import type { MockMethod } from './mock-methods.js';
import { MockPlatform } from './mock-platform.js';
import { type MockConnectorOptions, resolveMockSettings } from './options.js';
import { type MockOverride, MockOverrideTable } from './overrides.js';

/**
 * An in-memory connector for application tests: a real implementation of the whole contract (every required
 * and optional method) with a deterministic job lifecycle on an injectable clock, per-method overrides, every
 * call recorded, and failure injection.
 *
 * A job stays PENDING for `queueMs`, RUNNING for `durationMs`, then SUCCEEDED, unless its code asks otherwise
 * with the fake platform's `# @fake` directives (`duration=`, `queue=`, `fail=`, `output=`, `metrics=`,
 * `artifacts=`, `log=`, `forever`).
 *
 * @example
 * ```ts
 * const clock = createManualClock();
 * const connector = new MockConnector({ clock, durationMs: 5_000 });
 * const jobId = await connector.submitJob({ code: 'print("hi")' });
 * const done = waitForCompletion(connector, jobId, { clock, pollIntervalMs: 1_000 });
 * await clock.advance(10_000);
 * (await done).output; // 'hi'
 * ```
 */
export class MockConnector extends BaseConnector<MockCredentials> {
  readonly #calls = new MockCallRecord();
  readonly #overrides = new MockOverrideTable();
  readonly #injections = new MockFailureInjection();
  readonly #platform: MockPlatform;
  readonly #contract: MockContractMethods;

  /**
   * @param options - see {@link MockConnectorOptions}; validated here.
   * @throws InvalidParameterError naming every bad option.
   */
  constructor(options: MockConnectorOptions = {}) {
    const settings = resolveMockSettings(options);
    super(settings.credentials, { logger: options.logger });
    this.declaredCapabilities = { idempotency: true };
    this.redactor.add(settings.acceptApiKey).add(settings.invalidApiKey);
    const keyAccepted = () => apiKeyAccepted(this.credentials.apiKey, settings);
    this.#platform = new MockPlatform(settings, () => this.logger);
    this.#contract = new MockContractMethods({
      pipeline: new MockCallPipeline({
        clock: settings.clock,
        calls: this.#calls,
        injections: this.#injections,
        overrides: this.#overrides,
        keyAccepted,
      }),
      platform: this.#platform,
      keyAccepted,
      setAuthenticated: (accepted) => {
        this.authenticated = accepted;
      },
      logger: () => this.logger,
    });
    for (const [method, override] of Object.entries(options.overrides ?? {})) {
      if (override !== undefined) this.override(method as MockMethod, override as MockOverride<MockMethod>);
    }
  }

  /** Every call made so far, per method, oldest first (`connector.calls.getJobStatus[0].args`). */
  get calls(): MockCalls {
    return this.#calls.snapshot();
  }

  /** Forgets the recorded calls (jobs, files and endpoints stay). */
  resetCalls(): void {
    this.#calls.reset();
  }

  /** Sets (or replaces) the override of one method; see {@link MockOverride}. */
  override<M extends MockMethod>(method: M, override: MockOverride<M>): this {
    this.#overrides.set(method, override);
    return this;
  }

  /** Removes a method's override: it goes back to its in-memory behaviour. */
  clearOverride(method: MockMethod): this {
    this.#overrides.clear(method);
    return this;
  }

  /**
   * Makes the next `n` calls of `method` fail with `error` (default: a retryable `CloudConnectionError`, a
   * fresh one per call). With `when: 'after'` the call acts first and then fails, as when a platform stored a
   * job but its response never arrived.
   */
  failNext(
    method: MockMethod,
    n = 1,
    error?: CloudException | (() => CloudException),
    options: { when?: InjectedFailureTiming } = {},
  ): this {
    this.#injections.failNext(method, n, error, options);
    return this;
  }

  /**
   * Makes calls of `method` hang until their `signal` aborts (they then reject with `OperationAbortedError`)
   * or until {@link resume} is called. A call without a signal hangs until resumed. `times` limits how many
   * calls hang (default: every one until resumed).
   */
  hang(method: MockMethod, options: { times?: number } = {}): this {
    this.#injections.hang(method, options);
    return this;
  }

  /** Stops `method` hanging: calls hanging now go on as normal, later ones do not hang. */
  resume(method: MockMethod): this {
    this.#injections.resume(method);
    return this;
  }

  /**
   * Fails a pending or running job now, with `message` as its error. Returns `false` (and changes nothing)
   * when the job had already finished.
   *
   * @throws JobNotFoundError for an unknown id.
   */
  failJob(jobId: string, message = 'Job failed (MockConnector.failJob)'): boolean {
    return this.#platform.endEarly(jobId, 'failed', message);
  }

  /**
   * Breaks every `followLogs` stream open on `jobId`: each throws `error` (default: a `CloudConnectionError`
   * saying the stream broke) at once, before the job has ended. Streams opened later are not affected.
   */
  breakLogStreams(jobId: string, error?: CloudException): void {
    this.#platform.breakLogStreams(jobId, error);
  }

  /** A copy of the bytes stored at `remotePath`, or `undefined`. */
  getStoredFile(remotePath: string): Uint8Array | undefined {
    return this.#platform.files.get(remotePath);
  }

  /** Stores bytes at `remotePath` directly (to seed files a test will download). */
  putStoredFile(remotePath: string, bytes: Uint8Array | string): void {
    this.#platform.files.put(remotePath, bytes);
  }

  /** The endpoint deployed under `name`, or `undefined`. */
  getEndpoint(name: string): MockEndpoint | undefined {
    return this.#platform.endpoints.get(name);
  }

  /** `true` when the key is accepted (see `acceptApiKey` / `invalidApiKey`), `false` when refused. */
  async authenticate(options: CallOptions = {}): Promise<boolean> {
    return this.#contract.authenticate(options);
  }

  /** Stores a job and returns its id; the same `idempotencyKey` returns the same job, never a second one. */
  async submitJob(request: SubmitJobRequest): Promise<string> {
    return this.#contract.submitJob(request);
  }

  /** The job's status now, on the connector's clock. */
  async getJobStatus(jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    return this.#contract.getJobStatus(jobId, options);
  }

  /** The job's result so far: output, metrics and artifacts once its run completed; an error when it failed. */
  async getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResult> {
    return this.#contract.getJobResult(jobId, options);
  }

  /** Cancels a pending or running job (`true`); a finished one is left unchanged (`false`). */
  async cancelJob(jobId: string, options: CallOptions = {}): Promise<boolean> {
    return this.#contract.cancelJob(jobId, options);
  }

  /**
   * Jobs newest first, at most `limit` (default 10), only those in `statusFilter` when given; each with the
   * idempotency key it was submitted with, so `reconcile` can find it.
   */
  async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    return this.#contract.listJobs(options);
  }

  /** The job's log so far: its lifecycle, its `# @fake log=` lines, and its output once the run completed. */
  async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    return this.#contract.getLogs(jobId, options);
  }

  /** Deploys `modelPath` as the endpoint `endpointName` and returns its URL; an existing name is refused. */
  override async deployModel(
    modelPath: string,
    endpointName: string,
    options: DeployModelOptions = {},
  ): Promise<string> {
    return this.#contract.deployModel(modelPath, endpointName, options);
  }

  /** Deletes an endpoint: `true` when it existed, `false` when there was none. */
  override async deleteEndpoint(endpointName: string, options: CallOptions = {}): Promise<boolean> {
    return this.#contract.deleteEndpoint(endpointName, options);
  }

  /** Reads `localPath` and stores its bytes, exactly, at `remotePath`. */
  override async uploadFile(
    localPath: string,
    remotePath: string,
    options: CallOptions = {},
  ): Promise<boolean> {
    return this.#contract.uploadFile(localPath, remotePath, options);
  }

  /**
   * Writes the bytes stored at `remotePath` to `localPath` (creating its folder), through a temporary file
   * renamed into place, so a failed download leaves no partial file.
   *
   * @throws CloudExecutionError with code `FILE_NOT_FOUND` when nothing is stored there.
   */
  override async downloadFile(
    remotePath: string,
    localPath: string,
    options: CallOptions = {},
  ): Promise<boolean> {
    return this.#contract.downloadFile(remotePath, localPath, options);
  }

  /** GPUs, CPUs and memory in use by running jobs against the configured capacity, and job counts. */
  override async getResourceUsage(options: CallOptions = {}): Promise<ResourceUsage> {
    return this.#contract.getResourceUsage(options);
  }

  /**
   * Streams the job's log as it is written (from `fromOffset`), ending once the job is terminal and every line
   * has been yielded. Waits on the connector's clock; throws `OperationAbortedError` when the signal aborts and
   * the injected error when {@link breakLogStreams} breaks it.
   */
  override async *followLogs(jobId: string, options: FollowLogsOptions = {}): AsyncIterable<string> {
    yield* this.#contract.followLogs(jobId, options);
  }
}
