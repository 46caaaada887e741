import { mkdir, readFile } from 'node:fs/promises';
import { dirname, posix, resolve } from 'node:path';
import {
  AuthenticationError,
  assertJobId,
  assertLocalPath,
  BaseConnector,
  type CallOptions,
  type Clock,
  CloudConnectionError,
  CloudException,
  CloudExecutionError,
  type ConnectorOptions,
  type DeployModelOptions,
  type FollowLogsOptions,
  InvalidParameterError,
  isTerminalStatus,
  JobNotFoundError,
  JobResult,
  JobStatus,
  type JobSummary,
  type ListJobsOptions,
  type Logger,
  OperationAbortedError,
  type ParsedSubmitJobRequest,
  parseListJobsOptions,
  parseOrThrow,
  parseRemotePath,
  parseSubmitJobRequest,
  ResourceConfig,
  type ResourceUsage,
  type SubmitJobRequest,
  systemClock,
  throwIfAborted,
  writeFileAtomic,
} from '@neural/integrations-core';
import { z } from 'zod';
import { type JobDirectives, parseDirectives } from './directives.js';

/** The credentials a {@link MockConnector} takes: an API key, optional. */
export interface MockCredentials {
  /** The key `authenticate()` checks against `acceptApiKey` / `invalidApiKey`. */
  apiKey?: string | undefined;
}

/** Every method of the contract a {@link MockConnector} implements, with its arguments and resolved result. */
export interface MockMethodSignatures {
  /** `authenticate(options?)`. */
  authenticate: { args: [options?: CallOptions]; result: boolean };
  /** `submitJob(request)`. */
  submitJob: { args: [request: SubmitJobRequest]; result: string };
  /** `getJobStatus(jobId, options?)`. */
  getJobStatus: { args: [jobId: string, options?: CallOptions]; result: JobStatus };
  /** `getJobResult(jobId, options?)`. */
  getJobResult: { args: [jobId: string, options?: CallOptions]; result: JobResult };
  /** `cancelJob(jobId, options?)`. */
  cancelJob: { args: [jobId: string, options?: CallOptions]; result: boolean };
  /** `listJobs(options?)`. */
  listJobs: { args: [options?: ListJobsOptions]; result: JobSummary[] };
  /** `getLogs(jobId, options?)`. */
  getLogs: { args: [jobId: string, options?: CallOptions]; result: string };
  /** `deployModel(modelPath, endpointName, options?)`. */
  deployModel: {
    args: [modelPath: string, endpointName: string, options?: DeployModelOptions];
    result: string;
  };
  /** `deleteEndpoint(endpointName, options?)`. */
  deleteEndpoint: { args: [endpointName: string, options?: CallOptions]; result: boolean };
  /** `uploadFile(localPath, remotePath, options?)`. */
  uploadFile: { args: [localPath: string, remotePath: string, options?: CallOptions]; result: boolean };
  /** `downloadFile(remotePath, localPath, options?)`. */
  downloadFile: { args: [remotePath: string, localPath: string, options?: CallOptions]; result: boolean };
  /** `getResourceUsage(options?)`. */
  getResourceUsage: { args: [options?: CallOptions]; result: ResourceUsage };
  /** `followLogs(jobId, options?)`: the result is every chunk the stream yielded. */
  followLogs: { args: [jobId: string, options?: FollowLogsOptions]; result: string[] };
}

/** The name of a method a {@link MockConnector} records, overrides and injects failures into. */
export type MockMethod = keyof MockMethodSignatures;

/** The arguments of a {@link MockMethod}, as a tuple. */
export type MockArgs<M extends MockMethod> = MockMethodSignatures[M]['args'];

/** What a {@link MockMethod} resolves to (for `followLogs`, the chunks it yields). */
export type MockResult<M extends MockMethod> = MockMethodSignatures[M]['result'];

/** Every method name, in contract order. */
export const MOCK_METHODS: readonly MockMethod[] = Object.freeze([
  'authenticate',
  'submitJob',
  'getJobStatus',
  'getJobResult',
  'cancelJob',
  'listJobs',
  'getLogs',
  'deployModel',
  'deleteEndpoint',
  'uploadFile',
  'downloadFile',
  'getResourceUsage',
  'followLogs',
] as const);

/** Methods whose result is itself an array: for them a list of values is an array of arrays. */
const ARRAY_RESULT_METHODS: ReadonlySet<MockMethod> = new Set(['listJobs', 'followLogs']);

/**
 * Replaces a method's in-memory behaviour, as the AI SDK's mock models do:
 * - a value: returned by every call;
 * - a list of values: one per call, in order, and the last one repeats once the list is used up (for
 *   `listJobs` and `followLogs`, whose results are arrays, a list is an array of arrays);
 * - a function: called with the method's arguments; what it returns (or throws) is the call's outcome.
 *
 * Arguments are still validated first, and injected failures, hangs and refused credentials still apply.
 */
export type MockOverride<M extends MockMethod> =
  | MockResult<M>
  | readonly MockResult<M>[]
  | ((...args: MockArgs<M>) => MockResult<M> | Promise<MockResult<M>>);

