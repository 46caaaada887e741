import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JsonValueSchema } from '@neural/integrations-core';
import { writeFileAtomic } from '@neural/integrations-core/node';
import { z } from 'zod';

/**
 * The states a local job's record moves through, as written in its `job.json`.
 *
 * - `QUEUED`: the record exists; the supervisor has not started the job's process yet.
 * - `RUNNING`: the job's process is running under its supervisor.
 * - `EXITED`: the process exited on its own; `exitCode` says how.
 * - `SIGNALED`: the process was killed by a signal nobody here sent (a crash, the OOM killer, `kill`).
 * - `KILLED`: the process was stopped because someone cancelled the job.
 * - `TIMEOUT`: the process ran past `maxRuntimeHours` and was stopped.
 * - `START_FAILED`: the interpreter could not be started (not found, not executable).
 * - `LOST`: the supervisor died without writing a final record.
 */
export const LOCAL_JOB_STATES = [
  'QUEUED',
  'RUNNING',
  'EXITED',
  'SIGNALED',
  'KILLED',
  'TIMEOUT',
  'START_FAILED',
  'LOST',
] as const;

/** One of {@link LOCAL_JOB_STATES}: the raw state kept beside the normalised `JobStatus`. */
export type LocalJobState = (typeof LOCAL_JOB_STATES)[number];

/** The raw states a job never leaves. */
export const FINAL_LOCAL_STATES: readonly LocalJobState[] = Object.freeze([
  'EXITED',
  'SIGNALED',
  'KILLED',
  'TIMEOUT',
  'START_FAILED',
  'LOST',
]);

const isoDate = z.iso.datetime({ offset: true });

/** The zod schema of a job's `job.json`; every read goes through it. */
export const LocalJobRecordSchema = z.strictObject({
  version: z.literal(1),
  id: z.string().min(1),
  name: z.string().optional(),
  createdAt: isoDate,
  state: z.enum(LOCAL_JOB_STATES),
  /** The interpreter command: program then leading arguments; the code file is appended. */
  interpreter: z.array(z.string().min(1)).min(1),
  /** The code file's name, inside the job folder. */
  codeFile: z.string().min(1),
  /** sha256 of the request, to refuse an idempotency key reused for a different request. */
  requestSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The submit's idempotency key: the job's tag, read back by `listJobs` (and so by `reconcile`). */
  idempotencyKey: z.string().min(1).optional(),
  resourceConfig: z.record(z.string(), z.unknown()),
  /** `maxRuntimeHours` in milliseconds, when one was set. */
  maxRuntimeMs: z.number().positive().optional(),
  /** How long a timed-out job gets between SIGTERM and SIGKILL. */
  gracePeriodMs: z.number().int().nonnegative(),
  supervisorPid: z.number().int().positive().optional(),
  childPid: z.number().int().positive().optional(),
  startedAt: isoDate.optional(),
  endedAt: isoDate.optional(),
  exitCode: z.number().int().nullable().optional(),
  signal: z.string().nullable().optional(),
  /** Why the job failed, for the states that need words (START_FAILED, LOST). */
  reason: z.string().optional(),
  metrics: z.record(z.string(), JsonValueSchema),
});

/** A job's `job.json`, as validated by {@link LocalJobRecordSchema}. */
export type LocalJobRecord = z.infer<typeof LocalJobRecordSchema>;

/** What a cancelling connector writes to `cancel-requested` before it signals the supervisor. */
export const CancelRequestSchema = z.strictObject({
  requestedAt: isoDate,
  gracePeriodMs: z.number().int().nonnegative(),
});

/** The contents of a `cancel-requested` file. */
export type CancelRequest = z.infer<typeof CancelRequestSchema>;

/** The file names inside one job's folder, in one place so the connector and the supervisor agree. */
export const JOB_FILES = {
  record: 'job.json',
  runnerPid: 'runner.pid',
  cancelRequest: 'cancel-requested',
  stdout: 'stdout.log',
  stderr: 'stderr.log',
  log: 'job.log',
  work: 'work',
  artifacts: join('work', 'artifacts'),
} as const;

/** The marker that starts a metrics line on a job's stdout: `NEURAL_METRIC {"loss": 0.12}`. */
export const METRIC_MARKER = 'NEURAL_METRIC';

/** Writes a job's record atomically. */
export async function writeRecord(jobDir: string, record: LocalJobRecord): Promise<void> {
  await writeFileAtomic(join(jobDir, JOB_FILES.record), `${JSON.stringify(record, null, 2)}\n`);
}

/** Why a record could not be read: it is missing, or it is not a valid record. */
export class RecordReadError extends Error {
  constructor(
    message: string,
    readonly kind: 'missing' | 'invalid',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RecordReadError';
  }
}

/** Reads and validates a job's record. */
export async function readRecord(jobDir: string): Promise<LocalJobRecord> {
  const file = join(jobDir, JOB_FILES.record);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new RecordReadError(`No job record at ${file}`, 'missing', { cause: error });
    }
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new RecordReadError(`Job record ${file} is not valid JSON`, 'invalid', { cause: error });
  }
  const parsed = LocalJobRecordSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`,
    );
    throw new RecordReadError(`Job record ${file} is invalid: ${issues.join('; ')}`, 'invalid');
  }
  return parsed.data;
}

/** Reads a `cancel-requested` file; `undefined` when there is none (or it is unreadable). */
export async function readCancelRequest(jobDir: string): Promise<CancelRequest | undefined> {
  try {
    const text = await readFile(join(jobDir, JOB_FILES.cancelRequest), 'utf8');
    const parsed = CancelRequestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses one stdout line as a metrics line: the marker, whitespace, then a JSON object of finite values.
 * Anything else (not a metrics line, malformed JSON, not an object) gives `undefined`.
 */
export function parseMetricLine(line: string): Record<string, z.infer<typeof JsonValueSchema>> | undefined {
  const trimmed = line.replace(/\r$/, '');
  if (!trimmed.startsWith(`${METRIC_MARKER} `) && !trimmed.startsWith(`${METRIC_MARKER}\t`)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed.slice(METRIC_MARKER.length + 1));
  } catch {
    return undefined;
  }
  const parsed = z.record(z.string(), JsonValueSchema).safeParse(value);
  if (!parsed.success || Array.isArray(value)) return undefined;
  return parsed.data;
}
