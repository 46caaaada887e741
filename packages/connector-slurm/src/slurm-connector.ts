/**
 * `SlurmConnector`: a job is a batch job submitted through slurmrestd. The class wires the pieces; each
 * operation lives in `connector/` (authenticate, submit with its keyed look-before-resubmit, status and
 * waiting, result, logs, cancel, listing, resource usage). The wire format is the API version's adapter in
 * `api/`, the state table in `states.ts`, the error table in `errors.ts`, the batch script in `job-spec.ts`.
 */
import {
  BaseConnector,
  type CallOptions,
  type JobResult,
  type JobStatus,
  type JobSummary,
  type ListJobsOptions,
  parseOrThrow,
  type ResourceUsage,
  type StatusChange,
  type SubmitJobRequest,
  systemClock,
  type WaitForStatusChangeOptions,
} from '@neural/integrations-core';
import type { SlurmApiAdapter } from './api/adapter.js';
import { SLURM_API_VERSIONS } from './api/versions.js';
import { checkCredentials, refusedCredentialsOr } from './connector/authenticate.js';
import { cancelSlurmJob } from './connector/cancel.js';
import type { SlurmContext } from './connector/context.js';
import { KeyedSubmits } from './connector/keyed-submit.js';
import { listJobSummaries } from './connector/listing.js';
import { jobLogs } from './connector/logs.js';
import { clusterUsage } from './connector/resource-usage.js';
import { jobResult } from './connector/result.js';
import { jobStatus, pollForJobStatusChange } from './connector/status.js';
import { type SubmitSettings, submitBatchJob } from './connector/submit.js';
import { createWorkdirOnce } from './connector/workdir.js';
import { type SlurmCredentials, SlurmCredentialsSchema } from './credentials.js';
import { type SlurmConnectorOptions, SlurmConnectorOptionsSchema } from './options.js';
import { SlurmTransport } from './transport.js';

/**
 * Runs jobs on a Slurm cluster through slurmrestd (JWT auth).
 *
 * A job's code becomes a batch script (under a `#!` line for the interpreter, Python by default) that runs in
 * `workdir` with its own output files there; `getLogs` and `getJobResult().output` read those files, so the
 * client must see the compute nodes' `workdir` (a shared filesystem, or the same machine).
 *
 * Slurm has no idempotency keys, so a submit with an `idempotencyKey` tags the job with it (its `comment`) and
 * looks the key up among the user's jobs before the first attempt and after any attempt that may have reached
 * slurmrestd: a job already carrying it is the answer, so a submit whose answer was lost is retried without
 * making a second job, and the connector claims the `idempotency` capability. `listJobs` reports the key as
 * `idempotencyKey`. The lookup sees the jobs slurmctld still holds (finished ones for `MinJobAge`), and one
 * process sends one submit per key at a time; two processes submitting the same key at the same instant can
 * still both create a job.
 *
 * @example
 * ```ts
 * const slurm = new SlurmConnector({ endpoint: 'http://127.0.0.1:6820', user: 'root', token: process.env.SLURM_JWT! });
 * const id = await slurm.submitJob({ code: "print('hello from slurm')", resourceConfig: { cpuCount: 1 } });
 * ```
 */
export class SlurmConnector extends BaseConnector<SlurmCredentials> {
  /** The API version's adapter in use. */
  readonly api: SlurmApiAdapter;
  readonly #context: SlurmContext;
  readonly #submit: SubmitSettings;
  readonly #keyedSubmits: KeyedSubmits;
  readonly #statusPollIntervalMs: number;
  readonly #listAllUsers: boolean;

