/**
 * A correct, in-memory connector: the reference every clause must pass, and the base each broken connector in
 * `test/broken/` breaks in exactly one way. Jobs behave as their `# @fake` directives say (docs/platform-api.md).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseDirectives } from '@neural/fake-platform/directives';
import {
  AuthenticationError,
  assertJobId,
  BaseConnector,
  type CallOptions,
  type Clock,
  CloudExecutionError,
  type DeployModelOptions,
  type FollowLogsOptions,
  InvalidParameterError,
  isTerminalStatus,
  JobNotFoundError,
  JobResult,
  JobStatus,
  type JobSummary,
  type ListJobsOptions,
  parseListJobsOptions,
  parseSubmitJobRequest,
  type ResourceUsage,
  type SubmitJobRequest,
  systemClock,
  throwIfAborted,
} from '@neural/integrations-core';
import { z } from 'zod';

export interface ReferenceCredentials {
  apiKey: string;
}

export interface StoredJob {
  id: string;
  seq: number;
  name: string | undefined;
  createdAt: number;
  queueMs: number;
  durationMs: number;
  forever: boolean;
  fail: string | undefined;
  output: string;
  cancelledAt: number | undefined;
  idempotencyKey: string | undefined;
  /** When the platform last requeued the job, if it did. */
  requeuedAt?: number | undefined;
  /** A requeued job held pending: it runs again this long after its status is next read. */
  releaseAfterReadMs?: number | undefined;
}

// `print(os.environ["NAME"])`: the one line of Python this platform "runs", so environment variables come back.
const PRINT_ENV = /print\(os\.environ\[("(?:[^"\\]|\\.)*")\]\)/g;

/** The `# @fake` directives as the fake platform reads them, with this reference platform's defaults. */
function readJob(code: string, environment: Readonly<Record<string, string>> = {}) {
  const directives = parseDirectives(code);
  const printed = [...code.matchAll(PRINT_ENV)].map(
    (match) => environment[JSON.parse(match[1] ?? '""')] ?? '',
  );
  return {
    queueMs: directives.queueMs ?? 5,
    durationMs: directives.durationMs ?? 20,
    forever: directives.forever,
    fail: directives.fail,
    output: [directives.output ?? '', ...printed].filter((line) => line !== '').join('\n'),
  };
}

/** The platform: shared by every connector made for one target, as a real platform is. */
export class InMemoryPlatform {
  readonly jobs = new Map<string, StoredJob>();
  readonly files = new Map<string, Buffer>();
  readonly endpoints = new Map<string, string>();
  seq = 0;
  constructor(
    readonly apiKey: string,
    readonly clock: Clock = systemClock,
  ) {}

  statusOf(job: StoredJob): JobStatus {
    const now = this.clock.now();
    if (job.releaseAfterReadMs !== undefined) {
      job.queueMs = now - job.createdAt + job.releaseAfterReadMs;
      job.releaseAfterReadMs = undefined;
    }
    const startsAt = job.createdAt + job.queueMs;
    const endsAt = startsAt + job.durationMs;
    if (job.cancelledAt !== undefined) return JobStatus.CANCELLED;
    if (now < startsAt) return JobStatus.PENDING;
    if (job.forever || now < endsAt) return JobStatus.RUNNING;
    return job.fail === undefined ? JobStatus.SUCCEEDED : JobStatus.FAILED;
  }

  /**
   * Puts a running job back in the queue, as a scheduler does after a preemption: it is held pending until its
   * status has been read once, and runs again `pendingMs` after that read. Counted from a read rather than from
   * the requeue, the pending spell cannot fall between two polls of a loaded machine.
   */
  requeue(jobId: string, pendingMs = 30): void {
    const job = this.jobs.get(jobId);
    if (!job || this.statusOf(job) !== JobStatus.RUNNING) throw new Error(`${jobId} is not running`);
    job.requeuedAt = this.clock.now();
    job.queueMs = Number.POSITIVE_INFINITY;
    job.releaseAfterReadMs = pendingMs;
  }
}

const CredentialsSchema = z.object({ apiKey: z.string().min(1, 'must not be empty') });

/** Endpoint names as platforms take them: letters, digits, `.`, `_` and `-`, refused before anything is sent. */
function assertEndpointName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw InvalidParameterError.fromIssues('endpointName', [
      {
        field: 'endpointName',
        rule: 'must be letters, digits, ".", "_" or "-", starting with a letter or digit',
      },
    ]);
  }
}

export class ReferenceConnector extends BaseConnector<ReferenceCredentials> {
  protected override declaredCapabilities = { idempotency: true };
  /**
   * Lower bounds on how long a job stays queued and runs, over what its directives ask: a broken connector
   * whose bug shows only in one phase keeps its jobs there long enough to be read, however loaded the machine.
   */
  protected minimumPhaseMs: { queueMs?: number; durationMs?: number } = {};
  /**
   * Holds each new job in one phase until `getJobStatus` has read it there `reads` times, then moves it on
   * (pending: it starts; running: it ends, unless it runs forever), or after `backstopMs` for a job nobody asks
   * about. Counting reads rather than time, a broken connector whose bug shows in one phase is read in it
   * however loaded the machine.
   */
  protected heldPhase: { phase: 'pending' | 'running'; reads: number; backstopMs: number } | undefined;
  readonly #readsInHeldPhase = new Map<string, number>();

