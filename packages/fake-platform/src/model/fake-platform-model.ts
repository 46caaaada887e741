import { randomBytes } from 'node:crypto';
import { type Clock, createPrng, parseOrThrow, systemClock } from '@neural/integrations-core';
import {
  type FakePlatformOptions,
  FakePlatformOptionsSchema,
  type FaultOptions,
  type ResolvedFakePlatformOptions,
  type ResolvedFaultOptions,
} from '../options.js';
import { EndpointStore } from './endpoints.js';
import { type FaultDecision, FaultInjector } from './faults.js';
import { FileStore } from './files.js';
import { IdempotencyKeys } from './idempotency.js';
import { followLog, readLog } from './job-logs.js';
import { resultOf } from './job-result.js';
import type { JobState } from './job-states.js';
import { JobStore, type PlatformUsage } from './jobs.js';
import { PlatformClock } from './platform-clock.js';
import { RequestLog } from './request-log.js';
import { type IssuedToken, TokenStore } from './tokens.js';
import type {
  EndpointJson,
  JobJson,
  JobResultJson,
  LogEvent,
  PlatformRequest,
  RecordedRequest,
  StoredFile,
} from './wire.js';

/**
 * The whole fake platform as plain in-memory state: jobs, tokens, files, endpoints, idempotency keys, fault
 * settings and the request log, each in its own store. The HTTP handlers only translate between the wire and
 * this class; tests may call it directly (advance the clock, finish a job, inspect requests).
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
  /** The platform clock: the configured clock plus whatever `advance` added on a clock that cannot move. */
  readonly clock: Clock;
  readonly #time: PlatformClock;
  readonly #tokens: TokenStore;
  readonly #idempotency = new IdempotencyKeys();
  readonly #jobs: JobStore;
  readonly #files: FileStore;
  readonly #endpoints: EndpointStore;
  readonly #faults: FaultInjector;
  readonly #requests: RequestLog;

  constructor(options: FakePlatformOptions = {}) {
    this.options = parseOrThrow(FakePlatformOptionsSchema, options, 'fake platform options');
    const o = this.options;
    this.apiKey = o.apiKey ?? `fpk_${randomBytes(18).toString('base64url')}`;
    this.#time = new PlatformClock(o.clock ?? systemClock);
    this.clock = this.#time.clock;
    const now = () => this.#time.now();
    this.#faults = new FaultInjector(o.faults, o.seed);
    this.#tokens = new TokenStore(this.apiKey, o.tokenTtlMs, now);
    this.#jobs = new JobStore(o, this.#time, this.#idempotency, createPrng(o.seed ^ 0x9e3779b9));
    this.#files = new FileStore(o.maxFileBytes);
    this.#endpoints = new EndpointStore(o.url);
    this.#requests = new RequestLog(o.maxRecordedRequests, this.apiKey, now);
  }

  // ---------------------------------------------------------------- clock

  /** Now, on the platform clock (ms since the epoch). */
  now(): number {
    return this.#time.now();
  }

  /**
   * Moves the platform clock forward by `ms`: a manual clock is advanced (waking its sleepers), any other
   * clock gets an offset. Waiters re-check their jobs either way.
   */
  advance(ms: number): Promise<void> {
    return this.#time.advance(ms);
  }

  /** Calls `listener` whenever jobs change or the model moved the clock; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    return this.#time.subscribe(listener);
  }

  /**
   * Resolves at the first of: a change notification, the platform clock reaching `wakeAt`, `signal` aborting.
   * Never rejects; callers re-read state afterwards.
   */
  waitForChange(wakeAt: number, signal?: AbortSignal): Promise<void> {
    return this.#time.waitForChange(wakeAt, signal);
  }

  // ---------------------------------------------------------------- auth

  /** Exchanges the API key for a bearer token, or throws `INVALID_API_KEY`. */
  issueToken(apiKey: unknown): IssuedToken {
    return this.#tokens.issue(apiKey);
  }

  /** Checks an `Authorization` header; returns the token, or throws `UNAUTHENTICATED` / `TOKEN_EXPIRED`. */
  authenticate(authorization: string | null): string {
    return this.#tokens.authenticate(authorization);
  }

  /** Makes `token` expire now (the `token-expired` fault; tests). */
  expireToken(token: string): void {
    this.#tokens.expire(token);
  }

  // ---------------------------------------------------------------- jobs

  /**
   * Submits a job. With an idempotency key, the same key and the same body return the first job
   * (`replayed: true`); another body is `IDEMPOTENCY_KEY_REUSED`.
   */
  submitJob(body: unknown, idempotencyKey?: string | null): { job: JobJson; replayed: boolean } {
    return this.#jobs.submit(body, idempotencyKey);
  }

  /** The job, or `JOB_NOT_FOUND`. */
  getJob(id: string): JobJson {
    return this.#jobs.get(id);
  }

  /** Every job id, oldest first (for tests and the chaos check). */
  get jobIds(): string[] {
    return this.#jobs.ids;
  }

  /** How many jobs exist. */
  get jobCount(): number {
    return this.#jobs.count;
  }

  /**
   * A page of jobs, newest first. The cursor is the creation index to continue below, so resuming costs O(1)
   * and jobs submitted meanwhile never shift a page. With a state filter a page scans at most `listScanBudget`
   * jobs, so it may hold fewer than `limit` jobs and still carry a `nextCursor`; only `nextCursor: null` means
   * the end.
   */
  listJobs(query: { limit?: number; states?: readonly JobState[]; cursor?: string }): {
    jobs: JobJson[];
    nextCursor: string | null;
  } {
    return this.#jobs.list(query);
  }

  /** Cancels a job; `cancelled: false` (job unchanged) when it had already finished. */
  cancelJob(id: string): { cancelled: boolean; job: JobJson } {
    return this.#jobs.cancel(id);
  }

  /** Ends a job now with `state` (tests, `POST /v1/_control/jobs/{id}/finish`); false if it had ended. */
  finishJob(
    id: string,
    outcome: { state: 'COMPLETED' | 'FAILED' | 'CANCELLED'; output?: string; error?: string },
  ): { finished: boolean; job: JobJson } {
    return this.#jobs.finish(id, outcome);
  }

  /** The job's result: output, error, metrics, artifacts and duration once it is terminal. */
  getResult(id: string): JobResultJson {
    return resultOf(this.#jobs.record(id), this.now(), this.options.url);
  }

  /** The log from `offset` (in characters) as far as written now. */
  readLogs(id: string, offset = 0): { content: string; nextOffset: number; complete: boolean } {
    return readLog(this.#jobs.record(id), this.now(), offset);
  }

  /**
   * Follows a job's log from `offset`: one `log` event per line as the clock reaches it, then `end` once the
   * job is terminal. Ends early (without `end`) only when `signal` aborts.
   */
  followLogs(id: string, offset = 0, signal?: AbortSignal): AsyncGenerator<LogEvent> {
    const time = this.#time;
    const jobs = this.#jobs;
    return followLog(
      {
        job: (jobId) => jobs.record(jobId),
        now: () => time.now(),
        waitForChange: (wakeAt, waitSignal) => time.waitForChange(wakeAt, waitSignal),
        disposedSignal: time.disposedSignal,
      },
      id,
      offset,
      signal,
    );
  }

  /**
   * Long-poll: the job as soon as its state differs from `since` (at once when `since` is absent), or when
   * `timeoutMs` has passed on the platform clock, or when `signal` aborts.
   */
  waitForJob(
    id: string,
    since: JobState | undefined,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<JobJson> {
    return this.#jobs.waitFor(id, since, timeoutMs, signal);
  }

  /** Resource usage from the jobs now starting or running. */
  getUsage(): PlatformUsage {
    return this.#jobs.usage();
  }

  // ---------------------------------------------------------------- files

  /**
   * Stores a file read chunk by chunk from `body`, hashing as it goes. With `expectedSha256`, a mismatch is
   * `CHECKSUM_MISMATCH` and nothing is stored; more than `maxFileBytes` is `PAYLOAD_TOO_LARGE`.
   */
  putFile(
    rawPath: string,
    body: ReadableStream<Uint8Array> | null,
    expectedSha256?: string | null,
  ): Promise<{ path: string; size: number; sha256: string }> {
    return this.#files.put(rawPath, body, expectedSha256);
  }

  /** A stored file, or `FILE_NOT_FOUND`. */
  getFile(rawPath: string): StoredFile {
    return this.#files.get(rawPath);
  }

  // ---------------------------------------------------------------- endpoints

  /** Deploys a model endpoint, or `ENDPOINT_EXISTS`. */
  createEndpoint(body: unknown): EndpointJson {
    return this.#endpoints.create(body);
  }

  /** Deletes an endpoint, or `ENDPOINT_NOT_FOUND`. */
  deleteEndpoint(name: string): void {
    this.#endpoints.delete(name);
  }

  /** The deployed endpoints. */
  get endpoints(): EndpointJson[] {
    return this.#endpoints.list();
  }

  // ---------------------------------------------------------------- faults and requests

  /** The fault settings in force. */
  get faults(): ResolvedFaultOptions {
    return this.#faults.settings;
  }

  /** Replaces the fault settings (validated; `INVALID_REQUEST` names the bad field). */
  setFaults(faults: FaultOptions): void {
    this.#faults.set(faults);
  }

  /**
   * Draws the fault for one request to `operationId` from the seeded PRNG: the same seed and the same
   * sequence of requests give the same faults. `token-expired` is only drawn for routes that authenticate.
   */
  decideFault(operationId: string, authenticated: boolean): FaultDecision {
    return this.#faults.decide(operationId, authenticated);
  }

  /** Records an arriving request (secrets redacted) and returns the record, to be completed with its status. */
  recordRequest(request: PlatformRequest, operationId?: string): RecordedRequest {
    return this.#requests.record(request, operationId);
  }

  /** The requests received, oldest first (a copy). */
  get requests(): RecordedRequest[] {
    return this.#requests.list();
  }

  /** Forgets the recorded requests. */
  clearRequests(): void {
    this.#requests.clear();
  }

  /**
   * Back to a fresh platform: jobs, files, endpoints, idempotency keys and recorded requests are dropped and
   * the fault settings and PRNG return to their initial state. Tokens and the clock are kept, so a connected
   * client stays authenticated.
   */
  reset(): void {
    this.#jobs.clear();
    this.#idempotency.clear();
    this.#files.clear();
    this.#endpoints.clear();
    this.#requests.clear();
    this.#faults.reset();
    this.#time.notify();
  }

  /**
   * Ends every long-poll (answering with the job as it is) and every log stream (closing it without `end`,
   * as a real platform going away would). The state stays readable, so a test can inspect it after closing.
   */
  dispose(): void {
    this.#time.dispose();
  }
}
