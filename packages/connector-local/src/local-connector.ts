import {
  BaseConnector,
  type CallOptions,
  type FollowLogsOptions,
  type JobResult,
  JobStatus,
  type JobSummary,
  type ListJobsOptions,
  type ResourceUsage,
  type StatusChange,
  type SubmitJobRequest,
  throwIfAborted,
  type WaitForStatusChangeOptions,
} from '@neural/integrations-core';
import { cancelLocalJob } from './cancel.js';
import { FilesArea } from './files-area.js';
import { IdempotencyKeys } from './idempotency.js';
import { LocalJobStore } from './job-store.js';
import { listLocalJobs } from './listing.js';
import { followLocalLog, readLocalLog } from './logs.js';
import { type LocalConnectorOptions, resolveLocalSettings } from './options.js';
import { interpreterFound, rootWritable } from './readiness.js';
import { readJobResult } from './result.js';
import { mapLocalState } from './states.js';
import { submitLocalJob } from './submit.js';
import { machineUsage } from './usage.js';
import { waitForLocalStatusChange } from './wait.js';

/**
 * Runs jobs as processes on this machine: the default connector, and the one to start with.
 *
 * Each job's code is written to a file in its own folder under `root` and run by the interpreter (`python3`
 * by default) under a small detached supervisor, so the job survives the process that submitted it. The
 * record (`job.json`), logs and artifacts stay on disk: `listJobs`, `getJobResult` and `getLogs` work from any
 * later process, and a job whose supervisor died is reported FAILED (raw state `LOST`), never RUNNING forever.
 *
 * Metrics: a stdout line `NEURAL_METRIC {"loss": 0.12}` (the marker, a space, a JSON object) is merged into
 * `JobResult.metrics`; later values win. Artifacts: every file under the job's `artifacts/` folder (its working
 * folder's `artifacts`, also in `$NEURAL_ARTIFACTS_DIR`), as absolute paths.
 *
 * @example
 * ```ts
 * const connector = new LocalConnector();
 * const jobId = await connector.submitJob({ code: 'print("hello")' });
 * const result = await waitForCompletion(connector, jobId, { pollIntervalMs: 100 });
 * console.log(result.output); // "hello\n"
 * ```
 */
export class LocalConnector extends BaseConnector<Record<string, never>> {
  /** The absolute folder holding this connector's jobs, files and idempotency keys. */
  readonly root: string;
  /** The interpreter command a job's code file is appended to. */
  readonly interpreter: readonly string[];
  readonly #jobs: LocalJobStore;
  readonly #keys: IdempotencyKeys;
  readonly #files: FilesArea;

  /**
   * @param options - see {@link LocalConnectorOptions}; validated here.
   * @throws InvalidParameterError naming every bad option.
   */
  constructor(options: LocalConnectorOptions = {}) {
    const settings = resolveLocalSettings(options);
    super({}, { logger: options.logger });
    this.declaredCapabilities = { idempotency: true };
    this.root = settings.root;
    this.interpreter = settings.interpreter;
    this.#jobs = new LocalJobStore(settings, () => this.logger);
    this.#keys = new IdempotencyKeys(this.#jobs);
    this.#files = new FilesArea(this.#jobs.filesFolder);
  }

  /** The folder of one job (its record, code, logs and working folder). */
  jobFolder(jobId: string): string {
    return this.#jobs.jobFolder(jobId);
  }

  /** The folder `uploadFile` copies into and `downloadFile` copies out of; jobs see it as `$NEURAL_FILES_DIR`. */
  get filesFolder(): string {
    return this.#jobs.filesFolder;
  }

  /**
   * No credentials are needed: checks instead that the interpreter can be found and `root` is writable.
   * Returns `false` (never throws) when either is not so.
   */
  async authenticate(options: CallOptions = {}): Promise<boolean> {
    throwIfAborted(options.signal);
    const ok = (await interpreterFound(this.interpreter)) && (await rootWritable(this.root));
    this.authenticated = ok;
    return ok;
  }

