/**
 * `__CLASS__Connector`: jobs on __PLATFORM__, a scheduler driven through its commands (as `sbatch`/`squeue`/
 * `scancel` drive Slurm, `qsub`/`qstat`/`qdel` Grid Engine). The Unix user running the commands is the
 * identity: there is no secret to hold. How the commands run is in `commands.ts`, what they print in
 * `platform.ts`.
 *
 * One more thing real schedulers do: **accounting arrives late.** A job that just ended leaves the queue
 * (`squeue` no longer lists it) seconds before its accounting record is written (`sacct` does not list it
 * yet). A connector that reads "not in the queue, not in accounting" as "no such job" reports a job that just
 * succeeded as missing. Ask the queue first, then accounting, and while a job you saw recently is in neither,
 * report it `unknown` rather than throw `JobNotFoundError`.
 */
import {
  assertJobId,
  BaseConnector,
  type CallOptions,
  type Clock,
  connectorOptionFields,
  JobNotFoundError,
  JobResult,
  type JobStatus,
  type JobSummary,
  type ListJobsOptions,
  type Logger,
  parseListJobsOptions,
  parseOrThrow,
  parseSubmitJobRequest,
  type SubmitJobRequest,
  strictOptions,
  systemClock,
  withRetry,
} from '@neural/integrations-core';
import { z } from 'zod';
import { CommandFailedError, parseLastLine, runCommand } from './commands.js';
import {
  CancelledSchema,
  JobListSchema,
  JobSchema,
  mapSchedulerState,
  type SchedulerJob,
  SubmittedSchema,
} from './platform.js';

const argv = z
  .array(z.string().min(1), 'must be a command as an argument array')
  .min(1, 'must name a program');

/** The scheduler's commands, each as an argument array (program first); the connector appends its arguments. */
export const __CLASS__CommandsSchema = strictOptions({
  /** Reads a job script on stdin; prints `{"id"}`. Given `--name <name>`. */
  submit: argv,
  /** Given a job id; prints the job. Exits 2 for an unknown id. */
  status: argv,
  /** Given a job id; prints `{"cancelled"}`. */
  cancel: argv,
  /** Given a job id; prints the job's output so far. */
  logs: argv,
  /** Prints every job it knows. */
  list: argv,
});

/** What a {@link __CLASS__Connector} is given: the commands (there are no secrets). */
export const __CLASS__CredentialsSchema = strictOptions({ commands: __CLASS__CommandsSchema });

/** What a {@link __CLASS__Connector} is given. */
export type __CLASS__Credentials = z.infer<typeof __CLASS__CredentialsSchema>;

/** How a {@link __CLASS__Connector} behaves. Every field has a default. */
export interface __CLASS__ConnectorOptions {
  /** Longest wait for one command, in ms. Default 30 000. */
  timeoutMs?: number | undefined;
  /** Where time is read and waited on (timeouts, retries). Default: the system clock. */
  clock?: Clock | undefined;
  /** Where operations are logged. Silent by default. */
  logger?: Logger | undefined;
}

// Strict: a misspelt option (`timeoutMS`) is refused with a did-you-mean hint, not silently ignored.
const OptionsSchema = strictOptions({
  timeoutMs: connectorOptionFields.timeoutMs,
  clock: connectorOptionFields.clock,
  logger: connectorOptionFields.logger,
});

/** The exit code the scheduler's `status` uses for an id it does not know. */
const UNKNOWN_JOB_EXIT = 2;

/**
 * The connector for __PLATFORM__.
 *
 * @example
 * ```ts
 * const connector = new __CLASS__Connector({ commands: { submit: ['qsub'], status: ['qstat', '-j'], cancel: ['qdel'], logs: ['cat-job-log'], list: ['qstat'] } });
 * ```
 */
export class __CLASS__Connector extends BaseConnector<__CLASS__Credentials> {
  readonly #timeoutMs: number;
  readonly #clock: Clock;

  constructor(credentials: __CLASS__Credentials, options: __CLASS__ConnectorOptions = {}) {
    super(credentials, { logger: options.logger, credentialsSchema: __CLASS__CredentialsSchema });
    const parsed = parseOrThrow(OptionsSchema, options, '__CLASS__Connector options');
    this.#timeoutMs = parsed.timeoutMs ?? 30_000;
    this.#clock = options.clock ?? systemClock;
  }

  /** Whether the scheduler answers: `list` runs and prints what it should. */
  async authenticate(options: CallOptions = {}): Promise<boolean> {
    await this.#list('authenticate', options.signal);
    this.authenticated = true;
    return true;
  }

