// The jobs a MockConnector holds: submission (planning each job's timeline from its directives), idempotency
// keys, and lookup by id.
import {
  assertJobId,
  type Clock,
  CloudExecutionError,
  JobNotFoundError,
  type Logger,
  type ParsedSubmitJobRequest,
} from '@neural/integrations-core';
import type { JobDirectives } from './directives.js';
import type { MockJob } from './mock-job.js';

/** What the store reads: the clock, the default phase lengths, and where to log a new job. */
export interface JobStoreSettings {
  readonly clock: Clock;
  readonly queueMs: number;
  readonly durationMs: number;
  readonly logger: () => Logger;
}

/** Every job submitted to one connector, by id, and the idempotency keys they were submitted with. */
export class MockJobStore {
  readonly #settings: JobStoreSettings;
  readonly #jobs = new Map<string, MockJob>();
  readonly #idempotencyKeys = new Map<string, string>();
  #nextSeq = 1;

  constructor(settings: JobStoreSettings) {
    this.#settings = settings;
  }

  /**
   * Stores a job and returns its id; a known `idempotencyKey` returns its job instead.
   *
   * @throws CloudExecutionError with code `IDEMPOTENCY_KEY_REUSED` when the key was used for a different job.
   */
  submit(request: ParsedSubmitJobRequest, directives: JobDirectives): string {
    const fingerprint = JSON.stringify([
      request.code,
      request.jobName ?? null,
      request.resourceConfig.toJSON(),
      request.environment,
      request.dependencies,
    ]);
    const key = request.idempotencyKey;
    if (key !== undefined) {
      const existing = this.#idempotencyKeys.get(key);
      if (existing !== undefined) {
        if (this.#jobs.get(existing)!.fingerprint !== fingerprint) {
          throw new CloudExecutionError('This idempotency key was already used for a different job', {
            code: 'IDEMPOTENCY_KEY_REUSED',
          });
        }
        return existing;
      }
    }
    const { clock, queueMs, durationMs } = this.#settings;
    const seq = this.#nextSeq++;
    const submittedAt = clock.now();
    const startAt = submittedAt + (directives.queueMs ?? queueMs);
    const job: MockJob = {
      id: `mock-job-${seq}`,
      seq,
      request: { ...request, signal: undefined },
      directives,
      fingerprint,
      submittedAt,
      startAt,
      endAt: directives.forever ? Number.POSITIVE_INFINITY : startAt + (directives.durationMs ?? durationMs),
      ended: undefined,
      streams: new Set(),
    };
    this.#jobs.set(job.id, job);
    if (key !== undefined) this.#idempotencyKeys.set(key, job.id);
    this.#settings.logger().info('Job submitted', { jobId: job.id, jobName: request.jobName });
    return job.id;
  }

  /**
   * The job with this id.
   *
   * @throws InvalidParameterError for a malformed id; JobNotFoundError for an unknown one.
   */
  get(jobId: string): MockJob {
    assertJobId(jobId);
    const job = this.#jobs.get(jobId);
    if (!job) throw new JobNotFoundError(jobId);
    return job;
  }

  /** Every job, in submission order. */
  all(): IterableIterator<MockJob> {
    return this.#jobs.values();
  }
}
