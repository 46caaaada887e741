import { randomUUID } from 'node:crypto';
import {
  AuthenticationError,
  type Clock,
  type Connector,
  type ConnectorCapabilities,
  getCapabilities,
  isTerminalStatus,
  type JobResult,
  JobStatus,
  type JobStatusChange,
  throwIfAborted,
  waitForCompletion,
} from '@neural/integrations-core';
import { type RecordedCall, recordConnector } from './call-recorder.js';
import { ClauseFailure, type ClauseFailureDetails, ClauseSkipped } from './clause-failure.js';
import {
  cancelUnfinished,
  jobObservation,
  recordingStatuses,
  type StatusObservation,
} from './clause-jobs.js';
import type { JobObservation } from './job-events.js';
import { credentialSecrets, describeValue, redactSecrets } from './redaction.js';
import { type ConformanceTarget, noCredentialsReason, type ResolvedTiming } from './target.js';

export type { RecordedCall } from './call-recorder.js';
export { ClauseFailure, type ClauseFailureDetails, ClauseSkipped } from './clause-failure.js';
export type { StatusObservation } from './clause-jobs.js';
export { credentialSecrets } from './redaction.js';

/** Which of the target's jobs to submit. */
export type ConformanceJobKind = 'succeeds' | 'fails' | 'runsLong';

/** What {@link ClauseContext.connectOrRefused} gives: a connector, or the `AuthenticationError` create() threw. */
export type ConnectOutcome =
  | { readonly connector: Connector; readonly refused?: undefined }
  | { readonly connector?: undefined; readonly refused: AuthenticationError };

/**
 * Everything a clause needs: fresh connectors from the target, unique names, waits with the target's timing,
 * and the assertions that turn a broken promise into a {@link ClauseFailure} naming the call.
 */
export class ClauseContext {
  /** The clause being run. */
  readonly clauseId: string;
  /** The target under test. */
  readonly target: ConformanceTarget;
  /** The target's timing, defaults filled. */
  readonly timing: ResolvedTiming;
  /** What the connector claims: its own capabilities with the target's over them. */
  readonly capabilities: ConnectorCapabilities;
  /** Aborted when the clause times out or the run is aborted. */
  readonly signal: AbortSignal;
  /** The run's clock: every wait, deadline and measured duration of the clause is on it. */
  readonly clock: Clock;
  /** Every call made through a connector this context handed out, in order. */
  readonly calls: RecordedCall[] = [];
  /** The credential values that must never be shown. */
  readonly secrets: readonly string[];
  readonly #runId: string;
  readonly #onObservation: ((event: JobObservation) => void) | undefined;
  #names = 0;
  readonly #submitted: Array<{ connector: Connector; jobId: string }> = [];

  constructor(init: {
    clauseId: string;
    target: ConformanceTarget;
    timing: ResolvedTiming;
    capabilities: ConnectorCapabilities;
    signal: AbortSignal;
    runId: string;
    /** Told what each submit, status read and cancel showed, for progress and for cancelling on a stop. */
    onObservation?: ((event: JobObservation) => void) | undefined;
    clock: Clock;
  }) {
    this.clauseId = init.clauseId;
    this.target = init.target;
    this.timing = init.timing;
    this.capabilities = init.capabilities;
    this.signal = init.signal;
    this.clock = init.clock;
    this.#runId = init.runId;
    this.#onObservation = init.onObservation;
    const credentials = init.target.credentials as { valid: unknown; invalid?: unknown };
    this.secrets = [
      ...new Set([...credentialSecrets(credentials.valid), ...credentialSecrets(credentials.invalid)]),
    ];
    this.unknownJobId = init.target.unknownJobId ?? `conformance-missing-${randomUUID()}`;
  }

  /** The id that names no job: the target's, in the platform's own shape, or a random one. */
  readonly unknownJobId: string;

  /** Why the platform has no secret credentials (`credentials.none`), or `undefined` when it has some. */
  get noCredentials(): string | undefined {
    return noCredentialsReason(this.target);
  }

  /**
   * A fresh connector made with the valid (default) or invalid credentials, recording every call. Skips the
   * clause when asked for invalid credentials of a platform that has none.
   */
  async connect(credentials: 'valid' | 'invalid' = 'valid'): Promise<Connector> {
    const call = `target.create(credentials.${credentials})`;
    const given = this.credentialsFor(credentials);
    let connector: Connector;
    try {
      connector = await this.target.create(given);
    } catch (error) {
      // Recorded like a connector call, so a failure caused by it names `target.create` as the call.
      this.calls.push({ call, error });
      throw error;
    }
    if (connector === null || typeof connector !== 'object') {
      this.fail({
        expected: 'create() to return a connector object',
        actual: `it returned ${this.describe(connector)}`,
        call,
      });
    }
    return this.record(connector);
  }