  constructor(
    credentials: ReferenceCredentials,
    protected readonly platform: InMemoryPlatform,
  ) {
    super(credentials, { credentialsSchema: CredentialsSchema });
  }

  /** Every call passes here first: the signal, then the key, as a real client would. */
  protected async enter(signal: AbortSignal | undefined): Promise<void> {
    throwIfAborted(signal);
    await this.platform.clock.sleep(0, signal);
    if (this.credentials.apiKey !== this.platform.apiKey) {
      throw new AuthenticationError('The platform refused the API key');
    }
  }

  protected find(jobId: string): StoredJob {
    const job = this.platform.jobs.get(jobId);
    if (!job) throw new JobNotFoundError(jobId);
    return job;
  }

  async authenticate(options: CallOptions = {}): Promise<boolean> {
    throwIfAborted(options.signal);
    this.authenticated = this.credentials.apiKey === this.platform.apiKey;
    return this.authenticated;
  }

  async submitJob(request: SubmitJobRequest): Promise<string> {
    const parsed = parseSubmitJobRequest(request);
    await this.enter(parsed.signal);
    if (parsed.idempotencyKey !== undefined) {
      const existing = [...this.platform.jobs.values()].find(
        (job) => job.idempotencyKey === parsed.idempotencyKey,
      );
      if (existing) return existing.id;
    }
    return this.store(parsed.code, parsed.jobName, parsed.idempotencyKey, undefined, parsed.environment);
  }

  protected store(
    code: string,
    name: string | undefined,
    idempotencyKey: string | undefined,
    chosenId?: string,
    environment?: Readonly<Record<string, string>>,
  ): string {
    const directives = readJob(code, environment);
    const held = this.heldPhase;
    if (held?.phase === 'pending') directives.queueMs = Math.max(directives.queueMs, held.backstopMs);
    if (held?.phase === 'running') directives.durationMs = Math.max(directives.durationMs, held.backstopMs);
    const seq = ++this.platform.seq;
    const id = chosenId ?? `job-${seq.toString().padStart(6, '0')}`;
    this.platform.jobs.set(id, {
      id,
      seq,
      name,
      createdAt: this.platform.clock.now(),
      queueMs: Math.max(directives.queueMs, this.minimumPhaseMs.queueMs ?? 0),
      durationMs: Math.max(directives.durationMs, this.minimumPhaseMs.durationMs ?? 0),
      forever: directives.forever,
      fail: directives.fail,
      output: directives.output,
      cancelledAt: undefined,
      idempotencyKey,
    });
    return id;
  }

  async getJobStatus(jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    assertJobId(jobId);
    await this.enter(options.signal);
    const job = this.find(jobId);
    const status = this.platform.statusOf(job);
    this.#countHeldRead(job, status);
    return status;
  }

  #countHeldRead(job: StoredJob, status: JobStatus): void {
    const held = this.heldPhase;
    if (!held || status !== (held.phase === 'pending' ? JobStatus.PENDING : JobStatus.RUNNING)) return;
    const reads = (this.#readsInHeldPhase.get(job.id) ?? 0) + 1;
    this.#readsInHeldPhase.set(job.id, reads);
    if (reads < held.reads) return;
    const now = this.platform.clock.now();
    if (held.phase === 'pending') job.queueMs = Math.min(job.queueMs, now - job.createdAt);
    else if (!job.forever) job.durationMs = Math.min(job.durationMs, now - (job.createdAt + job.queueMs));
  }

  async getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResult> {
    assertJobId(jobId);
    await this.enter(options.signal);
    const job = this.find(jobId);
    const status = this.platform.statusOf(job);
    const startedAt = job.createdAt + job.queueMs;
    const endedAt = job.cancelledAt ?? startedAt + job.durationMs;
    return new JobResult({
      jobId,
      status,
      ...(status === JobStatus.SUCCEEDED ? { output: job.output } : {}),
      ...(status === JobStatus.FAILED ? { error: job.fail } : {}),
      ...(isTerminalStatus(status) ? { durationSeconds: Math.max(0, endedAt - startedAt) / 1000 } : {}),
    });
  }

  async cancelJob(jobId: string, options: CallOptions = {}): Promise<boolean> {
    assertJobId(jobId);
    await this.enter(options.signal);
    const job = this.find(jobId);
    if (isTerminalStatus(this.platform.statusOf(job))) return false;
    job.cancelledAt = this.platform.clock.now();
    return true;
  }

