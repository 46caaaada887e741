import { mkdir, readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  AuthenticationError,
  assertJobId,
  BaseConnector,
  type CallOptions,
  type Clock,
  CloudExecutionError,
  type ConnectorOptions,
  InvalidParameterError,
  isRetryableError,
  isTerminalStatus,
  JobNotFoundError,
  JobResult,
  JobStatus,
  type JobSummary,
  type ListJobsOptions,
  type Logger,
  parseListJobsOptions,
  parseOrThrow,
  parseSubmitJobRequest,
  pollForStatusChange,
  type RateLimiter,
  type ResourceUsage,
  type RetryPolicy,
  type StatusChange,
  type SubmitJobRequest,
  systemClock,
  throwIfAborted,
  type WaitForStatusChangeOptions,
  withRetry,
} from '@neural/integrations-core';
import { z } from 'zod';
import type { SlurmApiAdapter, SlurmJob } from './api/adapter.js';
import { slurmApiV0038 } from './api/v0.0.38.js';
import { SlurmErrno } from './errors.js';
import { idempotencyTag, keyFromTag } from './idempotency-tag.js';
import { buildBatchScript, expandOutputPath, toSlurmResources } from './job-spec.js';
import { decodeExitStatus, slurmJobStatus } from './states.js';
import { type SlurmRequest, SlurmTransport } from './transport.js';

/** The slurmrestd API versions this connector speaks, each through its own adapter. */
export const SLURM_API_VERSIONS = Object.freeze({ 'v0.0.38': slurmApiV0038 });

/** One of {@link SLURM_API_VERSIONS}' keys. */
export type SlurmApiVersion = keyof typeof SLURM_API_VERSIONS;

/** What a {@link SlurmConnector} authenticates with: slurmrestd's JWT scheme. */
export interface SlurmCredentials {
  /** slurmrestd's base URL, without the API path (`http://127.0.0.1:6820`). */
  readonly url: string;
  /** Sent as `X-SLURM-USER-NAME`: the user the jobs run as. */
  readonly user: string;
  /** A Slurm JWT (`scontrol token`), sent as `X-SLURM-USER-TOKEN`. Never logged. */
  readonly token: string;
}

/** How a {@link SlurmConnector} behaves; everything but the credentials. */
export interface SlurmConnectorOptions extends ConnectorOptions {
  /** The slurmrestd API version. Default `'v0.0.38'` (Slurm 22.05). */
  apiVersion?: SlurmApiVersion | undefined;
  /** Partition for jobs that do not name one in `customParams.partition`. Default: the cluster's default. */
  partition?: string | undefined;
  /** Account for jobs that do not name one in `customParams.account`. */
  account?: string | undefined;
  /** QOS for jobs that do not name one in `customParams.qos`. */
  qos?: string | undefined;
  /**
   * Absolute directory, on a filesystem both the compute nodes and this client see, where jobs run and write
   * `neural-<id>.out` / `.err`. Default `/tmp/neural-slurm/jobs` (right for a single-node cluster).
   */
  workdir?: string | undefined;
  /** Create `workdir` on this machine before submitting. Default `true`. */
  createWorkdir?: boolean | undefined;
  /** The interpreter jobs' code runs with: a command on `PATH` or an absolute path. Default `'python3'`. */
  interpreter?: string | undefined;
  /** `PATH` in the job's environment (slurmrestd passes none of the client's). Default `/usr/local/bin:/usr/bin:/bin`. */
  path?: string | undefined;
  /** List every user's jobs in `listJobs`, not only those of the credentials' user. Default `false`. */
  listAllUsers?: boolean | undefined;
  /** The `fetch` to call. Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Where time is read and waited on (timeouts, backoff). Default the system clock. */
  clock?: Clock | undefined;
  /**
   * How failed reads are retried. A submit without an idempotency key is resent only when the connection was
   * refused; one with a key is retried by this policy too, each attempt looking the key up first.
   */
  retry?: Omit<RetryPolicy, 'signal' | 'clock'> | undefined;
  /** Longest wait for one HTTP attempt. Default 30 000 ms. */
  timeoutMs?: number | undefined;
  /**
   * Never send faster than this (slurmrestd sites throttle): every request attempt first waits for a turn. A
   * `RateLimiter` from core `createRateLimiter` (share one between connectors), or its settings. Default: none.
   */
  rateLimit?: RateLimiter | { requestsPerSecond: number; burst?: number | undefined } | undefined;
  /**
   * The shortest delay between two status reads of `waitForStatusChange`, which polls (slurmrestd cannot push);
   * delays then grow to 5% of the time waited, at most 60 s. Default 2 000 ms: sites throttle queue queries.
   */
  statusPollIntervalMs?: number | undefined;
}