  /**
   * A connector made with `which` credentials, or the `AuthenticationError` that `create()` threw refusing
   * them. Every clause treats a `create()` that refuses credentials this way alike: as a refusal, not a crash.
   * Any other error from `create()` propagates (and fails the clause, naming `target.create`).
   */
  async connectOrRefused(which: 'valid' | 'invalid'): Promise<ConnectOutcome> {
    try {
      return { connector: await this.connect(which) };
    } catch (error) {
      if (AuthenticationError.isInstance(error)) return { refused: error };
      throw error;
    }
  }

  /** The credentials the target gives for `which`; skips the clause for `invalid` when the platform has none. */
  credentialsFor(which: 'valid' | 'invalid'): unknown {
    const credentials = this.target.credentials as { valid: unknown; invalid?: unknown };
    if (which === 'valid') return credentials.valid;
    const none = this.noCredentials;
    if (none !== undefined) this.skip(`the platform has no secret credentials: ${none}`);
    return credentials.invalid;
  }

  /** A job name no other clause or run uses: letters, digits and `-` only. */
  jobName(label = 'job'): string {
    this.#names += 1;
    const clause = this.clauseId.replace(/[^A-Za-z0-9]+/g, '-');
    return `conf-${clause}-${label}-${this.#runId}-${this.#names}`.slice(0, 128);
  }

  /** Submits one of the target's jobs under a unique name; the job is cancelled after the clause if unfinished. */
  async submit(
    connector: Connector,
    kind: ConformanceJobKind,
    extra: { idempotencyKey?: string; jobName?: string } = {},
  ): Promise<string> {
    return this.submitCode(connector, this.target.jobs[kind].code, { jobName: this.jobName(kind), ...extra });
  }

  /** Submits `code` (from one of the target's factories) like {@link submit}: named, and cleaned up after. */
  async submitCode(
    connector: Connector,
    code: string,
    extra: { idempotencyKey?: string; jobName?: string; environment?: Record<string, string> } = {},
  ): Promise<string> {
    const jobId = await connector.submitJob({
      code,
      jobName: this.jobName('job'),
      signal: this.signal,
      ...extra,
    });
    this.#submitted.push({ connector, jobId });
    return jobId;
  }

  /**
   * The target's `echo` code for `text`, or a skip naming the situation that needs it. The text comes back
   * as the job's output; see `JobFactories.echo`.
   */
  echoCode(text: string, situation: string): string {
    const echo = this.target.jobs.echo;
    if (!echo) this.skip(`the target gives no jobs.echo(text) factory, needed for ${situation}`);
    return this.factoryCode('jobs.echo', echo.call(this.target.jobs, text));
  }

  /** The target's `printsEnv` code for `name`, or a skip naming the situation that needs it. */
  printsEnvCode(name: string, situation: string): string {
    const printsEnv = this.target.jobs.printsEnv;
    if (!printsEnv) this.skip(`the target gives no jobs.printsEnv(name) factory, needed for ${situation}`);
    return this.factoryCode('jobs.printsEnv', printsEnv.call(this.target.jobs, name));
  }

  /** A distinct marker for one job's output: ASCII letters and digits, so every platform can print it. */
  marker(label: string): string {
    this.#names += 1;
    return `conformance-${label}-${this.#runId}-${this.#names}`;
  }

  private factoryCode(factory: string, code: unknown): string {
    if (typeof code !== 'string' || code.trim().length === 0) {
      this.fail({
        expected: `target.${factory}() to return code (a non-empty string)`,
        actual: `it returned ${this.describe(code)}`,
        call: `target.${factory}()`,
      });
    }
    return code;
  }

  /**
   * Reads a job's status, asking again while the connector answers `unknown` (which means "ask again"), for
   * at most the job timeout. Resolves the first answer that is not `unknown`, or `unknown` if it never changes.
   */
  async readStatus(connector: Connector, jobId: string): Promise<JobStatus> {
    const deadline = this.clock.now() + this.timing.jobTimeoutMs;
    let interval = this.timing.pollIntervalMs;
    for (;;) {
      const status = await connector.getJobStatus(jobId, { signal: this.signal });
      if (status !== JobStatus.UNKNOWN || this.clock.now() >= deadline) return status;
      await this.sleep(interval);
      interval = Math.min(this.timing.maxPollIntervalMs, interval * 1.5);
    }
  }

  /**
   * Watches a job to its end through `getJobStatus`, recording every answer in order (`unknown` included).
   * Resolves the job's result once it is terminal.
   */
  async watchToEnd(
    connector: Connector,
    jobId: string,
    observations: StatusObservation[] = [],
  ): Promise<{ result: JobResult; observations: StatusObservation[] }> {
    const call = `connector.getJobStatus(${this.describe(jobId)})`;
    const watched = recordingStatuses(connector, observations, call);
    const result = await this.waitForTerminal(watched, jobId);
    return { result, observations };
  }