/** Per-method overrides: see {@link MockOverride}. */
export type MockOverrides = { [M in MockMethod]?: MockOverride<M> };

/** One recorded call of a {@link MockMethod}. */
export interface MockCall<M extends MockMethod> {
  /** The arguments it was called with. */
  readonly args: MockArgs<M>;
  /** When it was called, on the connector's clock (milliseconds). */
  readonly at: number;
  /** `pending` until it settles; `returned` with a `result`, or `threw` with an `error`. */
  readonly state: 'pending' | 'returned' | 'threw';
  /** What it resolved to, once `state` is `returned`. */
  readonly result?: MockResult<M>;
  /** What it threw, once `state` is `threw`. */
  readonly error?: unknown;
}

/** Every call made to a {@link MockConnector}, per method, oldest first. */
export type MockCalls = { readonly [M in MockMethod]: readonly MockCall<M>[] };

/** When an injected failure strikes: before the call has any effect, or after it has acted. */
export type InjectedFailureTiming = 'before' | 'after';

/** A deployed endpoint, as the mock keeps it. */
export interface MockEndpoint {
  /** The endpoint's name. */
  readonly name: string;
  /** The model it serves. */
  readonly modelPath: string;
  /** The URL `deployModel` returned. */
  readonly url: string;
  /** The resources it runs on. */
  readonly resourceConfig: ResourceConfig;
  /** When it was deployed, on the connector's clock. */
  readonly createdAt: number;
}

/** The capacity `getResourceUsage` reports against. */
export interface MockCapacity {
  /** GPUs in the mock platform. Default 8. */
  totalGpus?: number;
  /** CPUs in the mock platform. Default 64. */
  totalCpus?: number;
  /** Memory in the mock platform, in GB. Default 512. */
  memoryGb?: number;
}

/** What `new MockConnector(options)` takes; every field is optional. */
export interface MockConnectorOptions extends ConnectorOptions {
  /** The credentials (`{ apiKey }`); optional, as a mock needs none. */
  credentials?: MockCredentials | undefined;
  /** When set, only this key is accepted: `authenticate()` returns `false` and other calls throw `AuthenticationError` for any other. */
  acceptApiKey?: string | undefined;
  /** When set, this key is refused (and every other accepted). */
  invalidApiKey?: string | undefined;
  /** Where time is read and waited on. Default `systemClock`; tests pass `createManualClock()`. */
  clock?: Clock | undefined;
  /** How long a job stays PENDING, unless its code says `# @fake queue=…`. Default 100 ms. */
  queueMs?: number | undefined;
  /** How long a job runs, unless its code says `# @fake duration=…`. Default 2 000 ms. */
  durationMs?: number | undefined;
  /** Per-method overrides: see {@link MockOverride}. */
  overrides?: MockOverrides | undefined;
  /** The capacity `getResourceUsage()` reports against. */
  capacity?: MockCapacity | undefined;
  /** Where the connector logs its operations (silent by default). */
  logger?: Logger | undefined;
}

const nonNegativeMs = (what: string) =>
  z
    .number({ error: `must be a number of milliseconds ${what}` })
    .int('must be a whole number of milliseconds')
    .nonnegative('must not be negative')
    .optional();
const positiveWhole = z.number().int('must be a whole number').nonnegative('must not be negative').optional();

const MockConnectorOptionsSchema = z.strictObject({
  credentials: z
    .strictObject({ apiKey: z.string().min(1, 'must be a non-empty string').optional() })
    .optional(),
  acceptApiKey: z.string().min(1, 'must be a non-empty string').optional(),
  invalidApiKey: z.string().min(1, 'must be a non-empty string').optional(),
  clock: z
    .custom<Clock>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as Clock).now === 'function' &&
        typeof (value as Clock).sleep === 'function',
      'must be a Clock (with now() and sleep())',
    )
    .optional(),
  queueMs: nonNegativeMs('to stay pending'),
  durationMs: nonNegativeMs('to run'),
  overrides: z
    .strictObject(Object.fromEntries(MOCK_METHODS.map((m) => [m, z.unknown().optional()])))
    .optional(),
  capacity: z
    .strictObject({
      totalGpus: positiveWhole,
      totalCpus: positiveWhole,
      memoryGb: z.number().nonnegative().optional(),
    })
    .optional(),
  logger: z
    .custom<Logger>(
      (value) => typeof value === 'object' && value !== null && typeof (value as Logger).info === 'function',
      'must be a Logger',
    )
    .optional(),
});

const ENDPOINT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

interface MockJob {
  readonly id: string;
  readonly seq: number;
  readonly request: ParsedSubmitJobRequest;
  readonly directives: JobDirectives;
  readonly fingerprint: string;
  readonly submittedAt: number;
  readonly startAt: number;
  /** `Infinity` for a job that runs forever. */
  readonly endAt: number;
  ended: { status: 'cancelled' | 'failed'; at: number; error: string | undefined } | undefined;
  /** The `followLogs` streams open on this job. */
  readonly streams: Set<LogStream>;
}

interface LogStream {
  /** Interrupts the stream's current wait, if any. */
  wake: () => void;
  /** Set by `breakLogStreams`: the stream throws it at its next step. */
  broken: CloudException | undefined;
}