const SLURM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const slurmName = z.string().regex(SLURM_NAME, 'must be a Slurm name: letters, digits, ".", "_" and "-"');

const CredentialsSchema = z.strictObject({
  url: z
    .string({ error: 'must be a string' })
    .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be an http(s) URL such as http://127.0.0.1:6820'),
  user: z
    .string({ error: 'must be a string' })
    .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/, 'must be a Slurm user name'),
  token: z.string({ error: 'must be a string' }).min(1, 'must not be empty'),
});

// Strict: a misspelt option (`timeoutMS`) is refused, naming it, rather than silently ignored.
const OptionsSchema = z.strictObject({
  fetch: z.custom<typeof fetch>((value) => typeof value === 'function', 'must be a function').optional(),
  clock: z
    .custom<Clock>((value) => typeof value === 'object' && value !== null, 'must be a Clock')
    .optional(),
  logger: z
    .custom<Logger>((value) => typeof value === 'object' && value !== null, 'must be a Logger')
    .optional(),
  retry: z.record(z.string(), z.unknown(), 'must be a retry policy object').optional(),
  rateLimit: z
    .union(
      [
        z.looseObject({ acquire: z.custom<RateLimiter['acquire']>((value) => typeof value === 'function') }),
        z.object({ requestsPerSecond: z.number(), burst: z.number().optional() }),
      ],
      { error: 'must be a RateLimiter or { requestsPerSecond, burst? }' },
    )
    .optional(),
  apiVersion: z
    .enum(Object.keys(SLURM_API_VERSIONS) as [SlurmApiVersion, ...SlurmApiVersion[]], {
      error: `must be one of ${Object.keys(SLURM_API_VERSIONS).join(', ')}`,
    })
    .optional(),
  partition: slurmName.optional(),
  account: slurmName.optional(),
  qos: slurmName.optional(),
  workdir: z
    .string()
    .refine((value) => isAbsolute(value), 'must be an absolute path')
    .refine((value) => !/[%\n]/.test(value), 'must not contain "%" or a newline')
    .optional(),
  createWorkdir: z.boolean().optional(),
  interpreter: z
    .string()
    .min(1, 'must not be empty')
    .regex(/^[^\s]+$/, 'must be one command or path without spaces')
    .optional(),
  path: z.string().min(1, 'must not be empty').optional(),
  listAllUsers: z.boolean().optional(),
  timeoutMs: z.number().int('must be a whole number').positive('must be greater than 0').optional(),
  statusPollIntervalMs: z
    .number()
    .int('must be a whole number')
    .positive('must be greater than 0')
    .optional(),
});

const EmptyResponseSchema = z.object({});