  /** Waits with core's `waitForCompletion` and the target's timing; reports each status change. */
  waitForTerminal(
    connector: Connector,
    jobId: string,
    onStatus?: (change: JobStatusChange) => void,
  ): Promise<JobResult> {
    return waitForCompletion(connector, jobId, {
      pollIntervalMs: this.timing.pollIntervalMs,
      maxPollIntervalMs: this.timing.maxPollIntervalMs,
      timeoutMs: this.timing.jobTimeoutMs,
      maxConsecutiveUnknown: Number.MAX_SAFE_INTEGER,
      signal: this.signal,
      retry: { maxAttempts: 1 },
      clock: this.clock,
      ...(onStatus ? { onStatus } : {}),
    });
  }

  /**
   * Polls until the job is RUNNING; fails the clause if it ends or the job timeout passes first. Every answer
   * is pushed to `observations` when given.
   */
  async waitForRunning(
    connector: Connector,
    jobId: string,
    observations?: StatusObservation[],
  ): Promise<void> {
    const deadline = this.clock.now() + this.timing.jobTimeoutMs;
    let interval = this.timing.pollIntervalMs;
    for (;;) {
      throwIfAborted(this.signal);
      const status = await connector.getJobStatus(jobId, { signal: this.signal });
      observations?.push({ status, call: `connector.getJobStatus(${this.describe(jobId)})` });
      if (status === JobStatus.RUNNING) return;
      if (isTerminalStatus(status) || this.clock.now() >= deadline) {
        this.fail({
          expected: `the long-running job to reach "running" within ${this.timing.jobTimeoutMs} ms`,
          actual: isTerminalStatus(status) ? `it ended "${status}"` : `it was still "${status}"`,
          call: `connector.getJobStatus(${this.describe(jobId)})`,
        });
      }
      await this.sleep(interval);
      interval = Math.min(this.timing.maxPollIntervalMs, interval * 1.5);
    }
  }

  /** Sleeps, waking early (with `OperationAbortedError`) if the clause is aborted. */
  sleep(ms: number): Promise<void> {
    return this.clock.sleep(ms, this.signal);
  }

  /** Fails the clause. */
  fail(details: Partial<ClauseFailureDetails> & { expected: string; actual: string }): never {
    throw new ClauseFailure(this.clauseId, { call: details.call ?? this.lastCall(), ...details });
  }

  /** Fails the clause unless `condition` holds. */
  check(
    condition: boolean,
    details: Partial<ClauseFailureDetails> & { expected: string; actual: string },
  ): void {
    if (!condition) this.fail(details);
  }

  /** Skips the clause, reporting why it does not apply. */
  skip(reason: string): never {
    throw new ClauseSkipped(reason);
  }

  /**
   * Runs `call` and returns what it threw; fails the clause when it resolves instead. The description names the
   * call in the failure message.
   */
  async rejection(description: string, call: () => Promise<unknown>, expected: string): Promise<unknown> {
    let value: unknown;
    try {
      value = await call();
    } catch (error) {
      return error;
    }
    return this.fail({ expected, actual: `it resolved with ${this.describe(value)}`, call: description });
  }

  /** The last call recorded, written out, or a placeholder when none was made. */
  lastCall(): string {
    return this.calls.at(-1)?.call ?? '(no connector call)';
  }

  /** A short, secret-free rendering of a value for a failure message. */
  describe(value: unknown): string {
    return describeValue(value, (text) => this.redact(text));
  }

  /** `text` with every credential value scrubbed, so a failure message never shows one. */
  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  /** Cancels the jobs this clause started that may still run; errors are ignored, the clause is over. */
  async cleanUp(): Promise<void> {
    await cancelUnfinished(this.#submitted, this.timing, this.clock);
  }

  /** The capabilities a connector reports, with the target's claims over them. */
  static claimedCapabilities(connector: Connector, target: ConformanceTarget): ConnectorCapabilities {
    return Object.freeze({ ...getCapabilities(connector), ...target.capabilities });
  }

  /** Reports what a resolved job call showed; a listener that throws must not break the clause. */
  #observe(method: string, args: readonly unknown[], resolved: unknown): void {
    if (!this.#onObservation) return;
    const event = jobObservation(this.clauseId, method, args, resolved);
    if (!event) return;
    try {
      this.#onObservation(event);
    } catch {
      // Progress is a courtesy; the verdict must not depend on it.
    }
  }

  /** Wraps `connector` so that every method call is recorded with its arguments and what it threw. */
  private record(connector: Connector): Connector {
    return recordConnector(connector, {
      calls: this.calls,
      describe: (value) => this.describe(value),
      onResolved: (method, args, resolved) => this.#observe(method, args, resolved),
    });
  }
}

/** A random id for one run, so that job names never collide across runs on a shared platform. */
export function newRunId(): string {
  return randomUUID().slice(0, 8);
}