  /**
   * Submits the code as a job script on the command's stdin. Never retried: a scheduler has no idempotency
   * key, and a `submit` that timed out may still have queued the job.
   */
  async submitJob(request: SubmitJobRequest): Promise<string> {
    const job = parseSubmitJobRequest(request);
    const name = job.jobName ?? 'neural-job';
    const stdout = await this.#run('submitJob', [...this.credentials.commands.submit, '--name', name], {
      signal: job.signal,
      input: job.code,
    });
    return parseLastLine(SubmittedSchema, stdout, this.#context('submitJob')).id;
  }

  /** The job's status, through the state table. */
  async getJobStatus(jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    return mapSchedulerState((await this.#job('getJobStatus', jobId, options.signal)).state);
  }

  /** The job's status, its output so far, and for a failed job its exit code. */
  async getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResult> {
    const job = await this.#job('getJobResult', jobId, options.signal);
    const output = await this.getLogs(jobId, options);
    const status = mapSchedulerState(job.state);
    const started = job.startedAt ? Date.parse(job.startedAt) : undefined;
    const ended = job.endedAt ? Date.parse(job.endedAt) : undefined;
    return new JobResult({
      jobId,
      status,
      rawState: job.state,
      output,
      error: status === 'failed' ? `the job exited with code ${job.exitCode ?? 'unknown'}` : undefined,
      durationSeconds: started !== undefined && ended !== undefined ? (ended - started) / 1000 : undefined,
    });
  }

  /** Cancels the job: `true` when it was stopped, `false` when it had already ended. */
  async cancelJob(jobId: string, options: CallOptions = {}): Promise<boolean> {
    await this.#job('cancelJob', jobId, options.signal);
    const stdout = await this.#run('cancelJob', [...this.credentials.commands.cancel, jobId], options);
    return parseLastLine(CancelledSchema, stdout, this.#context('cancelJob', jobId)).cancelled;
  }

  /** The newest jobs first, at most `limit`, only those in `statusFilter` when given. */
  async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    const { limit, statusFilter, signal } = parseListJobsOptions(options);
    return (await this.#list('listJobs', signal))
      .map((job) => ({
        id: job.id,
        name: job.name,
        status: mapSchedulerState(job.state),
        rawState: job.state,
        createdAt: new Date(job.submittedAt),
      }))
      .filter((job) => statusFilter === undefined || job.status === statusFilter)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || Number(b.id) - Number(a.id))
      .slice(0, limit);
  }

  /** The job's output so far. */
  async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    await this.#job('getLogs', jobId, options.signal);
    return this.#read('getLogs', [...this.credentials.commands.logs, jobId], options.signal);
  }

  /** One job, or `JobNotFoundError` when the scheduler does not know the id (checked before any command). */
  async #job(operation: string, jobId: string, signal: AbortSignal | undefined): Promise<SchedulerJob> {
    assertJobId(jobId);
    // The scheduler's ids are numbers: anything else names no job, and is not worth a command.
    if (!/^\d{1,12}$/.test(jobId)) throw new JobNotFoundError(jobId);
    try {
      const stdout = await this.#read(operation, [...this.credentials.commands.status, jobId], signal);
      return parseLastLine(JobSchema, stdout, this.#context(operation, jobId));
    } catch (error) {
      if (error instanceof CommandFailedError && error.exitCode === UNKNOWN_JOB_EXIT)
        throw new JobNotFoundError(jobId);
      throw error;
    }
  }

  async #list(operation: string, signal: AbortSignal | undefined): Promise<SchedulerJob[]> {
    const stdout = await this.#read(operation, this.credentials.commands.list, signal);
    return parseLastLine(JobListSchema, stdout, this.#context(operation));
  }

  /** A command that only reads: retried on a timeout or a garbled answer (core `withRetry`). */
  #read(operation: string, command: readonly string[], signal: AbortSignal | undefined): Promise<string> {
    return withRetry(() => this.#run(operation, command, { signal }), {
      clock: this.#clock,
      signal,
      maxAttempts: 3,
    });
  }

  #run(
    operation: string,
    command: readonly string[],
    options: { signal?: AbortSignal | undefined; input?: string },
  ) {
    return runCommand(command, { ...options, operation, timeoutMs: this.#timeoutMs, clock: this.#clock });
  }

  #context(operation: string, jobId?: string) {
    return { operation, jobId, now: this.#clock.now() };
  }
}