interface JobView {
  status: JobStatus;
  rawState: string;
  startedAt: number | undefined;
  finishedAt: number | undefined;
  /** The run reached its planned end (so it produced its output, metrics and artifacts). */
  completedRun: boolean;
}

interface LogEntry {
  at: number;
  text: string;
}

interface MutableCall {
  args: unknown[];
  at: number;
  state: 'pending' | 'returned' | 'threw';
  result?: unknown;
  error?: unknown;
}

interface Injection {
  error: CloudException | (() => CloudException) | undefined;
  when: InjectedFailureTiming;
}

interface Hang {
  remaining: number;
  release: Set<() => void>;
}

function fail(subject: string, field: string, rule: string): InvalidParameterError {
  return InvalidParameterError.fromIssues(subject, [{ field, rule }]);
}

function assertMethod(method: unknown): asserts method is MockMethod {
  if (!(MOCK_METHODS as readonly unknown[]).includes(method)) {
    throw fail('method', 'method', `must be one of ${MOCK_METHODS.join(', ')}`);
  }
}

function assertPositiveCount(n: unknown, field: string): asserts n is number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw fail(field, field, 'must be a whole number of at least 1');
  }
}

function assertNonEmptyString(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) throw fail(field, field, 'must be a non-empty string');
}

/**
 * The store key for the test-side accessors (`getStoredFile`, `putStoredFile`), which take a path as a test
 * writes it (`./models/a.bin`); what the contract's methods receive goes through `parseRemotePath` as is.
 */
function storeKey(remotePath: string): string {
  return parseRemotePath(typeof remotePath === 'string' ? posix.normalize(remotePath) : remotePath);
}

function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * An in-memory connector for application tests: a real implementation of the whole contract (every required
 * and optional method) with a deterministic job lifecycle on an injectable clock, per-method overrides, every
 * call recorded, and failure injection.
 *
 * A job stays PENDING for `queueMs`, RUNNING for `durationMs`, then SUCCEEDED, unless its code asks otherwise
 * with the fake platform's `# @fake` directives (`duration=`, `queue=`, `fail=`, `output=`, `metrics=`,
 * `artifacts=`, `log=`, `forever`).
 *
 * @example
 * ```ts
 * const clock = createManualClock();
 * const connector = new MockConnector({ clock, durationMs: 5_000 });
 * const jobId = await connector.submitJob({ code: 'print("hi")' });
 * const done = waitForCompletion(connector, jobId, { clock, pollIntervalMs: 1_000 });
 * await clock.advance(10_000);
 * (await done).output; // 'hi'
 * ```
 */
export class MockConnector extends BaseConnector<MockCredentials> {
  readonly #clock: Clock;
  readonly #queueMs: number;
  readonly #durationMs: number;
  readonly #acceptApiKey: string | undefined;
  readonly #invalidApiKey: string | undefined;
  readonly #capacity: Required<MockCapacity>;
  readonly #overrides = new Map<MockMethod, unknown>();
  readonly #overrideUses = new Map<MockMethod, number>();
  readonly #calls = new Map<MockMethod, MutableCall[]>();
  readonly #injections = new Map<MockMethod, Injection[]>();
  readonly #hangs = new Map<MockMethod, Hang>();
  readonly #jobs = new Map<string, MockJob>();
  readonly #idempotencyKeys = new Map<string, string>();
  readonly #files = new Map<string, Uint8Array>();
  readonly #endpoints = new Map<string, MockEndpoint>();
  #nextSeq = 1;

