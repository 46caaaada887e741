// The in-memory platform a MockConnector acts on: its jobs on one clock, their logs, the file store and the
// endpoints. The connector puts the test controls around each of these operations.
import type {
  Clock,
  CloudException,
  JobResult,
  JobStatus,
  JobSummary,
  Logger,
  ParsedSubmitJobRequest,
  ResourceConfig,
  ResourceUsage,
} from '@neural/integrations-core';
import type { JobDirectives } from './directives.js';
import { MockEndpoints } from './endpoints.js';
import { MockFileStore } from './file-store.js';
import { listMockJobs } from './job-listing.js';
import { logText } from './job-log.js';
import { jobResult } from './job-result.js';
import { endJobEarly, viewJob } from './job-state.js';
import { MockJobStore } from './job-store.js';
import { breakStreams, MockLogFollower } from './log-follow.js';
import type { MockSettings } from './options.js';
import { mockResourceUsage } from './resource-usage.js';

/** Jobs, logs, files and endpoints of one connector, read and changed on its clock. */
export class MockPlatform {
  readonly #clock: Clock;
  readonly #durationMs: number;
  readonly #capacity: MockSettings['capacity'];
  readonly #jobs: MockJobStore;
  readonly #logs: MockLogFollower;
  /** The bytes `uploadFile` stored, by remote path. */
  readonly files = new MockFileStore();
  /** The endpoints `deployModel` made, by name. */
  readonly endpoints = new MockEndpoints();

  /** `logger` is read at each submission, so it is the connector's logger of the moment. */
  constructor(settings: MockSettings, logger: () => Logger) {
    this.#clock = settings.clock;
    this.#durationMs = settings.durationMs;
    this.#capacity = settings.capacity;
    this.#jobs = new MockJobStore({ ...settings, logger });
    this.#logs = new MockLogFollower(settings.clock, settings.durationMs);
  }

  /** Stores a job (or finds the one its idempotency key names) and returns its id. */
  submit(request: ParsedSubmitJobRequest, directives: JobDirectives): string {
    return this.#jobs.submit(request, directives);
  }

  /** The job's status now. */
  status(jobId: string): JobStatus {
    return viewJob(this.#jobs.get(jobId), this.#clock.now()).status;
  }

  /** The job's result now. */
  result(jobId: string): JobResult {
    return jobResult(this.#jobs.get(jobId), this.#clock.now());
  }

  /** Ends a pending or running job now: `false`, changing nothing, when it had already finished. */
  endEarly(jobId: string, status: 'cancelled' | 'failed', error?: string): boolean {
    return endJobEarly(this.#jobs.get(jobId), this.#clock, status, error);
  }

  /** Jobs newest first, at most `limit`, only those in `statusFilter` when given. */
  list(options: { limit: number; statusFilter: JobStatus | undefined }): JobSummary[] {
    return listMockJobs(this.#jobs.all(), this.#clock.now(), options);
  }

  /** The job's log written so far. */
  logText(jobId: string): string {
    return logText(this.#jobs.get(jobId), this.#clock.now(), this.#durationMs);
  }

  /** The job's log from `fromOffset`, as it is written, until the job is terminal. */
  followLog(jobId: string, fromOffset: number, signal: AbortSignal | undefined): AsyncIterable<string> {
    return this.#logs.streamLogs(this.#jobs.get(jobId), fromOffset, signal);
  }

  /** Makes every log stream open on the job throw `error` (or a `CloudConnectionError`). */
  breakLogStreams(jobId: string, error: CloudException | undefined): void {
    breakStreams(this.#jobs.get(jobId), error);
  }

  /** Records an endpoint deployed now and returns its URL. */
  deploy(modelPath: string, endpointName: string, resourceConfig: ResourceConfig): string {
    return this.endpoints.deploy(modelPath, endpointName, resourceConfig, this.#clock.now());
  }

  /** What the running jobs use of the capacity, and the job and endpoint counts. */
  usage(): ResourceUsage {
    return mockResourceUsage(this.#jobs.all(), this.#clock.now(), this.#capacity, this.endpoints.size);
  }
}
