import type { JsonValue } from '@neural/integrations-core';
import type { ResolvedFakePlatformOptions } from '../options.js';
import { planJob } from '../plan.js';
import { PlatformProblem } from '../problems.js';
import { ulid } from '../random.js';
import { FinishBodySchema, parseBody, SubmitBodySchema } from './bodies.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { IdempotencyKeys } from './idempotency.js';
import { appendLog, endJob, type JobRecord, nextTransition, stateAt, toJobJson } from './job-record.js';
import { isTerminalJobState, type JobState } from './job-states.js';
import type { PlatformClock } from './platform-clock.js';
import type { JobJson } from './wire.js';

/** What the jobs now starting or running use, and what the platform has. */
export interface PlatformUsage {
  totalGpus: number;
  usedGpus: number;
  availableGpus: number;
  totalCpus: number;
  usedCpus: number;
  runningJobs: number;
  pendingJobs: number;
}

/** The platform's jobs: submitted, listed, cancelled, finished, waited on. */
export class JobStore {
  #jobs: JobRecord[] = [];
  #jobsById = new Map<string, JobRecord>();
  #active = new Set<JobRecord>();

  constructor(
    private readonly options: ResolvedFakePlatformOptions,
    private readonly time: PlatformClock,
    private readonly idempotency: IdempotencyKeys,
    private readonly idRandom: () => number,
  ) {}

  /**
   * Submits a job. With an idempotency key, the same key and the same body return the first job
   * (`replayed: true`); another body is `IDEMPOTENCY_KEY_REUSED`.
   */
  submit(body: unknown, idempotencyKey?: string | null): { job: JobJson; replayed: boolean } {
    const input = parseBody(SubmitBodySchema, body);
    const claim =
      idempotencyKey !== undefined && idempotencyKey !== null
        ? this.idempotency.claim(idempotencyKey, input)
        : undefined;
    const previous = claim?.previousJobId === undefined ? undefined : this.#jobsById.get(claim.previousJobId);
    if (previous) return { job: toJobJson(previous, this.time.now()), replayed: true };
    const o = this.options;
    const plan = planJob(input.code, {
      durationMs: o.defaultDurationMs,
      queueMs: o.defaultQueueMs,
      startingMs: o.defaultStartingMs,
    });
    const createdAt = this.time.now();
    const id = `job_${ulid(createdAt, this.idRandom)}`;
    const startingAt = createdAt + plan.queueMs;
    const runningAt = startingAt + plan.startingMs;
    const naturalEnd = runningAt + plan.durationMs;
    const job: JobRecord = {
      id,
      index: this.#jobs.length,
      name: input.name ?? null,
      code: input.code,
      resources: (input.resources ?? {}) as Record<string, JsonValue>,
      createdAt,
      plan,
      startingAt,
      runningAt,
      naturalEnd,
      ending: undefined,
      log: [],
    };
    const lines: Array<[number, string]> = [[createdAt, `[platform] job ${id} queued`]];
    if (plan.startingMs > 0) lines.push([startingAt, '[platform] starting']);
    lines.push([runningAt, '[platform] running']);
    const span = Number.isFinite(plan.durationMs) ? plan.durationMs : o.defaultDurationMs;
    plan.logLines.forEach((text, i) => {
      lines.push([runningAt + Math.floor((span * (i + 1)) / (plan.logLines.length + 1)), text]);
    });
    if (Number.isFinite(naturalEnd)) {
      lines.push([
        naturalEnd,
        plan.fail === undefined ? '[platform] completed' : `[platform] failed: ${plan.fail}`,
      ]);
    }
    for (const [at, text] of lines) appendLog(job, at, text);
    this.#jobs.push(job);
    this.#jobsById.set(id, job);
    this.#active.add(job);
    if (idempotencyKey) claim?.remember(id);
    this.time.notify();
    return { job: toJobJson(job, createdAt), replayed: false };
  }

  /** The stored job, or `JOB_NOT_FOUND`. */
  record(id: string): JobRecord {
    const job = this.#jobsById.get(id);
    if (!job) throw new PlatformProblem('JOB_NOT_FOUND', `No job with id ${id}`);
    return job;
  }

  /** The job as the routes return it, or `JOB_NOT_FOUND`. */
  get(id: string): JobJson {
    return toJobJson(this.record(id), this.time.now());
  }

  /** Every job id, oldest first. */
  get ids(): string[] {
    return this.#jobs.map((job) => job.id);
  }

  /** How many jobs exist. */
  get count(): number {
    return this.#jobs.length;
  }