  constructor(options: MockConnectorOptions = {}) {
    const parsed = parseOrThrow(MockConnectorOptionsSchema, options, 'MockConnector options', {
      redactValues: true,
    });
    super(parsed.credentials ?? {}, { logger: options.logger });
    this.declaredCapabilities = { idempotency: true };
    this.#clock = parsed.clock ?? systemClock;
    this.#queueMs = parsed.queueMs ?? 100;
    this.#durationMs = parsed.durationMs ?? 2_000;
    this.#acceptApiKey = parsed.acceptApiKey;
    this.#invalidApiKey = parsed.invalidApiKey;
    this.redactor.add(parsed.acceptApiKey).add(parsed.invalidApiKey);
    this.#capacity = {
      totalGpus: parsed.capacity?.totalGpus ?? 8,
      totalCpus: parsed.capacity?.totalCpus ?? 64,
      memoryGb: parsed.capacity?.memoryGb ?? 512,
    };
    for (const method of MOCK_METHODS) this.#calls.set(method, []);
    for (const [method, override] of Object.entries(options.overrides ?? {})) {
      if (override !== undefined) this.override(method as MockMethod, override as MockOverride<MockMethod>);
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Test controls

  /** Every call made so far, per method, oldest first (`connector.calls.getJobStatus[0].args`). */
  get calls(): MockCalls {
    return Object.fromEntries(MOCK_METHODS.map((m) => [m, [...this.#calls.get(m)!]])) as unknown as MockCalls;
  }

  /** Forgets the recorded calls (jobs, files and endpoints stay). */
  resetCalls(): void {
    for (const method of MOCK_METHODS) this.#calls.set(method, []);
  }

  /** Sets (or replaces) the override of one method; see {@link MockOverride}. */
  override<M extends MockMethod>(method: M, override: MockOverride<M>): this {
    assertMethod(method);
    if (Array.isArray(override) && override.length === 0 && !ARRAY_RESULT_METHODS.has(method)) {
      throw fail('override', `overrides.${method}`, 'a list of values must not be empty');
    }
    this.#overrides.set(method, override);
    this.#overrideUses.set(method, 0);
    return this;
  }

  /** Removes a method's override: it goes back to its in-memory behaviour. */
  clearOverride(method: MockMethod): this {
    assertMethod(method);
    this.#overrides.delete(method);
    return this;
  }

  /**
   * Makes the next `n` calls of `method` fail with `error` (default: a retryable `CloudConnectionError`, a
   * fresh one per call). With `when: 'after'` the call acts first and then fails, as when a platform stored a
   * job but its response never arrived.
   */
  failNext(
    method: MockMethod,
    n = 1,
    error?: CloudException | (() => CloudException),
    options: { when?: InjectedFailureTiming } = {},
  ): this {
    assertMethod(method);
    assertPositiveCount(n, 'n');
    if (error !== undefined && typeof error !== 'function' && !CloudException.isInstance(error)) {
      throw fail('failNext', 'error', 'must be a CloudException (every error a connector throws is one)');
    }
    const when = options.when ?? 'before';
    if (when !== 'before' && when !== 'after') throw fail('failNext', 'when', 'must be "before" or "after"');
    const queue = this.#injections.get(method) ?? [];
    for (let i = 0; i < n; i++) queue.push({ error, when });
    this.#injections.set(method, queue);
    return this;
  }

  /**
   * Makes calls of `method` hang until their `signal` aborts (they then reject with `OperationAbortedError`)
   * or until {@link resume} is called. A call without a signal hangs until resumed. `times` limits how many
   * calls hang (default: every one until resumed).
   */
  hang(method: MockMethod, options: { times?: number } = {}): this {
    assertMethod(method);
    if (options.times !== undefined) assertPositiveCount(options.times, 'times');
    const existing = this.#hangs.get(method);
    this.#hangs.set(method, {
      remaining: options.times ?? Number.POSITIVE_INFINITY,
      release: existing?.release ?? new Set(),
    });
    return this;
  }

  /** Stops `method` hanging: calls hanging now go on as normal, later ones do not hang. */
  resume(method: MockMethod): this {
    assertMethod(method);
    const hang = this.#hangs.get(method);
    this.#hangs.delete(method);
    for (const release of hang?.release ?? []) release();
    return this;
  }

  /**
   * Fails a pending or running job now, with `message` as its error. Returns `false` (and changes nothing)
   * when the job had already finished.
   *
   * @throws JobNotFoundError for an unknown id.
   */
  failJob(jobId: string, message = 'Job failed (MockConnector.failJob)'): boolean {
    const job = this.#job(jobId);
    if (isTerminalStatus(this.#view(job).status)) return false;
    job.ended = { status: 'failed', at: this.#clock.now(), error: message };
    this.#wake(job);
    return true;
  }

  /**
   * Breaks every `followLogs` stream open on `jobId`: each throws `error` (default: a `CloudConnectionError`
   * saying the stream broke) at once, before the job has ended. Streams opened later are not affected.
   */
  breakLogStreams(jobId: string, error?: CloudException): void {
    const job = this.#job(jobId);
    for (const stream of job.streams) {
      stream.broken =
        error ?? new CloudConnectionError(`The log stream of job ${jobId} broke before the job ended`);
    }
    this.#wake(job);
  }

  /** A copy of the bytes stored at `remotePath`, or `undefined`. */
  getStoredFile(remotePath: string): Uint8Array | undefined {
    const bytes = this.#files.get(storeKey(remotePath));
    return bytes && new Uint8Array(bytes);
  }

  /** Stores bytes at `remotePath` directly (to seed files a test will download). */
  putStoredFile(remotePath: string, bytes: Uint8Array | string): void {
    const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : new Uint8Array(bytes);
    this.#files.set(storeKey(remotePath), data);
  }

  /** The endpoint deployed under `name`, or `undefined`. */
  getEndpoint(name: string): MockEndpoint | undefined {
    return this.#endpoints.get(name);
  }

  // ---------------------------------------------------------------------------------------------------------
  // The contract

  /** `true` when the key is accepted (see `acceptApiKey` / `invalidApiKey`), `false` when refused. */
  async authenticate(options: CallOptions = {}): Promise<boolean> {
    return this.#call(
      'authenticate',
      [options],
      options.signal,
      () => {},
      async () => {
        this.authenticated = this.#keyAccepted();
        return this.authenticated;
      },
    );
  }

  /** Stores a job and returns its id; the same `idempotencyKey` returns the same job, never a second one. */
  async submitJob(request: SubmitJobRequest): Promise<string> {
    let parsed: ParsedSubmitJobRequest | undefined;
    let directives: JobDirectives | undefined;
    return this.#call(
      'submitJob',
      [request],
      request?.signal,
      () => {
        parsed = parseSubmitJobRequest(request);
        directives = parseDirectives(parsed.code);
      },
      async () => this.#storeJob(parsed!, directives!),
    );
  }

  /** The job's status now, on the connector's clock. */
  async getJobStatus(jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    return this.#call(
      'getJobStatus',
      [jobId, options],
      options.signal,
      () => assertJobId(jobId),
      async () => this.#view(this.#job(jobId)).status,
    );
  }

  /** The job's result so far: output, metrics and artifacts once its run completed; an error when it failed. */
  async getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResult> {
    return this.#call(
      'getJobResult',
      [jobId, options],
      options.signal,
      () => assertJobId(jobId),
      async () => this.#result(this.#job(jobId)),
    );
  }

  /** Cancels a pending or running job (`true`); a finished one is left unchanged (`false`). */
  async cancelJob(jobId: string, options: CallOptions = {}): Promise<boolean> {
    return this.#call(
      'cancelJob',
      [jobId, options],
      options.signal,
      () => assertJobId(jobId),
      async () => {
        const job = this.#job(jobId);
        if (isTerminalStatus(this.#view(job).status)) return false;
        job.ended = { status: 'cancelled', at: this.#clock.now(), error: undefined };
        this.#wake(job);
        this.logger.info('Job cancelled', { jobId });
        return true;
      },
    );
  }

  /**
   * Jobs newest first, at most `limit` (default 10), only those in `statusFilter` when given; each with the
   * idempotency key it was submitted with, so `reconcile` can find it.
   */
  async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    let parsed: ReturnType<typeof parseListJobsOptions> | undefined;
    return this.#call(
      'listJobs',
      [options],
      options?.signal,
      () => {
        parsed = parseListJobsOptions(options);
      },
      async () => {
        const { limit, statusFilter } = parsed!;
        return [...this.#jobs.values()]
          .sort((a, b) => b.submittedAt - a.submittedAt || b.seq - a.seq)
          .map((job) => ({ job, view: this.#view(job) }))
          .filter(({ view }) => statusFilter === undefined || view.status === statusFilter)
          .slice(0, limit)
          .map(({ job, view }) =>
            Object.freeze({
              id: job.id,
              name: job.request.jobName,
              status: view.status,
              rawState: view.rawState,
              createdAt: new Date(job.submittedAt),
              idempotencyKey: job.request.idempotencyKey,
            }),
          );
      },
    );
  }

  /** The job's log so far: its lifecycle, its `# @fake log=` lines, and its output once the run completed. */
  async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    return this.#call(
      'getLogs',
      [jobId, options],
      options.signal,
      () => assertJobId(jobId),
      async () => this.#logText(this.#job(jobId), this.#clock.now()),
    );
  }

  /** Deploys `modelPath` as the endpoint `endpointName` and returns its URL; an existing name is refused. */
  override async deployModel(
    modelPath: string,
    endpointName: string,
    options: DeployModelOptions = {},
  ): Promise<string> {
    let resourceConfig: ResourceConfig | undefined;
    return this.#call(
      'deployModel',
      [modelPath, endpointName, options],
      options.signal,
      () => {
        assertNonEmptyString(modelPath, 'modelPath');
        if (typeof endpointName !== 'string' || !ENDPOINT_NAME.test(endpointName)) {
          throw fail(
            'endpointName',
            'endpointName',
            'must be 1 to 63 lowercase letters, digits and "-", starting and ending with a letter or digit',
          );
        }
        resourceConfig = ResourceConfig.from(options.resourceConfig);
      },
      async () => {
        if (this.#endpoints.has(endpointName)) {
          throw new CloudExecutionError(`Endpoint ${endpointName} already exists`, {
            code: 'ENDPOINT_EXISTS',
          });
        }
        const url = `https://mock.invalid/endpoints/${endpointName}`;
        this.#endpoints.set(
          endpointName,
          Object.freeze({
            name: endpointName,
            modelPath,
            url,
            resourceConfig: resourceConfig!,
            createdAt: this.#clock.now(),
          }),
        );
        return url;
      },
    );
  }

  /** Deletes an endpoint: `true` when it existed, `false` when there was none. */
  override async deleteEndpoint(endpointName: string, options: CallOptions = {}): Promise<boolean> {
    return this.#call(
      'deleteEndpoint',
      [endpointName, options],
      options.signal,
      () => assertNonEmptyString(endpointName, 'endpointName'),
      async () => this.#endpoints.delete(endpointName),
    );
  }

  /** Reads `localPath` and stores its bytes, exactly, at `remotePath`. */
  override async uploadFile(
    localPath: string,
    remotePath: string,
    options: CallOptions = {},
  ): Promise<boolean> {
    let key = '';
    return this.#call(
      'uploadFile',
      [localPath, remotePath, options],
      options.signal,
      () => {
        assertLocalPath(localPath);
        key = parseRemotePath(remotePath);
      },
      async () => {
        let bytes: Buffer;
        try {
          bytes = await readFile(localPath, { signal: options.signal });
        } catch (error) {
          throwIfAborted(options.signal);
          const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
          throw new InvalidParameterError(`Cannot upload ${localPath}: ${code}`, {
            issues: [{ field: 'localPath', rule: `must be a readable file (${code})` }],
            cause: error,
          });
        }
        this.#files.set(key, new Uint8Array(bytes));
        return true;
      },
    );
  }

