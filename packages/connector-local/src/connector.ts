import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, type Dirent, existsSync, openSync } from 'node:fs';
import {
  access,
  copyFile,
  link,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { basename, delimiter, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  assertJobId,
  BaseConnector,
  type CallOptions,
  type Clock,
  CloudException,
  CloudExecutionError,
  type ConnectorOptions,
  cappedPollDelay,
  expandHome,
  type FollowLogsOptions,
  InvalidParameterError,
  isTerminalStatus,
  JobNotFoundError,
  JobResult,
  JobStatus,
  type JobSummary,
  type ListJobsOptions,
  type ParameterIssue,
  parseListJobsOptions,
  parseOrThrow,
  parseRemotePath,
  parseSubmitJobRequest,
  parseWaitForStatusChangeOptions,
  type ResourceUsage,
  type StatusChange,
  type SubmitJobRequest,
  systemClock,
  throwIfAborted,
  type WaitForStatusChangeOptions,
} from '@neural/integrations-core';
import { z } from 'zod';
import {
  FINAL_LOCAL_STATES,
  JOB_FILES,
  type LocalJobRecord,
  RecordReadError,
  readCancelRequest,
  readRecord,
  writeFileAtomic,
  writeRecord,
} from './record.js';
import { RecordWatch } from './record-watch.js';
import { describeFailure, toJobStatus } from './status.js';

/** Options of {@link LocalConnector}. Every field is optional. */
export interface LocalConnectorOptions extends ConnectorOptions {
  /** The folder that holds job records, logs, uploaded files and idempotency keys. Default `~/.neural/local-jobs`. */
  root?: string | undefined;
  /**
   * The command that runs a job's code: the program, then leading arguments; the code file's path is appended
   * as the last argument. Default `['python3']`. Examples: `['node']`, `['bash']`, `['/opt/venv/bin/python', '-X', 'dev']`.
   */
  interpreter?: readonly string[] | undefined;
  /** The code file's name inside the job folder. Default from the interpreter: `main.py`, `main.js`, `main.sh`, else `main`. */
  codeFileName?: string | undefined;
  /** Time between SIGTERM and SIGKILL when a job is cancelled or times out. Default 5 000 ms. */
  cancelGracePeriodMs?: number | undefined;
  /** How often `followLogs` and `cancelJob` look at the job's files. Default 200 ms. */
  pollIntervalMs?: number | undefined;
  /**
   * Whether `waitForStatusChange` watches the job's folder for changes (`fs.watch`). Default `true`; set `false`
   * where file events are unreliable (network file systems), and it polls with a capped delay instead.
   */
  watchFiles?: boolean | undefined;
  /** Variables of this process's environment passed to jobs (before the request's own). Default {@link SAFE_ENVIRONMENT}. */
  inheritEnvironment?: readonly string[] | undefined;
  /** Where time is read and waited on. Default the system clock. */
  clock?: Clock | undefined;
  /** The supervisor script. Default the `runner.js` shipped beside this module. */
  runnerPath?: string | undefined;
  /** The Node.js binary that runs the supervisor. Default `process.execPath`. */
  nodePath?: string | undefined;
}

/** The variables of the submitting process's environment a job sees by default; nothing else leaks in. */
export const SAFE_ENVIRONMENT: readonly string[] = Object.freeze([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
]);

/** Where job records live when no `root` is given. */
export const DEFAULT_LOCAL_ROOT = '~/.neural/local-jobs';

const JOB_ID = /^local-[0-9a-z]+-[0-9a-f]{12}$/;
const OUTPUT_TAIL_BYTES = 64 * 1024;
const STDERR_TAIL_BYTES = 4 * 1024;
const SUPERVISOR_START_TIMEOUT_MS = 30_000;
const CANCEL_MARGIN_MS = 10_000;

const nonEmptyString = z.string().min(1, 'must be a non-empty string');
const OptionsSchema = z.strictObject({
  root: nonEmptyString.optional(),
  interpreter: z
    .array(nonEmptyString, { error: 'must be an array of strings: the program, then its arguments' })
    .min(1, 'must name a program')
    .optional(),
  codeFileName: nonEmptyString
    .regex(/^[A-Za-z0-9._-]+$/, 'must be a plain file name (letters, digits, ".", "_", "-")')
    .refine((name) => name !== '.' && name !== '..' && !Object.values(JOB_FILES).includes(name as never), {
      message: 'must not clash with the files the connector keeps in the job folder',
    })
    .optional(),
  cancelGracePeriodMs: z
    .number()
    .int('must be a whole number')
    .nonnegative('must not be negative')
    .optional(),
  pollIntervalMs: z.number().int('must be a whole number').positive('must be at least 1').optional(),
  watchFiles: z.boolean('must be true or false').optional(),
  inheritEnvironment: z.array(nonEmptyString).optional(),
  clock: z
    .custom<Clock>((value) => typeof value === 'object' && value !== null, 'must be a Clock')
    .optional(),
  logger: z.custom((value) => typeof value === 'object' && value !== null, 'must be a Logger').optional(),
  runnerPath: nonEmptyString.optional(),
  nodePath: nonEmptyString.optional(),
});

function moduleFolder(): string {
  // tsup's shims give the CJS build an import.meta.url; the ESM build has no __dirname.
  return typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
}

function defaultRunnerPath(): string {
  const here = moduleFolder();
  const beside = join(here, 'runner.js');
  if (existsSync(beside)) return beside;
  // Running from source inside the repository: use the built supervisor.
  return resolve(here, '..', 'dist', 'runner.js');
}

function defaultCodeFileName(interpreter: readonly string[]): string {
  const program = basename(interpreter[0] ?? '');
  if (/^python/.test(program)) return 'main.py';
  if (/^(node|bun|deno)/.test(program)) return 'main.js';
  if (/^(bash|sh|zsh|dash|ksh)$/.test(program)) return 'main.sh';
  return 'main';
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function isProcessOf(pid: number, mustMention: string): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (errnoCode(error) !== 'EPERM') return false;
  }
  if (process.platform !== 'linux') return true;
  // The pid may have been reused by an unrelated process, or be a zombie: its command line tells.
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(mustMention);
  } catch {
    return false;
  }
}