  /**
   * Starts a job and returns its id once its record is on disk and its supervisor is running.
   *
   * Local resource mapping: `maxRuntimeHours` is enforced (FAILED, raw state `TIMEOUT`); `cpuCount` and
   * `memoryGb` are checked against this machine (more than it has is refused) but not reserved; GPUs,
   * `instanceType`, `diskSizeGb`, `autoShutdown` and `customParams` are recorded and otherwise ignored.
   * `dependencies` are refused: the job runs with the interpreter's installed packages.
   *
   * @throws InvalidParameterError for a bad request, before anything is written.
   */
  async submitJob(request: SubmitJobRequest): Promise<string> {
    return submitLocalJob(this.#jobs, this.#keys, this.logger, request);
  }

  /** The job's current status; a job whose supervisor died is FAILED (raw state `LOST`). */
  async getJobStatus(jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    return mapLocalState(await this.#jobs.currentRecord(jobId, options));
  }

  /**
   * Resolves as soon as the job's status differs from `since`, or `{ changed: false }` after `timeoutMs`: woken
   * by changes to the job's folder (its record is replaced by a rename), and reading the record again after a
   * delay capped at 5% of the time waited (at most 2 s) in case no event comes, which is also how a supervisor
   * that died is noticed. With `watchFiles: false`, only that capped polling.
   */
  override async waitForStatusChange(
    jobId: string,
    options: WaitForStatusChangeOptions,
  ): Promise<StatusChange> {
    return waitForLocalStatusChange(this.#jobs, (id, call) => this.getJobStatus(id, call), jobId, options);
  }

  /**
   * The job's result so far: `output` is the last 64 KiB of stdout, `error` (for FAILED jobs) says why and ends
   * with the last 4 KiB of stderr, `metrics` come from `NEURAL_METRIC` lines, `artifacts` are the absolute paths
   * of the files under the job's `artifacts/` folder, and `logsUrl` is the `file://` URL of the combined log.
   */
  async getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResult> {
    const record = await this.#jobs.currentRecord(jobId, options);
    return readJobResult(jobId, this.jobFolder(jobId), record);
  }

  /**
   * Cancels a queued or running job from any connector on the same `root`: the supervisor sends SIGTERM to
   * the job's process group and SIGKILL after `cancelGracePeriodMs`. Resolves once the job has stopped:
   * `true` when it was cancelled, `false` when it had already finished.
   */
  async cancelJob(jobId: string, options: CallOptions = {}): Promise<boolean> {
    return cancelLocalJob(this.#jobs, this.logger, jobId, options);
  }

  /** Recent jobs on this `root`, newest first, including those submitted by other processes. */
  async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    return listLocalJobs(this.#jobs, this.#keys, this.logger, options);
  }

  /** The job's combined log (stdout and stderr, in the order they were written) so far. */
  async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    return readLocalLog(this.#jobs, jobId, options);
  }

  /**
   * Tails the job's combined log, yielding text as it is written, and ends once the job is terminal and the
   * log has been read to its end. Throws `CloudExecutionError` if the job's folder disappears first.
   */
  override async *followLogs(jobId: string, options: FollowLogsOptions = {}): AsyncIterable<string> {
    yield* followLocalLog(this.#jobs, jobId, options);
  }

  /**
   * Copies a local file into the files area (`<root>/files/<remotePath>`), where jobs find it through
   * `$NEURAL_FILES_DIR`. `remotePath` must be relative and stay inside the area.
   */
  override async uploadFile(
    localPath: string,
    remotePath: string,
    options: CallOptions = {},
  ): Promise<boolean> {
    return this.#files.upload(localPath, remotePath, options.signal);
  }

  /** Copies a file out of the files area (`<root>/files/<remotePath>`) to `localPath`, atomically. */
  override async downloadFile(
    remotePath: string,
    localPath: string,
    options: CallOptions = {},
  ): Promise<boolean> {
    return this.#files.download(remotePath, localPath, options.signal);
  }

  /**
   * This machine's resources: `totalCpus`, `usedCpus` (CPUs asked for by running jobs, 1 each when they did
   * not say), `availableCpus`, `memoryGb`, `availableMemoryGb` (free memory), `loadAverage1m`,
   * `runningJobs` and `pendingJobs` on this `root`.
   */
  override async getResourceUsage(options: CallOptions = {}): Promise<ResourceUsage> {
    throwIfAborted(options.signal);
    const running = await this.listJobs({
      limit: 1000,
      statusFilter: JobStatus.RUNNING,
      signal: options.signal,
    });
    const pending = await this.listJobs({
      limit: 1000,
      statusFilter: JobStatus.PENDING,
      signal: options.signal,
    });
    return machineUsage(this.#jobs, running, pending);
  }
}