  /**
   * A page of jobs, newest first. The cursor is the creation index to continue below, so resuming costs O(1)
   * and jobs submitted meanwhile never shift a page. Without a state filter a page inspects exactly `limit`
   * jobs. With one, states are computed lazily from the clock (no per-state index can stay sorted as jobs
   * progress by themselves), so a page scans at most `listScanBudget` jobs: O(limit + skipped), bounded by a
   * constant, never by the total. When the budget runs out the page may hold fewer than `limit` jobs and
   * still carry a `nextCursor`; only `nextCursor: null` means the end.
   */
  list(query: { limit?: number; states?: readonly JobState[]; cursor?: string }): {
    jobs: JobJson[];
    nextCursor: string | null;
  } {
    const limit = query.limit ?? 10;
    const wanted = query.states && query.states.length > 0 ? new Set(query.states) : undefined;
    const start =
      query.cursor === undefined
        ? this.#jobs.length
        : Math.min(decodeCursor(query.cursor), this.#jobs.length);
    const now = this.time.now();
    const jobs: JobJson[] = [];
    let i = start - 1;
    let scanned = 0;
    while (i >= 0 && jobs.length < limit && scanned < this.options.listScanBudget) {
      const job = this.#jobs[i] as JobRecord;
      scanned++;
      if (!wanted || wanted.has(stateAt(job, now))) jobs.push(toJobJson(job, now));
      i--;
    }
    return { jobs, nextCursor: i >= 0 ? encodeCursor(i + 1) : null };
  }

  /** Cancels a job; `cancelled: false` (job unchanged) when it had already finished. */
  cancel(id: string): { cancelled: boolean; job: JobJson } {
    const job = this.record(id);
    const now = this.time.now();
    if (isTerminalJobState(stateAt(job, now))) return { cancelled: false, job: toJobJson(job, now) };
    this.#end(job, now, { state: 'CANCELLED' }, '[platform] cancelled');
    return { cancelled: true, job: toJobJson(job, now) };
  }

  /** Ends a job now with `state`; false if it had ended. */
  finish(
    id: string,
    outcome: { state: 'COMPLETED' | 'FAILED' | 'CANCELLED'; output?: string; error?: string },
  ): { finished: boolean; job: JobJson } {
    const parsed = parseBody(FinishBodySchema, outcome);
    const job = this.record(id);
    const now = this.time.now();
    if (isTerminalJobState(stateAt(job, now))) return { finished: false, job: toJobJson(job, now) };
    this.#end(job, now, parsed, `[platform] finished as ${parsed.state}`);
    return { finished: true, job: toJobJson(job, now) };
  }

  #end(job: JobRecord, now: number, ending: Parameters<typeof endJob>[2], line: string): void {
    endJob(job, now, ending, line);
    this.#active.delete(job);
    this.time.notify();
  }

  /**
   * Long-poll: the job as soon as its state differs from `since` (at once when `since` is absent), or when
   * `timeoutMs` has passed on the platform clock, or when `signal` aborts.
   */
  async waitFor(
    id: string,
    since: JobState | undefined,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<JobJson> {
    const deadline = this.time.now() + timeoutMs;
    for (;;) {
      const job = this.record(id);
      const now = this.time.now();
      const state = stateAt(job, now);
      if (
        since === undefined ||
        state !== since ||
        now >= deadline ||
        signal?.aborted ||
        this.time.disposedSignal.aborted
      ) {
        return toJobJson(job, now);
      }
      await this.time.waitForChange(Math.min(deadline, nextTransition(job, now)), signal);
    }
  }

  /** Resource usage from the jobs now starting or running. */
  usage(): PlatformUsage {
    const now = this.time.now();
    let usedGpus = 0;
    let usedCpus = 0;
    let runningJobs = 0;
    let pendingJobs = 0;
    // Only unfinished jobs are visited; finished ones leave the set as they are seen.
    for (const job of this.#active) {
      const state = stateAt(job, now);
      if (isTerminalJobState(state)) {
        this.#active.delete(job);
        continue;
      }
      if (state === 'QUEUED') {
        pendingJobs++;
        continue;
      }
      if (state === 'RUNNING') runningJobs++;
      else pendingJobs++;
      const resources = job.resources;
      usedGpus +=
        typeof resources.gpuCount === 'number' ? resources.gpuCount : resources.gpuEnabled === true ? 1 : 0;
      usedCpus += typeof resources.cpuCount === 'number' ? resources.cpuCount : 1;
    }
    const { totalGpus, totalCpus } = this.options;
    return {
      totalGpus,
      usedGpus,
      availableGpus: Math.max(0, totalGpus - usedGpus),
      totalCpus,
      usedCpus,
      runningJobs,
      pendingJobs,
    };
  }

  /** Forgets every job; those still running are marked cancelled first, for anyone holding their records. */
  clear(): void {
    for (const job of this.#jobs) if (!job.ending) job.ending = { state: 'CANCELLED', at: this.time.now() };
    this.#jobs = [];
    this.#jobsById.clear();
    this.#active.clear();
  }
}