async function readTail(file: string, maxBytes: number): Promise<string | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    let start = 0;
    // Cutting inside a multi-byte character leaves continuation bytes: skip them rather than print U+FFFD.
    if (length < size) while (start < length && ((buffer[start] ?? 0) & 0xc0) === 0x80) start++;
    return buffer.subarray(start).toString('utf8');
  } finally {
    await handle.close();
  }
}

async function listFiles(folder: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true, recursive: true });
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Runs jobs as processes on this machine: the default connector, and the one to start with.
 *
 * Each job's code is written to a file in its own folder under `root` and run by the interpreter (`python3`
 * by default) under a small detached supervisor, so the job survives the process that submitted it. The
 * record (`job.json`), logs and artifacts stay on disk: `listJobs`, `getJobResult` and `getLogs` work from any
 * later process, and a job whose supervisor died is reported FAILED (raw state `LOST`), never RUNNING forever.
 *
 * Metrics: a stdout line `NEURAL_METRIC {"loss": 0.12}` (the marker, a space, a JSON object) is merged into
 * `JobResult.metrics`; later values win. Artifacts: every file under the job's `artifacts/` folder (its working
 * folder's `artifacts`, also in `$NEURAL_ARTIFACTS_DIR`), as absolute paths.
 *
 * @example
 * ```ts
 * const connector = new LocalConnector();
 * const jobId = await connector.submitJob({ code: 'print("hello")' });
 * const result = await waitForCompletion(connector, jobId, { pollIntervalMs: 100 });
 * console.log(result.output); // "hello\n"
 * ```
 */
export class LocalConnector extends BaseConnector<Record<string, never>> {
  /** The absolute folder holding this connector's jobs, files and idempotency keys. */
  readonly root: string;
  /** The interpreter command a job's code file is appended to. */
  readonly interpreter: readonly string[];
  readonly #codeFileName: string;
  readonly #gracePeriodMs: number;
  readonly #pollIntervalMs: number;
  readonly #watchFiles: boolean;
  readonly #inheritEnvironment: readonly string[];
  readonly #clock: Clock;
  readonly #runnerPath: string;
  readonly #nodePath: string;

  /**
   * @param options - see {@link LocalConnectorOptions}; validated here.
   * @throws InvalidParameterError naming every bad option.
   */
  constructor(options: LocalConnectorOptions = {}) {
    const parsed = parseOrThrow(OptionsSchema, options, 'LocalConnector options');
    super({}, { logger: options.logger });
    this.declaredCapabilities = { idempotency: true };
    this.root = expandHome(parsed.root ?? DEFAULT_LOCAL_ROOT);
    this.interpreter = Object.freeze([...(parsed.interpreter ?? ['python3'])]);
    this.#codeFileName = parsed.codeFileName ?? defaultCodeFileName(this.interpreter);
    this.#gracePeriodMs = parsed.cancelGracePeriodMs ?? 5_000;
    this.#pollIntervalMs = parsed.pollIntervalMs ?? 200;
    this.#watchFiles = parsed.watchFiles ?? true;
    this.#inheritEnvironment = Object.freeze([...(parsed.inheritEnvironment ?? SAFE_ENVIRONMENT)]);
    this.#clock = options.clock ?? systemClock;
    this.#runnerPath = parsed.runnerPath ? resolve(parsed.runnerPath) : defaultRunnerPath();
    this.#nodePath = parsed.nodePath ?? process.execPath;
  }