  async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    const { limit, statusFilter, signal } = parseListJobsOptions(options);
    await this.enter(signal);
    return [...this.platform.jobs.values()]
      .sort((a, b) => b.seq - a.seq)
      .map((job) => ({ job, status: this.platform.statusOf(job) }))
      .filter(({ status }) => statusFilter === undefined || status === statusFilter)
      .slice(0, limit)
      .map(({ job, status }) => ({
        id: job.id,
        name: job.name,
        status,
        rawState: status.toUpperCase(),
        createdAt: new Date(job.createdAt),
      }));
  }

  async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    assertJobId(jobId);
    await this.enter(options.signal);
    const job = this.find(jobId);
    const status = this.platform.statusOf(job);
    const lines: string[] = [];
    if (status !== JobStatus.PENDING) lines.push(`[platform] job ${job.id} started`);
    if (status === JobStatus.SUCCEEDED && job.output) lines.push(job.output);
    if (status === JobStatus.FAILED) lines.push(`[platform] error: ${job.fail}`);
    if (status === JobStatus.CANCELLED) lines.push('[platform] cancelled');
    return lines.map((line) => `${line}\n`).join('');
  }

  /** Where a `followLogs` stream starts: `fromOffset`, refused unless a whole number of characters. */
  protected followOffset(options: FollowLogsOptions): number {
    const offset = options.fromOffset ?? 0;
    if (!Number.isInteger(offset) || offset < 0) {
      throw InvalidParameterError.fromIssues('followLogs options', [
        { field: 'fromOffset', rule: 'must be a whole number of characters, at least 0' },
      ]);
    }
    return offset;
  }

  /**
   * The log `followLogs` streams from: `getLogs()`'s, so a broken `getLogs()` breaks the stream too, unless a
   * broken connector whose bug is only in `getLogs()` streams the platform's log instead.
   */
  protected followedLogs(jobId: string, options: CallOptions): Promise<string> {
    return this.getLogs(jobId, options);
  }

  override async *followLogs(jobId: string, options: FollowLogsOptions = {}): AsyncIterable<string> {
    let offset = this.followOffset(options);
    for (;;) {
      const status = await this.getJobStatus(jobId, options);
      const logs = await this.followedLogs(jobId, options);
      if (logs.length > offset) {
        yield logs.slice(offset);
        offset = logs.length;
      }
      if (isTerminalStatus(status)) return;
      await this.platform.clock.sleep(2, options.signal);
    }
  }

  override async uploadFile(
    localPath: string,
    remotePath: string,
    options: CallOptions = {},
  ): Promise<boolean> {
    await this.enter(options.signal);
    let bytes: Buffer;
    try {
      bytes = await readFile(localPath);
    } catch (error) {
      throw new InvalidParameterError(`Cannot read the local file ${localPath}`, {
        cause: error,
        issues: [{ field: 'localPath', rule: 'must be a readable file' }],
      });
    }
    this.platform.files.set(remotePath, Buffer.from(bytes));
    return true;
  }

  override async downloadFile(
    remotePath: string,
    localPath: string,
    options: CallOptions = {},
  ): Promise<boolean> {
    await this.enter(options.signal);
    const bytes = this.platform.files.get(remotePath);
    if (!bytes) throw new CloudExecutionError(`No file at ${remotePath}`, { code: 'FILE_NOT_FOUND' });
    try {
      await writeFile(localPath, bytes);
    } catch (error) {
      throw new CloudExecutionError(`Could not write ${localPath}`, {
        code: 'DOWNLOAD_FAILED',
        cause: error,
      });
    }
    return true;
  }

  override async deployModel(
    modelPath: string,
    endpointName: string,
    options: DeployModelOptions = {},
  ): Promise<string> {
    assertEndpointName(endpointName);
    if (modelPath.trim() === '') {
      throw InvalidParameterError.fromIssues('modelPath', [
        { field: 'modelPath', rule: 'must not be blank' },
      ]);
    }
    await this.enter(options.signal);
    if (this.platform.endpoints.has(endpointName))
      throw new CloudExecutionError(`Endpoint ${endpointName} exists`, { code: 'ENDPOINT_EXISTS' });
    const url = `https://inference.example/${endpointName}`;
    this.platform.endpoints.set(endpointName, modelPath);
    return url;
  }

  override async deleteEndpoint(endpointName: string, options: CallOptions = {}): Promise<boolean> {
    assertEndpointName(endpointName);
    await this.enter(options.signal);
    return this.platform.endpoints.delete(endpointName);
  }

  override async getResourceUsage(options: CallOptions = {}): Promise<ResourceUsage> {
    await this.enter(options.signal);
    const statuses = [...this.platform.jobs.values()].map((job) => this.platform.statusOf(job));
    return {
      totalGpus: 8,
      usedGpus: 0,
      availableGpus: 8,
      runningJobs: statuses.filter((s) => s === JobStatus.RUNNING).length,
      pendingJobs: statuses.filter((s) => s === JobStatus.PENDING).length,
      region: 'memory-1',
    };
  }
}