  /**
   * Writes the bytes stored at `remotePath` to `localPath` (creating its folder), through a temporary file
   * renamed into place, so a failed download leaves no partial file.
   *
   * @throws CloudExecutionError with code `FILE_NOT_FOUND` when nothing is stored there.
   */
  override async downloadFile(
    remotePath: string,
    localPath: string,
    options: CallOptions = {},
  ): Promise<boolean> {
    let key = '';
    return this.#call(
      'downloadFile',
      [remotePath, localPath, options],
      options.signal,
      () => {
        key = parseRemotePath(remotePath);
        assertLocalPath(localPath);
      },
      async () => {
        const bytes = this.#files.get(key);
        if (!bytes) throw new CloudExecutionError(`No file at ${key}`, { code: 'FILE_NOT_FOUND' });
        const target = resolve(localPath);
        try {
          await mkdir(dirname(target), { recursive: true });
          // 0o666 (less the umask), as a plain write would make it: a download is not a secret.
          await writeFileAtomic(target, bytes, { mode: 0o666, signal: options.signal });
        } catch (error) {
          throwIfAborted(options.signal);
          throw new CloudExecutionError(`Could not write ${target}`, {
            code: 'DOWNLOAD_FAILED',
            cause: error,
          });
        }
        return true;
      },
    );
  }

  /** GPUs, CPUs and memory in use by running jobs against the configured capacity, and job counts. */
  override async getResourceUsage(options: CallOptions = {}): Promise<ResourceUsage> {
    return this.#call(
      'getResourceUsage',
      [options],
      options.signal,
      () => {},
      async () => {
        let usedGpus = 0;
        let usedCpus = 0;
        let usedMemoryGb = 0;
        let runningJobs = 0;
        let pendingJobs = 0;
        for (const job of this.#jobs.values()) {
          const { status } = this.#view(job);
          if (status === JobStatus.PENDING) pendingJobs++;
          if (status !== JobStatus.RUNNING) continue;
          runningJobs++;
          const config = job.request.resourceConfig;
          usedGpus += config.gpuCount;
          usedCpus += config.cpuCount ?? 1;
          usedMemoryGb += config.memoryGb ?? 0;
        }
        const { totalGpus, totalCpus, memoryGb } = this.#capacity;
        return Object.freeze({
          totalGpus,
          usedGpus,
          availableGpus: Math.max(0, totalGpus - usedGpus),
          totalCpus,
          usedCpus,
          availableCpus: Math.max(0, totalCpus - usedCpus),
          memoryGb,
          usedMemoryGb,
          runningJobs,
          pendingJobs,
          endpoints: this.#endpoints.size,
        });
      },
    );
  }

  /**
   * Streams the job's log as it is written (from `fromOffset`), ending once the job is terminal and every line
   * has been yielded. Waits on the connector's clock; throws `OperationAbortedError` when the signal aborts and
   * the injected error when {@link breakLogStreams} breaks it.
   */
  override async *followLogs(jobId: string, options: FollowLogsOptions = {}): AsyncIterable<string> {
    const args: MockArgs<'followLogs'> = [jobId, options];
    const call: MutableCall = { args, at: this.#clock.now(), state: 'pending' };
    this.#calls.get('followLogs')!.push(call);
    const chunks: string[] = [];
    try {
      const signal = options?.signal;
      const { after, overridden } = await this.#prepare('followLogs', args, signal, () => {
        assertJobId(jobId);
        const offset = options.fromOffset;
        if (offset !== undefined && (!Number.isInteger(offset) || offset < 0)) {
          throw fail('followLogs options', 'fromOffset', 'must be a whole number of characters, at least 0');
        }
      });
      if (after) throw after;
      const source: AsyncIterable<string> | Iterable<string> = overridden
        ? (overridden.value as MockResult<'followLogs'>)
        : this.#streamLogs(this.#job(jobId), options.fromOffset ?? 0, signal);
      for await (const chunk of source) {
        chunks.push(chunk);
        yield chunk;
      }
      call.state = 'returned';
      call.result = chunks;
    } catch (error) {
      call.state = 'threw';
      call.error = error;
      throw error;
    } finally {
      if (call.state === 'pending') {
        // The consumer stopped early (break/return): the call ended without error, with what it got.
        call.state = 'returned';
        call.result = chunks;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Machinery

  async #call<M extends MockMethod>(
    method: M,
    args: MockArgs<M>,
    signal: AbortSignal | undefined,
    validate: () => void,
    implementation: () => Promise<MockResult<M>>,
  ): Promise<MockResult<M>> {
    const call: MutableCall = { args: args as unknown[], at: this.#clock.now(), state: 'pending' };
    this.#calls.get(method)!.push(call);
    try {
      const { after, overridden } = await this.#prepare(method, args, signal, validate);
      const result = overridden ? (overridden.value as MockResult<M>) : await implementation();
      if (after) throw after;
      call.state = 'returned';
      call.result = result;
      return result;
    } catch (error) {
      call.state = 'threw';
      call.error = error;
      throw error;
    }
  }

  /**
   * Everything that happens before a method's own behaviour, in the order a real client meets it: the signal,
   * local validation, a hang, an injected failure, the platform refusing the key, then an override.
   */
  async #prepare<M extends MockMethod>(
    method: M,
    args: MockArgs<M>,
    signal: AbortSignal | undefined,
    validate: () => void,
  ): Promise<{ after: CloudException | undefined; overridden: { value: unknown } | undefined }> {
    throwIfAborted(signal);
    validate();
    await this.#maybeHang(method, signal);
    throwIfAborted(signal);
    const injection = this.#injections.get(method)?.shift();
    const injected = injection && this.#injectedError(method, injection);
    if (injection?.when === 'before') throw injected;
    if (method !== 'authenticate' && !this.#keyAccepted()) {
      throw new AuthenticationError('The mock platform refused the API key');
    }
    let overridden: { value: unknown } | undefined;
    if (this.#overrides.has(method)) overridden = { value: await this.#resolveOverride(method, args) };
    return { after: injection?.when === 'after' ? injected : undefined, overridden };
  }

  #injectedError(method: MockMethod, injection: Injection): CloudException {
    if (typeof injection.error === 'function') return injection.error();
    return (
      injection.error ??
      new CloudConnectionError(`Injected failure of ${method}() (MockConnector.failNext)`, {
        code: 'INJECTED_FAILURE',
      })
    );
  }

  async #resolveOverride<M extends MockMethod>(method: M, args: MockArgs<M>): Promise<unknown> {
    const spec = this.#overrides.get(method);
    const use = this.#overrideUses.get(method) ?? 0;
    this.#overrideUses.set(method, use + 1);
    if (typeof spec === 'function')
      return await (spec as (...a: unknown[]) => unknown)(...(args as unknown[]));
    const isList =
      Array.isArray(spec) &&
      (!ARRAY_RESULT_METHODS.has(method) || (spec.length > 0 && spec.every(Array.isArray)));
    if (!isList) return spec;
    const list = spec as readonly unknown[];
    return list[Math.min(use, list.length - 1)];
  }

  async #maybeHang(method: MockMethod, signal: AbortSignal | undefined): Promise<void> {
    const hang = this.#hangs.get(method);
    if (!hang || hang.remaining <= 0) return;
    hang.remaining--;
    await new Promise<void>((resolvePromise, reject) => {
      const release = () => {
        signal?.removeEventListener('abort', onAbort);
        resolvePromise();
      };
      const onAbort = () => {
        hang.release.delete(release);
        reject(new OperationAbortedError(`${method}() was aborted while hanging`, { cause: signal?.reason }));
      };
      hang.release.add(release);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #keyAccepted(): boolean {
    const key = this.credentials.apiKey;
    if (this.#acceptApiKey !== undefined) return key === this.#acceptApiKey;
    return this.#invalidApiKey === undefined || key !== this.#invalidApiKey;
  }

  #storeJob(request: ParsedSubmitJobRequest, directives: JobDirectives): string {
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
    const seq = this.#nextSeq++;
    const submittedAt = this.#clock.now();
    const startAt = submittedAt + (directives.queueMs ?? this.#queueMs);
    const job: MockJob = {
      id: `mock-job-${seq}`,
      seq,
      request: { ...request, signal: undefined },
      directives,
      fingerprint,
      submittedAt,
      startAt,
      endAt: directives.forever
        ? Number.POSITIVE_INFINITY
        : startAt + (directives.durationMs ?? this.#durationMs),
      ended: undefined,
      streams: new Set(),
    };
    this.#jobs.set(job.id, job);
    if (key !== undefined) this.#idempotencyKeys.set(key, job.id);
    this.logger.info('Job submitted', { jobId: job.id, jobName: request.jobName });
    return job.id;
  }

  #job(jobId: string): MockJob {
    assertJobId(jobId);
    const job = this.#jobs.get(jobId);
    if (!job) throw new JobNotFoundError(jobId);
    return job;
  }

  #view(job: MockJob): JobView {
    const now = this.#clock.now();
    if (job.ended) {
      const startedAt = job.ended.at >= job.startAt ? job.startAt : undefined;
      return {
        status: job.ended.status,
        rawState: job.ended.status === 'cancelled' ? 'CANCELLED' : 'FAILED',
        startedAt,
        finishedAt: job.ended.at,
        completedRun: false,
      };
    }
    if (now < job.startAt)
      return {
        status: JobStatus.PENDING,
        rawState: 'QUEUED',
        startedAt: undefined,
        finishedAt: undefined,
        completedRun: false,
      };
    if (now < job.endAt)
      return {
        status: JobStatus.RUNNING,
        rawState: 'RUNNING',
        startedAt: job.startAt,
        finishedAt: undefined,
        completedRun: false,
      };
    const failed = job.directives.fail !== undefined;
    return {
      status: failed ? JobStatus.FAILED : JobStatus.SUCCEEDED,
      rawState: failed ? 'FAILED' : 'COMPLETED',
      startedAt: job.startAt,
      finishedAt: job.endAt,
      completedRun: true,
    };
  }

  #result(job: MockJob): JobResult {
    const view = this.#view(job);
    const now = this.#clock.now();
    const ranFor =
      view.startedAt === undefined
        ? view.finishedAt === undefined
          ? undefined
          : 0
        : Math.max(0, (view.finishedAt ?? now) - view.startedAt) / 1000;
    const { directives } = job;
    return new JobResult({
      jobId: job.id,
      status: view.status,
      rawState: view.rawState,
      output: view.completedRun ? directives.output : undefined,
      error: view.status === JobStatus.FAILED ? (job.ended?.error ?? directives.fail) : undefined,
      metrics: view.completedRun ? { ...directives.metrics } : {},
      artifacts: view.completedRun ? [...directives.artifacts] : [],
      logsUrl: `mock://jobs/${job.id}/logs`,
      durationSeconds: ranFor,
    });
  }

  /** Every log line the job will write if nothing ends it early, with when it is written. */
  #plannedLog(job: MockJob): LogEntry[] {
    const { directives, request } = job;
    const config = request.resourceConfig;
    const where = `${config.instanceType}${config.gpuCount > 0 ? ` with ${config.gpuCount} GPU(s)` : ''}`;
    const entries: LogEntry[] = [
      { at: job.submittedAt, text: `[${isoAt(job.submittedAt)}] job ${job.id} queued` },
      { at: job.startAt, text: `[${isoAt(job.startAt)}] job ${job.id} started on ${where}` },
    ];
    const span = Number.isFinite(job.endAt) ? job.endAt - job.startAt : this.#durationMs;
    directives.logs.forEach((text, i) => {
      entries.push({ at: job.startAt + Math.floor((span * (i + 1)) / (directives.logs.length + 1)), text });
    });
    if (Number.isFinite(job.endAt)) {
      if (directives.output !== undefined) entries.push({ at: job.endAt, text: directives.output });
      entries.push({
        at: job.endAt,
        text:
          directives.fail === undefined
            ? `[${isoAt(job.endAt)}] job ${job.id} succeeded`
            : `[${isoAt(job.endAt)}] job ${job.id} failed: ${directives.fail}`,
      });
    }
    return entries;
  }

  #logEntries(job: MockJob, now: number): LogEntry[] {
    const until = job.ended ? Math.min(now, job.ended.at) : now;
    const entries = this.#plannedLog(job).filter((entry) => entry.at <= until);
    if (job.ended && job.ended.at <= now) {
      const { at, status, error } = job.ended;
      entries.push({
        at,
        text:
          status === 'cancelled'
            ? `[${isoAt(at)}] job ${job.id} cancelled`
            : `[${isoAt(at)}] job ${job.id} failed: ${error}`,
      });
    }
    return entries;
  }

  #logText(job: MockJob, now: number): string {
    return this.#logEntries(job, now)
      .map((entry) => `${entry.text}\n`)
      .join('');
  }

  async *#streamLogs(
    job: MockJob,
    fromOffset: number,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<string> {
    const stream: LogStream = { wake: () => {}, broken: undefined };
    job.streams.add(stream);
    try {
      yield* this.#streamFrom(job, stream, fromOffset, signal);
    } finally {
      job.streams.delete(stream);
    }
  }

  async *#streamFrom(
    job: MockJob,
    stream: LogStream,
    fromOffset: number,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<string> {
    let offset = fromOffset;
    for (;;) {
      throwIfAborted(signal);
      if (stream.broken) throw stream.broken;
      const now = this.#clock.now();
      const text = this.#logText(job, now);
      if (text.length > offset) {
        const chunk = text.slice(offset);
        offset = text.length;
        yield chunk;
        continue;
      }
      if (isTerminalStatus(this.#view(job).status)) return;
      const next = this.#plannedLog(job)
        .map((entry) => entry.at)
        .concat(job.endAt)
        .filter((at) => at > now)
        .reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
      await this.#waitForChange(stream, next - now, signal);
    }
  }

  /** Sleeps on the clock until `delayMs` passes or the job changes (cancel, failJob, a broken stream). */
  async #waitForChange(stream: LogStream, delayMs: number, signal: AbortSignal | undefined): Promise<void> {
    const woken = new AbortController();
    stream.wake = () => woken.abort();
    const combined = signal ? AbortSignal.any([signal, woken.signal]) : woken.signal;
    try {
      if (Number.isFinite(delayMs)) {
        await this.#clock.sleep(delayMs, combined);
      } else {
        await new Promise<void>((_, reject) => {
          if (combined.aborted) reject(new OperationAbortedError());
          combined.addEventListener('abort', () => reject(new OperationAbortedError()), { once: true });
        });
      }
    } catch (error) {
      if (signal?.aborted) throw new OperationAbortedError(undefined, { cause: signal.reason });
      if (!woken.signal.aborted) throw error;
    } finally {
      stream.wake = () => {};
    }
  }

  #wake(job: MockJob): void {
    for (const stream of [...job.streams]) stream.wake();
  }
}