  /** The folder of one job (its record, code, logs and working folder). */
  jobFolder(jobId: string): string {
    return join(this.root, 'jobs', jobId);
  }

  /** The folder `uploadFile` copies into and `downloadFile` copies out of; jobs see it as `$NEURAL_FILES_DIR`. */
  get filesFolder(): string {
    return join(this.root, 'files');
  }

  /**
   * No credentials are needed: checks instead that the interpreter can be found and `root` is writable.
   * Returns `false` (never throws) when either is not so.
   */
  async authenticate(options: CallOptions = {}): Promise<boolean> {
    throwIfAborted(options.signal);
    const ok = (await this.#interpreterFound()) && (await this.#rootWritable());
    this.authenticated = ok;
    return ok;
  }

  async #interpreterFound(): Promise<boolean> {
    const program = this.interpreter[0] ?? '';
    const candidates = program.includes(sep)
      ? [resolve(program)]
      : (process.env.PATH ?? '')
          .split(delimiter)
          .filter(Boolean)
          .map((folder) => join(folder, program));
    for (const candidate of candidates) {
      try {
        await access(candidate, constants.X_OK);
        if ((await stat(candidate)).isFile()) return true;
      } catch {
        // Not here; try the next folder.
      }
    }
    return false;
  }

  async #rootWritable(): Promise<boolean> {
    try {
      await mkdir(this.root, { recursive: true, mode: 0o700 });
      const probe = join(this.root, `.probe-${randomBytes(6).toString('hex')}`);
      await writeFile(probe, '', { flag: 'wx', mode: 0o600 });
      await rm(probe, { force: true });
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Starts a job and returns its id once its record is on disk and its supervisor is running.
   *
   * Local resource mapping: `maxRuntimeHours` is enforced (FAILED, raw state `TIMEOUT`); `cpuCount` and
   * `memoryGb` are checked against this machine (more than it has is refused) but not reserved; GPUs,
   * `instanceType`, `diskSizeGb`, `autoShutdown` and `customParams` are recorded and otherwise ignored.
   * `dependencies` are refused: the job runs with the interpreter's installed packages.
   *
   * @throws InvalidParameterError for a bad request, before anything is written.
   */
  async submitJob(request: SubmitJobRequest): Promise<string> {
    const job = parseSubmitJobRequest(request);
    this.#checkLocalFit(job.resourceConfig.cpuCount, job.resourceConfig.memoryGb, job.dependencies);
    throwIfAborted(job.signal);
    const resourceConfig = job.resourceConfig.toJSON();
    const requestSha256 = sha256(
      JSON.stringify({
        code: job.code,
        environment: Object.entries(job.environment).sort(([a], [b]) => a.localeCompare(b)),
        resourceConfig,
        jobName: job.jobName ?? null,
        interpreter: this.interpreter,
      }),
    );
    await mkdir(join(this.root, 'jobs'), { recursive: true, mode: 0o700 });

    const keyFile = job.idempotencyKey
      ? join(this.root, 'idempotency', sha256(job.idempotencyKey))
      : undefined;
    if (keyFile) {
      const existing = await this.#jobForKey(keyFile, requestSha256);
      if (existing) return existing;
    }

    const jobId = `local-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
    const jobDir = this.jobFolder(jobId);
    await mkdir(join(jobDir, JOB_FILES.artifacts), { recursive: true, mode: 0o700 });
    await writeFile(join(jobDir, this.#codeFileName), job.code, { mode: 0o600, flag: 'wx' });
    const maxRuntimeHours = job.resourceConfig.maxRuntimeHours;
    const record: LocalJobRecord = {
      version: 1,
      id: jobId,
      ...(job.jobName ? { name: job.jobName } : {}),
      ...(job.idempotencyKey ? { idempotencyKey: job.idempotencyKey } : {}),
      createdAt: new Date(this.#clock.now()).toISOString(),
      state: 'QUEUED',
      interpreter: [...this.interpreter],
      codeFile: this.#codeFileName,
      requestSha256,
      resourceConfig: resourceConfig as Record<string, unknown>,
      ...(maxRuntimeHours !== undefined ? { maxRuntimeMs: maxRuntimeHours * 3_600_000 } : {}),
      gracePeriodMs: this.#gracePeriodMs,
      metrics: {},
    };
    await writeRecord(jobDir, record);

    if (keyFile) {
      const winner = await this.#claimKey(keyFile, jobId);
      if (winner !== jobId) {
        // Another submit with the same key got there first: that job is the answer, ours never starts.
        await rm(jobDir, { recursive: true, force: true });
        return this.#checkSameRequest(winner, requestSha256);
      }
    }

    await this.#startSupervisor(jobDir, record, {
      ...this.#inherited(),
      NEURAL_JOB_ID: jobId,
      NEURAL_JOB_DIR: jobDir,
      NEURAL_ARTIFACTS_DIR: join(jobDir, JOB_FILES.artifacts),
      NEURAL_FILES_DIR: this.filesFolder,
      PYTHONUNBUFFERED: '1',
      ...job.environment,
    });
    this.logger.info('Submitted local job', { jobId, interpreter: this.interpreter.join(' ') });
    return jobId;
  }

  #checkLocalFit(
    cpuCount: number | undefined,
    memoryGb: number | undefined,
    dependencies: readonly string[],
  ) {
    const issues: ParameterIssue[] = [];
    const machineCpus = cpus().length;
    if (cpuCount !== undefined && cpuCount > machineCpus) {
      issues.push({
        field: 'resourceConfig.cpuCount',
        rule: `asks for ${cpuCount} CPUs but this machine has ${machineCpus}`,
      });
    }
    const machineGb = totalmem() / 1024 ** 3;
    if (memoryGb !== undefined && memoryGb > machineGb) {
      issues.push({
        field: 'resourceConfig.memoryGb',
        rule: `asks for ${memoryGb} GB but this machine has ${machineGb.toFixed(1)} GB`,
      });
    }
    if (dependencies.length > 0) {
      issues.push({
        field: 'dependencies',
        rule: 'are not installed by LocalConnector; install them into the interpreter (or a virtualenv given as `interpreter`) first',
      });
    }
    if (issues.length > 0) throw InvalidParameterError.fromIssues('submitJob request', issues);
  }

  #inherited(): Record<string, string> {
    const environment: Record<string, string> = {};
    for (const name of this.#inheritEnvironment) {
      const value = process.env[name];
      if (value !== undefined) environment[name] = value;
    }
    return environment;
  }

  async #jobForKey(keyFile: string, requestSha256: string): Promise<string | undefined> {
    let jobId: string;
    try {
      jobId = (await readFile(keyFile, 'utf8')).trim();
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return await this.#checkSameRequest(jobId, requestSha256);
    } catch (error) {
      if (!JobNotFoundError.isInstance(error)) throw error;
      // The job this key named was deleted by hand: the key is free again.
      await rm(keyFile, { force: true });
      return undefined;
    }
  }

  /**
   * The job's idempotency key, when its record carries one and the key's file names this job. A record whose
   * submit lost the race for its key, or crashed before claiming it, never ran as that key's job: no tag.
   */
  async #keyHeldBy(record: LocalJobRecord): Promise<string | undefined> {
    if (record.idempotencyKey === undefined) return undefined;
    try {
      const holder = await readFile(join(this.root, 'idempotency', sha256(record.idempotencyKey)), 'utf8');
      return holder.trim() === record.id ? record.idempotencyKey : undefined;
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Records `key → jobId` unless the key is already taken; returns the job the key names. */
  async #claimKey(keyFile: string, jobId: string): Promise<string> {
    await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
    const temporary = `${keyFile}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, `${jobId}\n`, { flag: 'wx', mode: 0o600 });
    try {
      // link() creates the name with its contents in one step and fails if the name exists (like O_EXCL).
      await link(temporary, keyFile);
      return jobId;
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw error;
      return (await readFile(keyFile, 'utf8')).trim();
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async #checkSameRequest(jobId: string, requestSha256: string): Promise<string> {
    const record = await this.#readRecordOf(jobId);
    if (record.requestSha256 !== requestSha256) {
      throw InvalidParameterError.fromIssues('submitJob request', [
        {
          field: 'idempotencyKey',
          rule: `was already used for a different request (job ${jobId}); use a new key for a new job`,
        },
      ]);
    }
    return jobId;
  }

  async #startSupervisor(
    jobDir: string,
    record: LocalJobRecord,
    environment: Record<string, string>,
  ): Promise<void> {
    const runnerLog = openSync(join(jobDir, 'runner.log'), 'a', 0o600);
    let supervisor: ReturnType<typeof spawn>;
    try {
      // The job's environment goes through stdin, not the supervisor's own environment: a job's NODE_OPTIONS
      // must not reach the supervisor, and secrets must not be written to disk.
      supervisor = spawn(this.#nodePath, [this.#runnerPath, jobDir], {
        cwd: jobDir,
        env: this.#inherited(),
        detached: true,
        stdio: ['pipe', 'ignore', runnerLog],
      });
    } finally {
      closeSync(runnerLog);
    }
    const started = await new Promise<Error | undefined>((settle) => {
      supervisor.once('spawn', () => settle(undefined));
      supervisor.once('error', settle);
    });
    if (started || supervisor.pid === undefined) {
      const reason = `Could not start the job's supervisor (${this.#nodePath} ${this.#runnerPath}): ${
        started?.message ?? 'no pid'
      }`;
      await writeRecord(jobDir, {
        ...record,
        state: 'START_FAILED',
        reason,
        endedAt: new Date().toISOString(),
      });
      throw new CloudExecutionError(reason, { cause: started, code: 'RUNNER_START_FAILED' });
    }
    await writeFileAtomic(join(jobDir, JOB_FILES.runnerPid), `${supervisor.pid}\n`);
    supervisor.stdin?.on('error', () => {
      // A supervisor that died at once is reported LOST from its record; nothing to do here.
    });
    supervisor.stdin?.end(JSON.stringify(environment));
    supervisor.unref();
  }

  /** The job's current status; a job whose supervisor died is FAILED (raw state `LOST`). */
  async getJobStatus(jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    return toJobStatus(await this.#currentRecord(jobId, options));
  }

  /**
   * Resolves as soon as the job's status differs from `since`, or `{ changed: false }` after `timeoutMs`: woken
   * by changes to the job's folder (its record is replaced by a rename), and reading the record again after a
   * delay capped at 5% of the time waited (at most 2 s) in case no event comes, which is also how a supervisor
   * that died is noticed. With `watchFiles: false`, only that capped polling.
   */
  override async waitForStatusChange(
    jobId: string,
    options: WaitForStatusChangeOptions,
  ): Promise<StatusChange> {
    assertJobId(jobId);
    const { since, timeoutMs, signal } = parseWaitForStatusChangeOptions(options);
    const started = this.#clock.now();
    const deadline = started + timeoutMs;
    const policy = {
      minIntervalMs: this.#pollIntervalMs,
      maxIntervalMs: Math.max(this.#pollIntervalMs, 2_000),
    };
    const watch = new RecordWatch(this.jobFolder(jobId), this.#watchFiles && JOB_ID.test(jobId));
    try {
      for (;;) {
        const status = await this.getJobStatus(jobId, { signal });
        if (status !== since) return Object.freeze({ status, changed: true });
        const now = this.#clock.now();
        if (now >= deadline) return Object.freeze({ status, changed: false });
        await watch.next(
          Math.min(deadline - now, cappedPollDelay(now - started, policy)),
          this.#clock,
          signal,
        );
      }
    } finally {
      watch.close();
    }
  }

  /**
   * The job's result so far: `output` is the last 64 KiB of stdout, `error` (for FAILED jobs) says why and ends
   * with the last 4 KiB of stderr, `metrics` come from `NEURAL_METRIC` lines, `artifacts` are the absolute paths
   * of the files under the job's `artifacts/` folder, and `logsUrl` is the `file://` URL of the combined log.
   */
  async getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResult> {
    const record = await this.#currentRecord(jobId, options);
    const jobDir = this.jobFolder(jobId);
    const status = toJobStatus(record);
    let error: string | undefined;
    if (status === JobStatus.FAILED) {
      const stderr = (await readTail(join(jobDir, JOB_FILES.stderr), STDERR_TAIL_BYTES))?.trimEnd();
      const why = describeFailure(record) ?? 'The job failed';
      error = stderr ? `${why}\n--- stderr (last ${STDERR_TAIL_BYTES / 1024} KiB) ---\n${stderr}` : why;
    }
    const started = record.startedAt ? Date.parse(record.startedAt) : undefined;
    const ended = record.endedAt ? Date.parse(record.endedAt) : undefined;
    const durationSeconds =
      started === undefined
        ? undefined
        : Math.max(0, ((ended ?? (isTerminalStatus(status) ? started : Date.now())) - started) / 1000);
    return new JobResult({
      jobId,
      status,
      output: (await readTail(join(jobDir, JOB_FILES.stdout), OUTPUT_TAIL_BYTES)) ?? '',
      ...(error !== undefined ? { error } : {}),
      metrics: record.metrics,
      artifacts: await listFiles(join(jobDir, JOB_FILES.artifacts)),
      logsUrl: pathToFileURL(join(jobDir, JOB_FILES.log)).href,
      ...(durationSeconds !== undefined ? { durationSeconds } : {}),
      rawState: record.state,
    });
  }

  /**
   * Cancels a queued or running job from any connector on the same `root`: the supervisor sends SIGTERM to
   * the job's process group and SIGKILL after `cancelGracePeriodMs`. Resolves once the job has stopped:
   * `true` when it was cancelled, `false` when it had already finished.
   */
  async cancelJob(jobId: string, options: CallOptions = {}): Promise<boolean> {
    const record = await this.#currentRecord(jobId, options);
    if (isTerminalStatus(toJobStatus(record))) return false;
    const jobDir = this.jobFolder(jobId);
    await writeFileAtomic(
      join(jobDir, JOB_FILES.cancelRequest),
      JSON.stringify({
        requestedAt: new Date(this.#clock.now()).toISOString(),
        gracePeriodMs: this.#gracePeriodMs,
      }),
    );
    const supervisorPid = await this.#supervisorPid(jobDir, record);
    if (supervisorPid !== undefined) this.#signal(supervisorPid, 'SIGTERM');
    this.logger.info('Cancelling local job', { jobId });

    const deadline = this.#clock.now() + this.#gracePeriodMs + CANCEL_MARGIN_MS;
    for (;;) {
      const current = await this.#currentRecord(jobId, options);
      const status = toJobStatus(current);
      if (isTerminalStatus(status)) return status === JobStatus.CANCELLED;
      if (this.#clock.now() >= deadline) {
        // The supervisor did not finish the job in time: stop everything ourselves and record the cancel.
        if (current.childPid !== undefined) this.#signal(-current.childPid, 'SIGKILL');
        const pid = await this.#supervisorPid(jobDir, current);
        if (pid !== undefined) this.#signal(pid, 'SIGKILL');
        await writeRecord(jobDir, { ...current, state: 'KILLED', endedAt: new Date().toISOString() });
        return true;
      }
      await this.#clock.sleep(Math.min(this.#pollIntervalMs, 20), options.signal);
    }
  }

  #signal(pid: number, signal: NodeJS.Signals): void {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }

  /** Recent jobs on this `root`, newest first, including those submitted by other processes. */
  async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    const { limit, statusFilter, signal } = parseListJobsOptions(options);
    throwIfAborted(signal);
    let names: string[];
    try {
      names = await readdir(join(this.root, 'jobs'));
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return [];
      throw error;
    }
    const summaries: JobSummary[] = [];
    for (const name of names.filter((entry) => JOB_ID.test(entry))) {
      let record: LocalJobRecord;
      try {
        record = await this.#currentRecord(name, { signal });
      } catch (error) {
        if (CloudException.isInstance(error) && error.code !== 'CORRUPT_RECORD') throw error;
        this.logger.warn('Skipping a job folder without a valid record', { jobId: name });
        continue;
      }
      const status = toJobStatus(record);
      if (statusFilter !== undefined && status !== statusFilter) continue;
      summaries.push(
        Object.freeze({
          id: record.id,
          name: record.name,
          status,
          rawState: record.state,
          createdAt: new Date(record.createdAt),
          idempotencyKey: await this.#keyHeldBy(record),
        }),
      );
    }
    summaries.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id));
    return summaries.slice(0, limit);
  }

  /** The job's combined log (stdout and stderr, in the order they were written) so far. */
  async getLogs(jobId: string, options: CallOptions = {}): Promise<string> {
    await this.#currentRecord(jobId, options);
    try {
      return await readFile(join(this.jobFolder(jobId), JOB_FILES.log), 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return '';
      throw error;
    }
  }

  /**
   * Tails the job's combined log, yielding text as it is written, and ends once the job is terminal and the
   * log has been read to its end. Throws `CloudExecutionError` if the job's folder disappears first.
   */
  override async *followLogs(jobId: string, options: FollowLogsOptions = {}): AsyncIterable<string> {
    const fromOffset = options.fromOffset ?? 0;
    if (!Number.isInteger(fromOffset) || fromOffset < 0) {
      throw InvalidParameterError.fromIssues('followLogs options', [
        { field: 'fromOffset', rule: 'must be a whole number, at least 0' },
      ]);
    }
    await this.#currentRecord(jobId, options);
    const logFile = join(this.jobFolder(jobId), JOB_FILES.log);
    const decoder = new TextDecoder('utf-8');
    let position = 0;
    let toSkip = fromOffset;
    const readMore = async (): Promise<string> => {
      let handle: Awaited<ReturnType<typeof open>>;
      try {
        handle = await open(logFile, 'r');
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') return '';
        throw error;
      }
      try {
        let text = '';
        const buffer = Buffer.alloc(64 * 1024);
        for (;;) {
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
          if (bytesRead === 0) break;
          position += bytesRead;
          text += decoder.decode(buffer.subarray(0, bytesRead), { stream: true });
        }
        if (toSkip > 0) {
          const skipped = Math.min(toSkip, text.length);
          toSkip -= skipped;
          text = text.slice(skipped);
        }
        return text;
      } finally {
        await handle.close();
      }
    };
    for (;;) {
      let terminal: boolean;
      try {
        terminal = isTerminalStatus(toJobStatus(await this.#currentRecord(jobId, options)));
      } catch (error) {
        if (!JobNotFoundError.isInstance(error)) throw error;
        throw new CloudExecutionError(
          `The log of job ${jobId} ended before the job did: its folder is gone`,
          {
            cause: error,
            code: 'LOG_STREAM_BROKEN',
          },
        );
      }
      // Read after the status check: once terminal, the supervisor has written everything it ever will.
      const text = await readMore();
      if (text) yield text;
      if (terminal) {
        const rest = decoder.decode();
        if (rest) yield rest;
        return;
      }
      await this.#clock.sleep(this.#pollIntervalMs, options.signal);
    }
  }

  /**
   * Copies a local file into the files area (`<root>/files/<remotePath>`), where jobs find it through
   * `$NEURAL_FILES_DIR`. `remotePath` must be relative and stay inside the area.
   */
  override async uploadFile(
    localPath: string,
    remotePath: string,
    options: CallOptions = {},
  ): Promise<boolean> {
    const target = this.#remoteFile(remotePath);
    const source = this.#localFile(localPath, 'localPath');
    throwIfAborted(options.signal);
    try {
      if (!(await stat(source)).isFile()) throw new Error('not a regular file');
    } catch (error) {
      throw new InvalidParameterError(`Cannot upload ${source}: ${(error as Error).message}`, {
        cause: error,
        issues: [{ field: 'localPath', rule: 'must name an existing, readable file' }],
      });
    }
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await this.#copyAtomic(source, target);
    return true;
  }

  /** Copies a file out of the files area (`<root>/files/<remotePath>`) to `localPath`, atomically. */
  override async downloadFile(
    remotePath: string,
    localPath: string,
    options: CallOptions = {},
  ): Promise<boolean> {
    const source = this.#remoteFile(remotePath);
    const target = this.#localFile(localPath, 'localPath');
    throwIfAborted(options.signal);
    try {
      if (!(await stat(source)).isFile()) throw new Error('not a regular file');
    } catch (error) {
      throw new CloudExecutionError(`No file ${JSON.stringify(remotePath)} in the files area`, {
        cause: error,
        code: 'FILE_NOT_FOUND',
      });
    }
    try {
      await mkdir(dirname(target), { recursive: true });
    } catch (error) {
      // Its parent is a file, or not writable: a CloudException like every other failure, not a raw EEXIST.
      throw new CloudExecutionError(`Could not create the folder of ${target}`, {
        cause: error,
        code: 'COPY_FAILED',
      });
    }
    await this.#copyAtomic(source, target);
    return true;
  }

  async #copyAtomic(source: string, target: string): Promise<void> {
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await copyFile(source, temporary, constants.COPYFILE_EXCL);
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw new CloudExecutionError(`Could not copy ${source} to ${target}`, {
        cause: error,
        code: 'COPY_FAILED',
      });
    }
  }

  #localFile(path: unknown, field: string): string {
    if (typeof path !== 'string' || path.length === 0 || path.includes('\0')) {
      throw InvalidParameterError.fromIssues(field, [{ field, rule: 'must be a non-empty path' }]);
    }
    return expandHome(path);
  }

  #remoteFile(remotePath: unknown): string {
    const field = 'remotePath';
    const refuse = (rule: string) => InvalidParameterError.fromIssues(field, [{ field, rule }]);
    const target = resolve(this.filesFolder, parseRemotePath(remotePath, field));
    if (!target.startsWith(this.filesFolder + sep)) throw refuse('must name a file inside the files area');
    return target;
  }

  /**
   * This machine's resources: `totalCpus`, `usedCpus` (CPUs asked for by running jobs, 1 each when they did
   * not say), `availableCpus`, `memoryGb`, `availableMemoryGb` (free memory), `loadAverage1m`,
   * `runningJobs` and `pendingJobs` on this `root`.
   */
  override async getResourceUsage(options: CallOptions = {}): Promise<ResourceUsage> {
    throwIfAborted(options.signal);
    const running = await this.listJobs({
      limit: 1000,
      statusFilter: JobStatus.RUNNING,
      signal: options.signal,
    });
    const pending = await this.listJobs({
      limit: 1000,
      statusFilter: JobStatus.PENDING,
      signal: options.signal,
    });
    let usedCpus = 0;
    for (const job of running) {
      const record = await this.#readRecordOf(job.id).catch(() => undefined);
      const asked = record?.resourceConfig.cpuCount;
      usedCpus += typeof asked === 'number' ? asked : 1;
    }
    const totalCpus = cpus().length;
    const toGb = (bytes: number) => Math.round((bytes / 1024 ** 3) * 100) / 100;
    return Object.freeze({
      totalCpus,
      usedCpus,
      availableCpus: Math.max(0, totalCpus - usedCpus),
      memoryGb: toGb(totalmem()),
      availableMemoryGb: toGb(freemem()),
      loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      runningJobs: running.length,
      pendingJobs: pending.length,
    });
  }

  async #readRecordOf(jobId: string): Promise<LocalJobRecord> {
    try {
      return await readRecord(this.jobFolder(jobId));
    } catch (error) {
      if (error instanceof RecordReadError && error.kind === 'missing') throw new JobNotFoundError(jobId);
      if (error instanceof RecordReadError) {
        throw new CloudExecutionError(error.message, { cause: error, code: 'CORRUPT_RECORD' });
      }
      throw new CloudExecutionError(`Could not read the record of job ${jobId}`, {
        cause: error,
        code: 'RECORD_UNREADABLE',
      });
    }
  }

  async #supervisorPid(jobDir: string, record: LocalJobRecord): Promise<number | undefined> {
    if (record.supervisorPid !== undefined) return record.supervisorPid;
    try {
      const pid = Number((await readFile(join(jobDir, JOB_FILES.runnerPid), 'utf8')).trim());
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  /** Reads a job's record, turning "not final, and its supervisor is gone" into a final LOST (or KILLED) record. */
  async #currentRecord(jobId: string, options: CallOptions): Promise<LocalJobRecord> {
    assertJobId(jobId);
    throwIfAborted(options.signal);
    if (!JOB_ID.test(jobId)) throw new JobNotFoundError(jobId);
    const record = await this.#readRecordOf(jobId);
    if (FINAL_LOCAL_STATES.includes(record.state)) return record;
    const jobDir = this.jobFolder(jobId);
    const pid = await this.#supervisorPid(jobDir, record);
    let reason: string;
    if (pid === undefined) {
      const age = this.#clock.now() - Date.parse(record.createdAt);
      if (age < SUPERVISOR_START_TIMEOUT_MS) return record;
      reason = `Runner died: no supervisor was started within ${SUPERVISOR_START_TIMEOUT_MS / 1000} s of submission`;
    } else {
      if (await isProcessOf(pid, jobDir)) return record;
      reason = `Runner died: the supervisor (pid ${pid}) is gone and left no final record`;
    }
    // The supervisor writes its final record before it exits, so a second read tells "finished" from "died".
    const latest = await this.#readRecordOf(jobId);
    if (FINAL_LOCAL_STATES.includes(latest.state)) return latest;
    if (latest.childPid !== undefined && (await isProcessOf(latest.childPid, jobDir))) {
      // Nobody is left to collect the job's output or enforce its limits: stop the orphan.
      this.#signal(-latest.childPid, 'SIGKILL');
    }
    const cancelled = (await readCancelRequest(jobDir)) !== undefined;
    const final: LocalJobRecord = cancelled
      ? { ...latest, state: 'KILLED', endedAt: new Date().toISOString() }
      : { ...latest, state: 'LOST', reason, endedAt: new Date().toISOString() };
    await writeRecord(jobDir, final);
    this.logger.warn(cancelled ? 'Local job cancelled before it started' : 'Local job runner died', {
      jobId,
    });
    return final;
  }
}
