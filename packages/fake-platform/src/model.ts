import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type Clock,
  type JsonValue,
  parseOrThrow,
  REDACTED,
  ResourceConfigSchema,
  SECRET_FIELD_PATTERN,
  systemClock,
  toParameterIssues,
} from '@neural/integrations-core';
import { z } from 'zod';
import {
  FAULT_KINDS,
  type FakePlatformOptions,
  FakePlatformOptionsSchema,
  type FaultKind,
  type FaultOptions,
  FaultOptionsSchema,
  type ResolvedFakePlatformOptions,
  type ResolvedFaultOptions,
} from './options.js';
import { type JobPlan, planJob } from './plan.js';
import { invalidRequest, PlatformProblem } from './problems.js';
import { createPrng, ulid } from './random.js';

/** The platform's own job states (the connector maps them onto `JobStatus`). */
export const JOB_STATES = ['QUEUED', 'STARTING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
/** A platform job state. */
export type JobState = (typeof JOB_STATES)[number];
/** The states a job never leaves. */
export const TERMINAL_JOB_STATES: readonly JobState[] = Object.freeze(['COMPLETED', 'FAILED', 'CANCELLED']);
/** Whether `state` is one a job never leaves. */
export const isTerminalJobState = (state: JobState): boolean => TERMINAL_JOB_STATES.includes(state);

/** A job as every job route returns it. */
export interface JobJson {
  /** `job_` and a ULID: time-ordered, drawn from the seeded PRNG. */
  id: string;
  /** The name given at submit, or null. */
  name: string | null;
  /** The state now, computed from the platform clock. */
  state: JobState;
  /** When it was submitted (ISO). */
  createdAt: string;
  /** When it began RUNNING (ISO), or null (never, for a job cancelled before). */
  startedAt: string | null;
  /** When it reached a terminal state (ISO), or null. */
  finishedAt: string | null;
  /** The ResourceConfig JSON given at submit (`{}` when none). */
  resources: Record<string, JsonValue>;
}

/** `GET /v1/jobs/{id}/result`. */
export interface JobResultJson {
  /** The job's id. */
  jobId: string;
  /** Its state now; the other fields are filled once it is terminal. */
  state: JobState;
  /** What it printed (`output=` directive, or its `print` literals). */
  output?: string;
  /** Why it failed. */
  error?: string;
  /** `metrics=` of a completed job. */
  metrics: Record<string, JsonValue>;
  /** `artifacts=` of a completed job. */
  artifacts: string[];
  /** Where its log is served. */
  logsUrl?: string;
  /** Seconds from RUNNING to its end. */
  durationSeconds?: number;
}

/** One event of the NDJSON log stream. */
export type LogEvent = { type: 'log'; offset: number; content: string } | { type: 'end'; state: JobState };

/** A stored file. */
export interface StoredFile {
  /** The normalised relative path. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  /** The bytes as they arrived, chunk by chunk (served back the same way). */
  chunks: readonly Uint8Array[];
}

/** A deployed model endpoint. */
export interface EndpointJson {
  /** The endpoint's name (lower-case letters, digits, dashes). */
  name: string;
  /** Where it would be served: `<baseUrl>/endpoints/<name>`. */
  url: string;
  /** The model it serves. */
  modelPath: string;
  /** Always `ready`: the fake deploys at once. */
  status: 'ready';
  /** The ResourceConfig JSON given at deploy. */
  resources?: Record<string, JsonValue>;
}

/** A request the platform received, with secrets redacted. */
export interface RecordedRequest {
  /** 1, 2, … in arrival order. */
  seq: number;
  /** Arrival time on the platform clock (ISO). */
  at: string;
  /** The HTTP method. */
  method: string;
  /** Path and query, with secret-looking query parameters redacted. */
  path: string;
  /** Header names lower-cased; `authorization`, API keys, cookies and the like are `[REDACTED]`. */
  headers: Record<string, string>;
  /** The OpenAPI `operationId` of the route, when one matched. */
  operationId?: string;
  /** The status answered; absent while in flight or when the connection was dropped. */
  status?: number;
  /** The fault injected into this request, if any. */
  fault?: FaultKind;
}

interface LogLine {
  at: number;
  start: number;
  text: string;
}

interface JobRecord {
  readonly id: string;
  readonly index: number;
  readonly name: string | null;
  readonly code: string;
  readonly resources: Record<string, JsonValue>;
  readonly createdAt: number;
  readonly plan: JobPlan;
  readonly startingAt: number;
  readonly runningAt: number;
  readonly naturalEnd: number;
  ending: { state: JobState; at: number; output?: string; error?: string } | undefined;
  log: LogLine[];
}

/** The zod schema of the `POST /v1/jobs` body ({@link SubmitJobBody}). */
export const SubmitBodySchema = z.strictObject({
  code: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(1_000_000, 'is too long'),
  name: z.string().max(256, 'must be at most 256 characters').nullish(),
  resources: ResourceConfigSchema.optional(),
  environment: z.record(z.string(), z.string(), { error: 'must map names to strings' }).optional(),
  dependencies: z.array(z.string(), { error: 'must be an array of strings' }).optional(),
});

/** The body of `POST /v1/jobs`. */
export type SubmitJobBody = z.input<typeof SubmitBodySchema>;

const EndpointBodySchema = z.strictObject({
  name: z
    .string({ error: 'must be a string' })
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1-63 lower-case letters, digits or dashes'),
  modelPath: z.string({ error: 'must be a string' }).min(1, 'must not be empty'),
  resources: ResourceConfigSchema.optional(),
});

const FinishBodySchema = z.strictObject({
  state: z.enum(['COMPLETED', 'FAILED', 'CANCELLED'], { error: 'must be COMPLETED, FAILED or CANCELLED' }),
  output: z.string().optional(),
  error: z.string().optional(),
});

/** Throws an `INVALID_REQUEST` naming every bad field of `input`. */
export function parseBody<S extends z.ZodType>(schema: S, input: unknown, status = 422): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = toParameterIssues(result.error, input).map(({ field, rule }) => ({
    field: field || 'body',
    rule,
  }));
  throw new PlatformProblem('INVALID_REQUEST', errors.map((e) => `${e.field} ${e.rule}`).join('; '), {
    status,
    errors,
  });
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();

/** A cursor is the index (in creation order) below which the next page starts: O(1) to resume. */
function encodeCursor(before: number): string {
  return Buffer.from(`c1.${before}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^c1\.(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw invalidRequest('cursor', 'is not a cursor this platform issued', 400);
  return Number(match[1]);
}

/**
 * Resolves a file path from the URL: percent-decoded, `.` and empty segments dropped. Absolute paths and
 * paths that climb out of the root with `..` are refused with `INVALID_PATH`.
 */
export function normalizeFilePath(raw: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new PlatformProblem('INVALID_PATH', 'The file path is not valid percent-encoding');
  }
  if (decoded.includes('\0')) throw new PlatformProblem('INVALID_PATH', 'The file path contains a NUL byte');
  if (/^([/\\]|[A-Za-z]:)/.test(decoded)) {
    throw new PlatformProblem('INVALID_PATH', 'The file path must be relative, not absolute');
  }
  const segments = decoded.split(/[/\\]/).filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) {
    throw new PlatformProblem('INVALID_PATH', 'The file path must not contain ".." segments');
  }
  if (segments.length === 0) throw new PlatformProblem('INVALID_PATH', 'The file path is empty');
  return segments.join('/');
}

/** What {@link FakePlatformModel.decideFault} chose for one request. */
export interface FaultDecision {
  /** The fault to inject, if any. */
  kind: FaultKind | undefined;
  /** Latency to add before answering, in ms. */
  latencyMs: number;
}

/**
 * The whole fake platform as plain in-memory state: jobs, tokens, files, endpoints, idempotency keys, fault
 * settings and the request log. The HTTP handlers only translate between the wire and this class; tests may
 * call it directly (advance the clock, finish a job, inspect requests).
 *
 * Job states are never stored as they progress: they are computed from the clock when read, so no timers run
 * and a manual clock drives everything. Whatever may wake a waiter (clock moved by the model, job created,
 * cancelled or finished) fires {@link FakePlatformModel.subscribe} listeners; waiters also sleep on the
 * platform clock until the next scheduled transition, so advancing a manual clock directly wakes them too.
 */
export class FakePlatformModel {
  /** The options after defaults. */
  readonly options: ResolvedFakePlatformOptions;
  /** The API key `POST /v1/auth/token` accepts. */
  readonly apiKey: string;
  readonly #baseClock: Clock;
  #offsetMs = 0;
  /** The platform clock: the configured clock plus whatever `advance` added on a clock that cannot move. */
  readonly clock: Clock;
  #jobs: JobRecord[] = [];
  #jobsById = new Map<string, JobRecord>();
  #active = new Set<JobRecord>();
  #idempotency = new Map<string, { fingerprint: string; jobId: string }>();
  #tokens = new Map<string, number>();
  #files = new Map<string, StoredFile>();
  #endpoints = new Map<string, EndpointJson>();
  #requests: RecordedRequest[] = [];
  #requestSeq = 0;
  #faults: ResolvedFaultOptions;
  #faultRandom: () => number;
  #idRandom: () => number;
  #listeners = new Set<() => void>();
  #disposed = new AbortController();

  constructor(options: FakePlatformOptions = {}) {
    this.options = parseOrThrow(FakePlatformOptionsSchema, options, 'fake platform options');
    this.apiKey = this.options.apiKey ?? `fpk_${randomBytes(18).toString('base64url')}`;
    this.#baseClock = this.options.clock ?? systemClock;
    const base = this.#baseClock;
    this.clock = Object.freeze({
      now: () => base.now() + this.#offsetMs,
      sleep: (ms: number, signal?: AbortSignal) => base.sleep(ms, signal),
    });
    this.#faults = this.options.faults;
    this.#faultRandom = createPrng(this.options.seed);
    this.#idRandom = createPrng(this.options.seed ^ 0x9e3779b9);
  }

  /** Now, on the platform clock (ms since the epoch). */
  now(): number {
    return this.clock.now();
  }

  /**
   * Moves the platform clock forward by `ms`: a manual clock is advanced (waking its sleepers), any other
   * clock gets an offset. Waiters re-check their jobs either way.
   */
  async advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw invalidRequest('ms', 'must be a non-negative number');
    const manual = this.#baseClock as Partial<{ advance(ms: number): Promise<void> }>;
    if (typeof manual.advance === 'function') await manual.advance(ms);
    else this.#offsetMs += ms;
    this.#notify();
  }

  /** Calls `listener` whenever jobs change or the model moved the clock; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  /**
   * Resolves at the first of: a change notification, the platform clock reaching `wakeAt`, `signal` aborting.
   * Never rejects; callers re-read state afterwards.
   */
  async waitForChange(wakeAt: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted || this.#disposed.signal.aborted) return;
    const done = new AbortController();
    const onAbort = () => done.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    this.#disposed.signal.addEventListener('abort', onAbort, { once: true, signal: done.signal });
    try {
      await new Promise<void>((resolve) => {
        const unsubscribe = this.subscribe(resolve);
        done.signal.addEventListener('abort', () => {
          unsubscribe();
          resolve();
        });
        if (Number.isFinite(wakeAt)) {
          this.clock.sleep(Math.max(0, wakeAt - this.now()), done.signal).then(resolve, () => {});
        }
      });
    } finally {
      done.abort();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  // ---------------------------------------------------------------- auth

  /** Exchanges the API key for a bearer token, or throws `INVALID_API_KEY`. */
  issueToken(apiKey: unknown): {
    accessToken: string;
    tokenType: 'Bearer';
    expiresIn: number;
    expiresAt: string;
  } {
    const given = createHash('sha256')
      .update(typeof apiKey === 'string' ? apiKey : '')
      .digest();
    const expected = createHash('sha256').update(this.apiKey).digest();
    if (typeof apiKey !== 'string' || !timingSafeEqual(given, expected)) {
      throw new PlatformProblem('INVALID_API_KEY', 'The API key is not valid');
    }
    const now = this.now();
    if (this.#tokens.size > 10_000) {
      // Tokens long expired are forgotten; they then read as unknown rather than expired.
      for (const [token, expiresAt] of this.#tokens) {
        if (expiresAt + this.options.tokenTtlMs < now) this.#tokens.delete(token);
      }
    }
    const accessToken = `fpt_${randomBytes(24).toString('base64url')}`;
    const expiresAt = now + this.options.tokenTtlMs;
    this.#tokens.set(accessToken, expiresAt);
    return {
      accessToken,
      tokenType: 'Bearer',
      // Fractional for sub-second TTLs, so a client never reads a lifetime of 0.
      expiresIn: this.options.tokenTtlMs / 1000,
      expiresAt: iso(expiresAt),
    };
  }

  /** Checks an `Authorization` header; returns the token, or throws `UNAUTHENTICATED` / `TOKEN_EXPIRED`. */
  authenticate(authorization: string | null): string {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match)
      throw new PlatformProblem('UNAUTHENTICATED', 'An Authorization: Bearer <token> header is required');
    const token = match[1] as string;
    const expiresAt = this.#tokens.get(token);
    if (expiresAt === undefined)
      throw new PlatformProblem('UNAUTHENTICATED', 'The access token is not known');
    if (this.now() >= expiresAt) throw new PlatformProblem('TOKEN_EXPIRED', 'The access token has expired');
    return token;
  }

  /** Makes `token` expire now (the `token-expired` fault; tests). */
  expireToken(token: string): void {
    if (this.#tokens.has(token)) this.#tokens.set(token, this.now());
  }

  // ---------------------------------------------------------------- jobs

  /**
   * Submits a job. With an idempotency key, the same key and the same body return the first job
   * (`replayed: true`); another body is `IDEMPOTENCY_KEY_REUSED`.
   */
  submitJob(body: unknown, idempotencyKey?: string | null): { job: JobJson; replayed: boolean } {
    const input = parseBody(SubmitBodySchema, body);
    let fingerprint = '';
    if (idempotencyKey !== undefined && idempotencyKey !== null) {
      if (idempotencyKey.length === 0 || idempotencyKey.length > 255) {
        throw invalidRequest('Idempotency-Key', 'must be 1 to 255 characters', 400);
      }
      fingerprint = sha256Hex(canonicalJson(input));
      const previous = this.#idempotency.get(idempotencyKey);
      if (previous) {
        if (previous.fingerprint !== fingerprint) {
          throw new PlatformProblem(
            'IDEMPOTENCY_KEY_REUSED',
            'This Idempotency-Key was used with a different request body',
          );
        }
        const job = this.#jobsById.get(previous.jobId);
        if (job) return { job: this.#toJson(job, this.now()), replayed: true };
      }
    }
    const o = this.options;
    const plan = planJob(input.code, {
      durationMs: o.defaultDurationMs,
      queueMs: o.defaultQueueMs,
      startingMs: o.defaultStartingMs,
    });
    const createdAt = this.now();
    const id = `job_${ulid(createdAt, this.#idRandom)}`;
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
    for (const [at, text] of lines) this.#appendLog(job, at, text);
    this.#jobs.push(job);
    this.#jobsById.set(id, job);
    this.#active.add(job);
    if (idempotencyKey) this.#idempotency.set(idempotencyKey, { fingerprint, jobId: id });
    this.#notify();
    return { job: this.#toJson(job, createdAt), replayed: false };
  }

  #appendLog(job: JobRecord, at: number, text: string): void {
    // A print of several lines writes several log lines, as a real job's output does.
    for (const line of text.split('\n')) {
      const last = job.log[job.log.length - 1];
      const start = last ? last.start + last.text.length : 0;
      job.log.push({ at, start, text: `${line}\n` });
    }
  }

  #job(id: string): JobRecord {
    const job = this.#jobsById.get(id);
    if (!job) throw new PlatformProblem('JOB_NOT_FOUND', `No job with id ${id}`);
    return job;
  }

  #state(job: JobRecord, now: number): JobState {
    if (job.ending) return job.ending.state;
    if (now >= job.naturalEnd) return job.plan.fail === undefined ? 'COMPLETED' : 'FAILED';
    if (now >= job.runningAt) return 'RUNNING';
    if (now >= job.startingAt) return 'STARTING';
    return 'QUEUED';
  }

  /** When the job's state will next change by itself (Infinity when it will not). */
  #nextTransition(job: JobRecord, now: number): number {
    if (job.ending) return Number.POSITIVE_INFINITY;
    for (const at of [job.startingAt, job.runningAt, job.naturalEnd]) if (at > now) return at;
    return Number.POSITIVE_INFINITY;
  }

  #finishedAt(job: JobRecord, now: number): number | undefined {
    if (job.ending) return job.ending.at;
    return now >= job.naturalEnd ? job.naturalEnd : undefined;
  }

  #toJson(job: JobRecord, now: number): JobJson {
    const finishedAt = this.#finishedAt(job, now);
    const started = job.runningAt <= (finishedAt ?? now);
    return {
      id: job.id,
      name: job.name,
      state: this.#state(job, now),
      createdAt: iso(job.createdAt),
      startedAt: started ? iso(job.runningAt) : null,
      finishedAt: finishedAt === undefined ? null : iso(finishedAt),
      resources: job.resources,
    };
  }

  /** The job, or `JOB_NOT_FOUND`. */
  getJob(id: string): JobJson {
    return this.#toJson(this.#job(id), this.now());
  }

  /** Every job id, oldest first (for tests and the chaos check). */
  get jobIds(): string[] {
    return this.#jobs.map((job) => job.id);
  }

  /** How many jobs exist. */
  get jobCount(): number {
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
  listJobs(query: { limit?: number; states?: readonly JobState[]; cursor?: string }): {
    jobs: JobJson[];
    nextCursor: string | null;
  } {
    const limit = query.limit ?? 10;
    const wanted = query.states && query.states.length > 0 ? new Set(query.states) : undefined;
    const start =
      query.cursor === undefined
        ? this.#jobs.length
        : Math.min(decodeCursor(query.cursor), this.#jobs.length);
    const now = this.now();
    const jobs: JobJson[] = [];
    let i = start - 1;
    let scanned = 0;
    while (i >= 0 && jobs.length < limit && scanned < this.options.listScanBudget) {
      const job = this.#jobs[i] as JobRecord;
      scanned++;
      if (!wanted || wanted.has(this.#state(job, now))) jobs.push(this.#toJson(job, now));
      i--;
    }
    return { jobs, nextCursor: i >= 0 ? encodeCursor(i + 1) : null };
  }

  /** Cancels a job; `cancelled: false` (job unchanged) when it had already finished. */
  cancelJob(id: string): { cancelled: boolean; job: JobJson } {
    const job = this.#job(id);
    const now = this.now();
    if (isTerminalJobState(this.#state(job, now))) return { cancelled: false, job: this.#toJson(job, now) };
    this.#end(job, now, { state: 'CANCELLED' }, '[platform] cancelled');
    return { cancelled: true, job: this.#toJson(job, now) };
  }

  /** Ends a job now with `state` (tests, `POST /v1/_control/jobs/{id}/finish`); false if it had ended. */
  finishJob(
    id: string,
    outcome: { state: 'COMPLETED' | 'FAILED' | 'CANCELLED'; output?: string; error?: string },
  ): { finished: boolean; job: JobJson } {
    const parsed = parseBody(FinishBodySchema, outcome);
    const job = this.#job(id);
    const now = this.now();
    if (isTerminalJobState(this.#state(job, now))) return { finished: false, job: this.#toJson(job, now) };
    this.#end(job, now, parsed, `[platform] finished as ${parsed.state}`);
    return { finished: true, job: this.#toJson(job, now) };
  }

  #end(
    job: JobRecord,
    now: number,
    ending: NonNullable<JobRecord['ending']> | Omit<NonNullable<JobRecord['ending']>, 'at'>,
    line: string,
  ): void {
    job.ending = { ...ending, at: now };
    // Lines not yet written never will be; the ones already visible keep their offsets.
    job.log = job.log.filter((entry) => entry.at <= now);
    this.#appendLog(job, now, line);
    this.#active.delete(job);
    this.#notify();
  }

  /** The job's result: output, error, metrics, artifacts and duration once it is terminal. */
  getResult(id: string): JobResultJson {
    const job = this.#job(id);
    const now = this.now();
    const state = this.#state(job, now);
    const result: JobResultJson = { jobId: job.id, state, metrics: {}, artifacts: [] };
    if (!isTerminalJobState(state)) return result;
    const finishedAt = this.#finishedAt(job, now) as number;
    result.logsUrl = `${this.options.baseUrl.replace(/\/$/, '')}/v1/jobs/${job.id}/logs`;
    if (finishedAt >= job.runningAt) result.durationSeconds = (finishedAt - job.runningAt) / 1000;
    if (job.ending) {
      if (job.ending.output !== undefined) result.output = job.ending.output;
      else if (job.ending.state === 'COMPLETED') result.output = job.plan.output;
      if (job.ending.error !== undefined) result.error = job.ending.error;
      else if (job.ending.state === 'FAILED') result.error = 'Failed by the platform';
      if (job.ending.state === 'COMPLETED') {
        result.metrics = job.plan.metrics;
        result.artifacts = job.plan.artifacts;
      }
      return result;
    }
    result.output = job.plan.output;
    result.metrics = job.plan.metrics;
    if (job.plan.fail !== undefined) result.error = job.plan.fail;
    else result.artifacts = job.plan.artifacts;
    return result;
  }

  #visibleLines(job: JobRecord, now: number): number {
    let lo = 0;
    let hi = job.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((job.log[mid] as LogLine).at <= now) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The log from `offset` (in characters) as far as written now. */
  readLogs(id: string, offset = 0): { content: string; nextOffset: number; complete: boolean } {
    const job = this.#job(id);
    const now = this.now();
    const visible = this.#visibleLines(job, now);
    const last = job.log[visible - 1];
    const end = last ? last.start + last.text.length : 0;
    // Binary search for the first line ending after `offset`: a poller's cost follows what is new.
    let lo = 0;
    let hi = visible;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const line = job.log[mid] as LogLine;
      if (line.start + line.text.length <= offset) lo = mid + 1;
      else hi = mid;
    }
    let content = '';
    for (let i = lo; i < visible; i++) {
      const line = job.log[i] as LogLine;
      content += line.text.slice(Math.max(0, offset - line.start));
    }
    const complete = isTerminalJobState(this.#state(job, now)) && visible === job.log.length;
    return { content, nextOffset: Math.max(end, offset), complete };
  }

  /**
   * Follows a job's log from `offset`: one `log` event per line as the clock reaches it, then `end` once the
   * job is terminal. Ends early (without `end`) only when `signal` aborts.
   */
  async *followLogs(id: string, offset = 0, signal?: AbortSignal): AsyncGenerator<LogEvent> {
    let position = offset;
    // Lines before this index were sent; ending a job only drops lines after `now`, so indices stay valid.
    let sent = 0;
    while (!signal?.aborted && !this.#disposed.signal.aborted) {
      const now = this.now();
      const job = this.#job(id);
      const visible = this.#visibleLines(job, now);
      for (let i = sent; i < visible; i++) {
        const line = job.log[i] as LogLine;
        const lineEnd = line.start + line.text.length;
        if (lineEnd <= position) continue;
        const from = Math.max(position, line.start);
        yield { type: 'log', offset: from, content: line.text.slice(from - line.start) };
        position = lineEnd;
      }
      sent = Math.max(sent, visible);
      const state = this.#state(job, now);
      if (isTerminalJobState(state) && visible === job.log.length) {
        yield { type: 'end', state };
        return;
      }
      const nextLine = job.log[visible]?.at ?? Number.POSITIVE_INFINITY;
      await this.waitForChange(Math.min(nextLine, this.#nextTransition(job, now)), signal);
    }
  }

  /**
   * Long-poll: the job as soon as its state differs from `since` (at once when `since` is absent), or when
   * `timeoutMs` has passed on the platform clock, or when `signal` aborts.
   */
  async waitForJob(
    id: string,
    since: JobState | undefined,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<JobJson> {
    const deadline = this.now() + timeoutMs;
    for (;;) {
      const job = this.#job(id);
      const now = this.now();
      const state = this.#state(job, now);
      if (
        since === undefined ||
        state !== since ||
        now >= deadline ||
        signal?.aborted ||
        this.#disposed.signal.aborted
      ) {
        return this.#toJson(job, now);
      }
      await this.waitForChange(Math.min(deadline, this.#nextTransition(job, now)), signal);
    }
  }

  /** Resource usage from the jobs now starting or running. */
  getUsage(): {
    totalGpus: number;
    usedGpus: number;
    availableGpus: number;
    totalCpus: number;
    usedCpus: number;
    runningJobs: number;
    pendingJobs: number;
  } {
    const now = this.now();
    let usedGpus = 0;
    let usedCpus = 0;
    let runningJobs = 0;
    let pendingJobs = 0;
    // Only unfinished jobs are visited; finished ones leave the set as they are seen.
    for (const job of this.#active) {
      const state = this.#state(job, now);
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

  // ---------------------------------------------------------------- files

  /**
   * Stores a file read chunk by chunk from `body`, hashing as it goes. With `expectedSha256`, a mismatch is
   * `CHECKSUM_MISMATCH` and nothing is stored; more than `maxFileBytes` is `PAYLOAD_TOO_LARGE`.
   */
  async putFile(
    rawPath: string,
    body: ReadableStream<Uint8Array> | null,
    expectedSha256?: string | null,
  ): Promise<{ path: string; size: number; sha256: string }> {
    const path = normalizeFilePath(rawPath);
    if (expectedSha256 != null && !/^[0-9a-f]{64}$/i.test(expectedSha256)) {
      throw invalidRequest('X-Checksum-Sha256', 'must be 64 hexadecimal characters', 400);
    }
    const hash = createHash('sha256');
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (body) {
      const reader = body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          size += value.byteLength;
          if (size > this.options.maxFileBytes) {
            throw new PlatformProblem(
              'PAYLOAD_TOO_LARGE',
              `Files may be at most ${this.options.maxFileBytes} bytes`,
            );
          }
          hash.update(value);
          chunks.push(value);
        }
      } finally {
        reader.releaseLock();
      }
    }
    const sha256 = hash.digest('hex');
    if (expectedSha256 != null && expectedSha256.toLowerCase() !== sha256) {
      throw new PlatformProblem(
        'CHECKSUM_MISMATCH',
        `The body's SHA-256 is ${sha256}, not ${expectedSha256}`,
      );
    }
    this.#files.set(path, { path, size, sha256, chunks });
    return { path, size, sha256 };
  }

  /** A stored file, or `FILE_NOT_FOUND`. */
  getFile(rawPath: string): StoredFile {
    const path = normalizeFilePath(rawPath);
    const file = this.#files.get(path);
    if (!file) throw new PlatformProblem('FILE_NOT_FOUND', `No file at ${path}`);
    return file;
  }

  // ---------------------------------------------------------------- endpoints

  /** Deploys a model endpoint, or `ENDPOINT_EXISTS`. */
  createEndpoint(body: unknown): EndpointJson {
    const input = parseBody(EndpointBodySchema, body);
    if (this.#endpoints.has(input.name)) {
      throw new PlatformProblem('ENDPOINT_EXISTS', `An endpoint named ${input.name} already exists`);
    }
    const endpoint: EndpointJson = {
      name: input.name,
      url: `${this.options.baseUrl.replace(/\/$/, '')}/endpoints/${input.name}`,
      modelPath: input.modelPath,
      status: 'ready',
      ...(input.resources ? { resources: input.resources as Record<string, JsonValue> } : {}),
    };
    this.#endpoints.set(input.name, endpoint);
    return endpoint;
  }

  /** Deletes an endpoint, or `ENDPOINT_NOT_FOUND`. */
  deleteEndpoint(name: string): void {
    if (!this.#endpoints.delete(name)) {
      throw new PlatformProblem('ENDPOINT_NOT_FOUND', `No endpoint named ${name}`);
    }
  }

  /** The deployed endpoints. */
  get endpoints(): EndpointJson[] {
    return [...this.#endpoints.values()];
  }

  // ---------------------------------------------------------------- faults and requests

  /** The fault settings in force. */
  get faults(): ResolvedFaultOptions {
    return this.#faults;
  }

  /** Replaces the fault settings (validated; `INVALID_REQUEST` names the bad field). */
  setFaults(faults: FaultOptions): void {
    this.#faults = parseBody(FaultOptionsSchema, faults);
  }

  /**
   * Draws the fault for one request to `operationId` from the seeded PRNG: the same seed and the same
   * sequence of requests give the same faults. `token-expired` is only drawn for routes that authenticate.
   */
  decideFault(operationId: string, authenticated: boolean): FaultDecision {
    const faults = this.#faults;
    const route = faults.routes[operationId];
    const rate = route?.rate ?? faults.rate;
    const latencyMs = route?.latencyMs ?? faults.latencyMs;
    if (rate <= 0) return { kind: undefined, latencyMs };
    const draw = this.#faultRandom();
    const pick = this.#faultRandom();
    if (draw >= rate) return { kind: undefined, latencyMs };
    const kinds = (route?.kinds ?? faults.kinds ?? [...FAULT_KINDS]).filter(
      (kind) => authenticated || kind !== 'token-expired',
    );
    const kind = kinds[Math.floor(pick * kinds.length)];
    return { kind, latencyMs };
  }

  /** Records an arriving request (secrets redacted) and returns the record, to be completed with its status. */
  recordRequest(request: Request, operationId?: string): RecordedRequest {
    const url = new URL(request.url);
    for (const key of [...url.searchParams.keys()]) {
      if (SECRET_FIELD_PATTERN.test(key)) url.searchParams.set(key, REDACTED);
    }
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = SECRET_FIELD_PATTERN.test(name) || value.includes(this.apiKey) ? REDACTED : value;
    });
    const record: RecordedRequest = {
      seq: ++this.#requestSeq,
      at: iso(this.now()),
      method: request.method,
      path: url.pathname + url.search,
      headers,
      ...(operationId ? { operationId } : {}),
    };
    if (this.options.maxRecordedRequests > 0) {
      this.#requests.push(record);
      if (this.#requests.length > this.options.maxRecordedRequests) this.#requests.shift();
    }
    return record;
  }

  /** The requests received, oldest first (a copy). */
  get requests(): RecordedRequest[] {
    return [...this.#requests];
  }

  /** Forgets the recorded requests. */
  clearRequests(): void {
    this.#requests = [];
  }

  /**
   * Back to a fresh platform: jobs, files, endpoints, idempotency keys and recorded requests are dropped and
   * the fault settings and PRNG return to their initial state. Tokens and the clock are kept, so a connected
   * client stays authenticated.
   */
  reset(): void {
    for (const job of this.#jobs) if (!job.ending) job.ending = { state: 'CANCELLED', at: this.now() };
    this.#jobs = [];
    this.#jobsById.clear();
    this.#active.clear();
    this.#idempotency.clear();
    this.#files.clear();
    this.#endpoints.clear();
    this.#requests = [];
    this.#faults = this.options.faults;
    this.#faultRandom = createPrng(this.options.seed);
    this.#notify();
  }

  /**
   * Ends every long-poll (answering with the job as it is) and every log stream (closing it without `end`,
   * as a real platform going away would). The state stays readable, so a test can inspect it after closing.
   */
  dispose(): void {
    this.#disposed.abort();
    this.#notify();
  }
}