/**
 * Runs jobs on a Slurm cluster through slurmrestd (JWT auth).
 *
 * A job's code becomes a batch script (under a `#!` line for the interpreter, Python by default) that runs in
 * `workdir` with its own output files there; `getLogs` and `getJobResult().output` read those files, so the
 * client must see the compute nodes' `workdir` (a shared filesystem, or the same machine).
 *
 * Slurm has no idempotency keys, so a submit with an `idempotencyKey` tags the job with it (its `comment`) and
 * looks the key up among the user's jobs before every attempt: a job already carrying it is the answer, so a
 * submit whose answer was lost is retried without making a second job, and the connector claims the
 * `idempotency` capability. `listJobs` reports the key as `idempotencyKey`. The lookup sees the jobs slurmctld
 * still holds (finished ones for `MinJobAge`), and one process sends one submit per key at a time; two
 * processes submitting the same key at the same instant can still both create a job.
 *
 * @example
 * ```ts
 * const slurm = new SlurmConnector({ url: 'http://127.0.0.1:6820', user: 'root', token: process.env.SLURM_JWT! });
 * const id = await slurm.submitJob({ code: "print('hello from slurm')", resourceConfig: { cpuCount: 1 } });
 * ```
 */
export class SlurmConnector extends BaseConnector<SlurmCredentials> {
  /** The API version's adapter in use. */
  readonly api: SlurmApiAdapter;
  readonly #transport: SlurmTransport;
  readonly #clock: Clock;
  readonly #statusPollIntervalMs: number;
  readonly #workdir: string;
  readonly #createWorkdir: boolean;
  readonly #interpreter: string;
  readonly #path: string;
  readonly #listAllUsers: boolean;
  readonly #retry: Omit<RetryPolicy, 'signal' | 'clock'>;
  /** The submit in progress per idempotency key, so this process never looks up and submits one key twice at once. */
  readonly #submitsByKey = new Map<string, Promise<string>>();
  readonly #defaults: {
    partition?: string | undefined;
    account?: string | undefined;
    qos?: string | undefined;
  };

  constructor(credentials: SlurmCredentials, options: SlurmConnectorOptions = {}) {
    super(credentials, { logger: options.logger, credentialsSchema: CredentialsSchema });
    const parsed = parseOrThrow(OptionsSchema, options, 'SlurmConnector options', {
      knownKeys: Object.keys(OptionsSchema.shape),
    });
    this.api = SLURM_API_VERSIONS[parsed.apiVersion ?? 'v0.0.38'];
    this.#clock = options.clock ?? systemClock;
    this.#statusPollIntervalMs = options.statusPollIntervalMs ?? 2_000;
    this.#workdir = (parsed.workdir ?? '/tmp/neural-slurm/jobs').replace(/\/+$/, '') || '/';
    this.#createWorkdir = parsed.createWorkdir ?? true;
    this.#interpreter = parsed.interpreter ?? 'python3';
    this.#path = parsed.path ?? '/usr/local/bin:/usr/bin:/bin';
    this.#listAllUsers = parsed.listAllUsers ?? false;
    this.#defaults = { partition: parsed.partition, account: parsed.account, qos: parsed.qos };
    this.#retry = { maxAttempts: 3, initialDelayMs: 250, maxElapsedMs: 30_000, ...options.retry };
    this.declaredCapabilities = { idempotency: true };
    this.#transport = new SlurmTransport({
      baseUrl: this.credentials.url.replace(/\/+$/, ''),
      user: this.credentials.user,
      token: this.credentials.token,
      api: this.api,
      fetch: options.fetch ?? globalThis.fetch,
      timeoutMs: parsed.timeoutMs ?? 30_000,
      retry: this.#retry,
      clock: this.#clock,
      logger: this.logger,
      redactor: this.redactor,
      rateLimiter: options.rateLimit,
    });
  }

  /**
   * Asks slurmrestd's `ping` with the credentials: `true` when a controller answers, `false` when the token
   * is refused (or already expired by its own `exp` claim, checked without a request).
   *
   * @throws CloudConnectionError when slurmrestd cannot be reached.
   */
  async authenticate(options: CallOptions = {}): Promise<boolean> {
    throwIfAborted(options.signal);
    if (this.#tokenExpired()) {
      this.logger.warn('the Slurm token has expired (its exp claim is in the past)');
      this.authenticated = false;
      return false;
    }
    try {
      const ping = await this.#transport.send({
        method: 'GET',
        path: this.api.paths.ping,
        operation: 'authenticate',
        parse: (body) => this.api.parsePing(body),
        idempotent: true,
        signal: options.signal,
      });
      this.authenticated = ping.up;
      return ping.up;
    } catch (error) {
      if (AuthenticationError.isInstance(error)) {
        this.authenticated = false;
        return false;
      }
      throw error;
    }
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
    const job = parseSubmitJobRequest(request);
    if (job.dependencies.length > 0) {
      throw InvalidParameterError.fromIssues('submitJob request', [
        {
          field: 'dependencies',
          rule: 'are not supported by SlurmConnector: install them in the cluster environment (or a virtualenv given as interpreter)',
        },
      ]);
    }
    const resources = toSlurmResources(job.resourceConfig, this.#defaults);
    throwIfAborted(job.signal);
    await this.#ensureWorkdir();
    const name = job.jobName ?? 'neural-job';
    const key = job.idempotencyKey;
    const submitOnce = (signal: AbortSignal | undefined) =>
      this.#send(resources.gres, {
        method: 'POST',
        path: this.api.paths.submit,
        json: this.api.submitBody({
          name,
          comment: key === undefined ? undefined : idempotencyTag(key),
          script: buildBatchScript(job.code, this.#interpreter),
          workingDirectory: this.#workdir,
          standardOutput: join(this.#workdir, 'neural-%j.out'),
          standardError: join(this.#workdir, 'neural-%j.err'),
          // Unbuffered Python so that logs read while the job runs show what it printed so far.
          environment: { PATH: this.#path, PYTHONUNBUFFERED: '1', ...job.environment },
          ...resources,
        }),
        operation: 'submitJob',
        parse: (body) => this.api.parseSubmit(body),
        idempotent: false,
        signal,
      }).then((answer) => answer.jobId);
    const jobId =
      key === undefined
        ? await submitOnce(job.signal)
        : await this.#oneSubmitPerKey(key, () => this.#lookThenSubmit(key, submitOnce, job.signal));
    this.logger.info('submitted Slurm job', { jobId, name });
    return jobId;
  }

  /** Runs `submit` after any submit of the same key this connector has in progress has settled. */
  async #oneSubmitPerKey(key: string, submit: () => Promise<string>): Promise<string> {
    const previous = this.#submitsByKey.get(key);
    const current = (previous ?? Promise.resolve('')).catch(() => '').then(submit);
    this.#submitsByKey.set(key, current);
    try {
      return await current;
    } finally {
      if (this.#submitsByKey.get(key) === current) this.#submitsByKey.delete(key);
    }
  }

  /**
   * Looks before every (re)submit: the job tagged with `key`, if Slurm has one, is the answer. A failed
   * attempt that may have reached slurmrestd is retried by the connector's policy, and the next attempt's
   * lookup finds the job if it was created after all.
   */
  #lookThenSubmit(
    key: string,
    submitOnce: (signal: AbortSignal | undefined) => Promise<string>,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    return withRetry(
      async (attempt) => {
        const existing = await this.#findJobByKey(key, attempt.signal);
        if (existing !== undefined) {
          if (attempt.attempt > 1) {
            this.logger.info('a lost submit had reached Slurm: its job was found by its key', {
              jobId: existing,
            });
          }
          return existing;
        }
        return submitOnce(attempt.signal);
      },
      {
        ...this.#retry,
        clock: this.#clock,
        signal,
        isRetryable: this.#retry.isRetryable ?? isRetryableError,
        onRetry: (event) => {
          this.logger.warn('submit failed, looking the key up before retrying', {
            attempt: event.attempt,
            delayMs: Math.round(event.delayMs),
            error: event.error instanceof Error ? event.error.message : String(event.error),
          });
          this.#retry.onRetry?.(event);
        },
      },
    );
  }

  /** The id of this user's oldest job tagged with `key`, or `undefined`. */
  async #findJobByKey(key: string, signal: AbortSignal | undefined): Promise<string | undefined> {
    const jobs = await this.#listSlurmJobs('submitJob', signal);
    const tagged = jobs
      .filter((job) => job.userName === this.credentials.user && keyFromTag(job.comment) === key)
      .sort((a, b) => Number(a.id) - Number(b.id));
    return tagged[0]?.id;
  }

  /** A job's status now: a requeueable job that was preempted reads pending, as it is about to be queued again. */
  #statusOf(job: SlurmJob): JobStatus {
    return slurmJobStatus(job, Math.floor(this.#clock.now() / 1000));
  }

  /** The job's status, mapped from Slurm's state by what happens next (see {@link slurmJobStatus}). */
  async getJobStatus(jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    const job = await this.#getJob('getJobStatus', jobId, options.signal);
    return this.#statusOf(job);
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
    assertJobId(jobId);
    return pollForStatusChange((signal) => this.getJobStatus(jobId, { signal }), {
      ...options,
      clock: this.#clock,
      minIntervalMs: this.#statusPollIntervalMs,
      maxIntervalMs: Math.max(this.#statusPollIntervalMs, 60_000),
    });
  }

  /**
   * The job's result: status and raw state, `output` (its standard output so far, when readable here),
   * `error` for a failed job (state, reason, decoded exit code or signal, and the end of standard error), and
   * the run time.
   */
  async getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResult> {
    const job = await this.#getJob('getJobResult', jobId, options.signal);
    const status = this.#statusOf(job);
    const stdoutPath = this.#outputPath(job, 'stdout');
    const stdout = await readIfReadable(stdoutPath);
    let error: string | undefined;
    if (status === JobStatus.FAILED) {
      const stderrPath = this.#outputPath(job, 'stderr');
      const stderr = stderrPath === stdoutPath ? undefined : await readIfReadable(stderrPath);
      error = describeFailure(job, stderr);
    }
    const now = Math.floor(this.#clock.now() / 1000);
    const end = isTerminalStatus(status) && job.endTime > 0 ? job.endTime : now;
    return new JobResult({
      jobId: job.id,
      status,
      rawState: job.state,
      output: stdout,
      error,
      logsUrl: pathToFileURL(stdoutPath).href,
      durationSeconds: job.startTime > 0 ? Math.max(0, end - job.startTime) : undefined,
    });
  }

  /**
   * Cancels a pending or running job (`DELETE`, which ends it CANCELLED): `true` when it was stopped, `false`
   * when it had already finished, in which case it is left as it was.
   */
  async cancelJob(jobId: string, options: CallOptions = {}): Promise<boolean> {
    const job = await this.#getJob('cancelJob', jobId, options.signal);
    // slurmrestd answers a DELETE of a finished job with success and changes nothing, so ask first.
    if (isTerminalStatus(this.#statusOf(job))) return false;
    try {
      await this.#transport.send({
        method: 'DELETE',
        path: this.api.paths.job(job.id),
        operation: 'cancelJob',
        jobId: job.id,
        parse: (body) => EmptyResponseSchema.parse(body),
        idempotent: true,
        signal: options.signal,
      });
    } catch (error) {
      if (CloudExecutionError.isInstance(error) && error.code === `SLURM_${SlurmErrno.ALREADY_DONE}`)
        return false;
      throw error;
    }
    this.logger.info('cancelled Slurm job', { jobId: job.id });
    return true;
  }

  /**
   * The newest jobs first (by submit time), at most `limit`, only those in `statusFilter` when given. Only
   * the credentials' user's jobs unless `listAllUsers`. Slurm forgets finished jobs after `MinJobAge`.
   */
  async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    const { limit, statusFilter, signal } = parseListJobsOptions(options);
    const jobs = await this.#listSlurmJobs('listJobs', signal);
    return jobs
      .filter((job) => this.#listAllUsers || job.userName === this.credentials.user)
      .map((job) => ({
        id: job.id,
        name: job.name || undefined,
        status: this.#statusOf(job),
        rawState: job.state,
        createdAt: new Date(job.submitTime * 1000),
        idempotencyKey: keyFromTag(job.comment),
      }))
      .filter((summary) => statusFilter === undefined || summary.status === statusFilter)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || Number(b.id) - Number(a.id))
      .slice(0, limit);
  }

  /**
   * The job's logs so far: its standard output, then its standard error, read from the output files while
   * the job runs. Empty before the job has started.
   *
   * @throws CloudExecutionError (`LOGS_UNAVAILABLE`) when a finished job's output files cannot be read from
   *   this machine (they live on the compute node's filesystem).
   */
  async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    const job = await this.#getJob('getLogs', jobId, options.signal);
    const stdoutPath = this.#outputPath(job, 'stdout');
    const stderrPath = this.#outputPath(job, 'stderr');
    const stdout = await readIfReadable(stdoutPath);
    const stderr = stderrPath === stdoutPath ? undefined : await readIfReadable(stderrPath);
    if (stdout === undefined && stderr === undefined) {
      if (!isTerminalStatus(this.#statusOf(job)) || job.startTime === 0) return '';
      throw new CloudExecutionError(
        `getLogs failed: cannot read ${stdoutPath} on this machine. Logs are read from the job's output ` +
          "files, so the client must share the compute nodes' filesystem for the connector's workdir",
        { code: 'LOGS_UNAVAILABLE' },
      );
    }
    const out = stdout ?? '';
    const err = stderr ?? '';
    return out.length > 0 && err.length > 0 && !out.endsWith('\n') ? `${out}\n${err}` : out + err;
  }

  /**
   * The cluster's capacity from `/nodes` (and `/jobs` for the job counts): `totalNodes`, `availableNodes`
   * (not down, drained or failing), `totalCpus`, `usedCpus`, `availableCpus`, `memoryGb`, `usedMemoryGb`,
   * `totalGpus`, `usedGpus`, `availableGpus` (from `gres`), `runningJobs`, `pendingJobs`.
   */
  override async getResourceUsage(options: CallOptions = {}): Promise<ResourceUsage> {
    const [nodes, jobs] = await Promise.all([
      this.#transport.send({
        method: 'GET',
        path: this.api.paths.nodes,
        operation: 'getResourceUsage',
        parse: (body) => this.api.parseNodes(body),
        idempotent: true,
        signal: options.signal,
      }),
      this.#listSlurmJobs('getResourceUsage', options.signal),
    ]);
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    const totalCpus = sum(nodes.map((node) => node.cpus));
    const usedCpus = sum(nodes.map((node) => node.allocatedCpus));
    const totalGpus = sum(nodes.map((node) => countGpus(node.gres)));
    const usedGpus = sum(nodes.map((node) => countGpus(node.gresUsed)));
    const statuses = jobs.map((job) => this.#statusOf(job));
    const gb = (mb: number) => Math.round((mb / 1024) * 100) / 100;
    return Object.freeze({
      totalNodes: nodes.length,
      availableNodes: nodes.filter(isNodeAvailable).length,
      totalCpus,
      usedCpus,
      availableCpus: Math.max(0, totalCpus - usedCpus),
      memoryGb: gb(sum(nodes.map((node) => node.realMemoryMb))),
      usedMemoryGb: gb(sum(nodes.map((node) => node.allocatedMemoryMb))),
      totalGpus,
      usedGpus,
      availableGpus: Math.max(0, totalGpus - usedGpus),
      runningJobs: statuses.filter((status) => status === JobStatus.RUNNING).length,
      pendingJobs: statuses.filter((status) => status === JobStatus.PENDING).length,
    });
  }

  /** Sends a submit; a parse refusal of a GPU request gets the likely cause, which slurmrestd only logs. */
  async #send<T>(gres: string | undefined, request: SlurmRequest<T>): Promise<T> {
    try {
      return await this.#transport.send(request);
    } catch (error) {
      if (gres === undefined || !InvalidParameterError.isInstance(error)) throw error;
      throw InvalidParameterError.fromIssues('submitJob request', [
        ...error.issues,
        {
          field: 'resourceConfig.gpuEnabled',
          rule: `is the likely cause: slurmrestd refuses gres "${gres}" without detail when the cluster has no such GPUs configured (GresTypes)`,
        },
      ]);
    }
  }

  async #getJob(operation: string, jobId: string, signal: AbortSignal | undefined): Promise<SlurmJob> {
    assertJobId(jobId);
    throwIfAborted(signal);
    // Slurm job ids are integers: anything else names no job, and is not worth a request.
    if (!/^\d{1,10}$/.test(jobId)) throw new JobNotFoundError(jobId);
    const jobs = await this.#transport.send({
      method: 'GET',
      path: this.api.paths.job(jobId),
      operation,
      jobId,
      parse: (body) => this.api.parseJobs(body),
      idempotent: true,
      signal,
    });
    const job = jobs.find((candidate) => candidate.id === String(Number(jobId)));
    if (!job) throw new JobNotFoundError(jobId);
    return job;
  }

  #listSlurmJobs(operation: string, signal: AbortSignal | undefined): Promise<SlurmJob[]> {
    return this.#transport.send({
      method: 'GET',
      path: this.api.paths.jobs,
      operation,
      parse: (body) => this.api.parseJobs(body),
      idempotent: true,
      signal,
    });
  }

  #outputPath(job: SlurmJob, stream: 'stdout' | 'stderr'): string {
    // Slurm's defaults: stdout to <cwd>/slurm-%j.out, stderr joined to stdout.
    const reported = stream === 'stdout' ? job.standardOutput : job.standardError || job.standardOutput;
    const pattern = reported || 'slurm-%j.out';
    const expanded = expandOutputPath(pattern, job);
    return isAbsolute(expanded) ? expanded : join(job.workingDirectory || this.#workdir, expanded);
  }

  async #ensureWorkdir(): Promise<void> {
    if (!this.#createWorkdir) return;
    try {
      await mkdir(this.#workdir, { recursive: true });
    } catch (error) {
      // The directory may exist only on the cluster's filesystem; Slurm reports the job failed if so.
      this.logger.debug('could not create the workdir on this machine', {
        workdir: this.#workdir,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  #tokenExpired(): boolean {
    const payload = this.credentials.token.split('.')[1];
    if (payload === undefined) return false;
    try {
      const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const exp = (claims as { exp?: unknown }).exp;
      return typeof exp === 'number' && exp * 1000 <= this.#clock.now();
    } catch {
      return false;
    }
  }
}

async function readIfReadable(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

function describeFailure(job: SlurmJob, stderr: string | undefined): string {
  const parts = [`Slurm job ended ${job.state}`];
  if (job.stateReason && job.stateReason !== 'None') parts.push(`reason ${job.stateReason}`);
  if (job.exitStatus !== undefined) {
    const { code, signal } = decodeExitStatus(job.exitStatus);
    parts.push(signal > 0 ? `killed by signal ${signal}` : `exit code ${code}`);
  }
  const tail = stderr?.trimEnd().split('\n').slice(-20).join('\n');
  return tail ? `${parts.join(', ')}\n${tail}` : parts.join(', ');
}

function countGpus(gres: string): number {
  let total = 0;
  // gres looks like "gpu:2,tmpdisk:100" or "gpu:a100:2(S:0-1)" or "gpu:1(IDX:0)".
  for (const entry of gres.split(',')) {
    const match = /^gpu(?::[^:(]+)?:(\d+)/.exec(entry.trim());
    if (match?.[1]) total += Number(match[1]);
  }
  return total;
}

function isNodeAvailable(node: { state: string; stateFlags: readonly string[] }): boolean {
  if (/down|drain|fail|unknown|future/.test(node.state)) return false;
  return !node.stateFlags.some((flag) => /DRAIN|FAIL|NOT_RESPONDING|MAINT/i.test(flag));
}