  constructor(credentials: SlurmCredentials, options: SlurmConnectorOptions = {}) {
    super(credentials, { logger: options.logger, credentialsSchema: SlurmCredentialsSchema });
    const parsed = parseOrThrow(SlurmConnectorOptionsSchema, options, 'SlurmConnector options');
    this.api = SLURM_API_VERSIONS[parsed.apiVersion ?? 'v0.0.38'];
    const clock = options.clock ?? systemClock;
    const retry = { maxAttempts: 3, initialDelayMs: 250, maxElapsedMs: 30_000, ...options.retry };
    this.#statusPollIntervalMs = options.statusPollIntervalMs ?? 2_000;
    this.#listAllUsers = parsed.listAllUsers ?? false;
    const workdir = (parsed.workdir ?? '/tmp/neural-slurm/jobs').replace(/\/+$/, '') || '/';
    this.#submit = {
      interpreter: parsed.interpreter ?? 'python3',
      path: parsed.path ?? '/usr/local/bin:/usr/bin:/bin',
      prepareWorkdir:
        (parsed.createWorkdir ?? true) ? createWorkdirOnce(workdir, this.logger) : () => Promise.resolve(),
      defaults: { partition: parsed.partition, account: parsed.account, qos: parsed.qos },
    };
    this.declaredCapabilities = { idempotency: true };
    this.#context = {
      api: this.api,
      transport: new SlurmTransport({
        baseUrl: this.credentials.endpoint.replace(/\/+$/, ''),
        user: this.credentials.user,
        token: this.credentials.token,
        api: this.api,
        fetch: options.fetch ?? globalThis.fetch,
        timeoutMs: parsed.timeoutMs ?? 30_000,
        retry,
        clock,
        logger: this.logger,
        redactor: this.redactor,
        rateLimiter: options.rateLimit,
      }),
      clock,
      logger: this.logger,
      user: this.credentials.user,
      workdir,
      retry,
    };
    this.#keyedSubmits = new KeyedSubmits(this.#context);
  }

  /**
   * Asks slurmrestd's `ping` with the credentials: `true` when a controller answers, `false` when the token
   * is refused (or already expired by its own `exp` claim, checked without a request) or every controller
   * answers DOWN.
   *
   * @throws CloudConnectionError when slurmrestd cannot be reached.
   */
  async authenticate(options: CallOptions = {}): Promise<boolean> {
    this.authenticated = await checkCredentials(this.#context, this.credentials.token, options.signal);
    return this.authenticated;
  }

  /**
   * Submits the code as a batch script and returns Slurm's job id. Resources map as the README's table says;
   * `dependencies` are refused (install packages on the cluster, or point `interpreter` at a virtualenv).
   * With an `idempotencyKey`, a job already tagged with it is returned instead of a new one, and a submit whose
   * answer was lost (a cut connection, a timeout, a 5xx) is retried after looking the key up again.
   *
   * @throws InvalidParameterError before anything is sent, for a bad request or an unknown `customParams` key.
   */
  async submitJob(request: SubmitJobRequest): Promise<string> {
    try {
      return await submitBatchJob(this.#context, this.#submit, this.#keyedSubmits, request);
    } catch (error) {
      throw await refusedCredentialsOr(this.#context, this.credentials.token, error, request?.signal);
    }
  }

  /** The job's status, mapped from Slurm's state by what happens next (see `slurmJobStatus` in `states.ts`). */
  async getJobStatus(jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    return jobStatus(this.#context, jobId, options.signal);
  }

  /**
   * Waits for the job's status to differ from `since` by bounded polling (slurmrestd has no watch): reads
   * `statusPollIntervalMs` apart at first, then at most 5% of the time waited apart (capped at 60 s), so a
   * change is noticed within 5% of the wait. Resolves `{ changed: false }` after `timeoutMs`.
   */
  override async waitForStatusChange(
    jobId: string,
    options: WaitForStatusChangeOptions,
  ): Promise<StatusChange> {
    return pollForJobStatusChange(
      this.#context,
      jobId,
      (signal) => this.getJobStatus(jobId, { signal }),
      this.#statusPollIntervalMs,
      options,
    );
  }

  /**
   * The job's result: status and raw state, `output` (its standard output so far, when readable here),
   * `error` for a failed job (state, reason, decoded exit code or signal, and the end of standard error), and
   * the run time.
   */
  async getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResult> {
    return jobResult(this.#context, jobId, options.signal);
  }

  /**
   * Cancels a pending or running job (`DELETE`, which ends it CANCELLED): `true` when it was stopped, `false`
   * when it had already finished, in which case it is left as it was.
   */
  async cancelJob(jobId: string, options: CallOptions = {}): Promise<boolean> {
    return cancelSlurmJob(this.#context, jobId, options.signal);
  }

  /**
   * The newest jobs first (by submit time), at most `limit`, only those in `statusFilter` when given. Only
   * the credentials' user's jobs unless `listAllUsers`. Slurm forgets finished jobs after `MinJobAge`.
   */
  async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    return listJobSummaries(this.#context, this.#listAllUsers, options);
  }

  /**
   * The job's logs so far: its standard output, then its standard error, read from the output files while
   * the job runs. Empty before the job has started.
   *
   * @throws CloudExecutionError (`LOGS_UNAVAILABLE`) when a finished job's output files cannot be read from
   *   this machine (they live on the compute node's filesystem).
   */
  async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    return jobLogs(this.#context, jobId, options.signal);
  }

  /**
   * The cluster's capacity from `/nodes` (and `/jobs` for the job counts): `totalNodes`, `availableNodes`
   * (not down, drained or failing), `totalCpus`, `usedCpus`, `availableCpus`, `memoryGb`, `usedMemoryGb`,
   * `totalGpus`, `usedGpus`, `availableGpus` (from `gres`), `runningJobs`, `pendingJobs`.
   */
  override async getResourceUsage(options: CallOptions = {}): Promise<ResourceUsage> {
    return clusterUsage(this.#context, options.signal);
  }
}
