import { createHash } from 'node:crypto';
import { type FileHandle, mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { canonicalJson } from './canonical-json.js';
import type { ParsedSubmitJobRequest } from './connector.js';
import { expandHome } from './credentials.js';
import { CloudException, InvalidParameterError } from './errors.js';
import { type JobResultInput, JobResultSchema, JobStatusSchema } from './job-result.js';
import type { JobStatus } from './job-status.js';
import { type JsonValue, JsonValueSchema } from './json.js';

/**
 * What a journal keeps of a submit request: everything but the environment's values, which may hold secrets
 * (only the variable names are kept).
 */
export interface JournalRequest {
  /** The job's code. */
  readonly code: string;
  /** The job's name, when it had one. */
  readonly jobName?: string | undefined;
  /** The names of its environment variables (never their values). */
  readonly environmentNames: readonly string[];
  /** Its requirement strings. */
  readonly dependencies: readonly string[];
  /** Its resources, as `ResourceConfig.toJSON()`. */
  readonly resourceConfig?: JsonValue | undefined;
}

/**
 * One line of a job journal. A submit is recorded as `intent` BEFORE the request is sent and as `submitted`
 * when the id comes back, so a crash between the two is visible: the job may or may not exist, and only an
 * idempotent resubmit with the same key can settle it. `batch` ties a batch's generated keys to its jobs.
 */
export type JournalRecord =
  | {
      readonly type: 'batch';
      readonly batchId: string;
      readonly jobsHash: string;
      readonly size: number;
      readonly at: number;
    }
  | {
      readonly type: 'intent';
      readonly key: string;
      readonly fingerprint: string;
      readonly request: JournalRequest;
      readonly at: number;
    }
  | { readonly type: 'submitted'; readonly key: string; readonly jobId: string; readonly at: number }
  | { readonly type: 'status'; readonly jobId: string; readonly status: JobStatus; readonly at: number }
  | { readonly type: 'result'; readonly jobId: string; readonly result: JobResultInput; readonly at: number }
  | {
      readonly type: 'failed';
      readonly key: string;
      readonly code: string;
      readonly message: string;
      readonly at: number;
    };

/** Everything a journal knows about one submit, folded from its records by {@link foldJournal}. */
export interface JournalEntry {
  /** The submit's idempotency key. */
  readonly key: string;
  /** A hash of the recorded request, to notice a job that changed between runs. */
  readonly fingerprint: string;
  /** The request as recorded (environment values left out). */
  readonly request: JournalRequest;
  /** The job's id, once the platform returned it. */
  readonly jobId: string | undefined;
  /** The last status seen. */
  readonly status: JobStatus | undefined;
  /** The result, once fetched. */
  readonly result: JobResultInput | undefined;
  /** Why the last submit attempt failed, when it did and no id came back after. */
  readonly failure: { readonly code: string; readonly message: string } | undefined;
}

/**
 * Durable job records: the answer to duplicate jobs after a crash and to job state lost after a restart.
 * {@link FileJobJournal} is the default and {@link MemoryJobJournal} the in-memory one; implement this
 * interface to keep records elsewhere (a database). `write` must not resolve before the record would survive
 * a crash, and `read` must return every record whose `write` resolved, in order.
 */
export interface JobJournal {
  /** Appends one record; resolves once it is durable. */
  write(record: JournalRecord): Promise<void>;
  /** Every record written so far, in order. */
  read(): Promise<readonly JournalRecord[]>;
}

/** Folds journal records into one entry per idempotency key, in the order the keys were first recorded. */
export function foldJournal(records: readonly JournalRecord[]): Map<string, JournalEntry> {
  const entries = new Map<string, JournalEntry>();
  const keyOfJob = new Map<string, string>();
  const update = (key: string | undefined, change: Partial<JournalEntry>) => {
    const current = key === undefined ? undefined : entries.get(key);
    if (current) entries.set(current.key, { ...current, ...change });
  };
  for (const record of records) {
    switch (record.type) {
      case 'intent':
        // A resubmit writes its intent again; the first one stays the reference.
        if (!entries.has(record.key)) {
          entries.set(record.key, {
            key: record.key,
            fingerprint: record.fingerprint,
            request: record.request,
            jobId: undefined,
            status: undefined,
            result: undefined,
            failure: undefined,
          });
        }
        break;
      case 'submitted':
        keyOfJob.set(record.jobId, record.key);
        update(record.key, { jobId: record.jobId, failure: undefined });
        break;
      case 'status':
        update(keyOfJob.get(record.jobId), { status: record.status });
        break;
      case 'result':
        update(keyOfJob.get(record.jobId), { result: record.result, status: record.result.status });
        break;
      case 'failed':
        if (entries.get(record.key)?.jobId === undefined) {
          update(record.key, { failure: { code: record.code, message: record.message } });
        }
        break;
      case 'batch':
        break;
    }
  }
  return entries;
}

/** The part of a validated request a journal keeps: environment values are left out (they may be secrets). */
export function journalRequest(request: ParsedSubmitJobRequest): JournalRequest {
  return {
    code: request.code,
    ...(request.jobName === undefined ? {} : { jobName: request.jobName }),
    environmentNames: Object.keys(request.environment).sort(),
    dependencies: [...request.dependencies],
    resourceConfig: request.resourceConfig.toJSON() as JsonValue,
  };
}

/**
 * A stable hash of the recorded part of a request. Environment values are deliberately not hashed: an
 * unsalted hash of a short secret written to disk can be reversed by guessing.
 */
export function fingerprintRequest(request: JournalRequest): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

const RecordSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('batch'),
    batchId: z.string().min(1),
    jobsHash: z.string(),
    size: z.number().int().nonnegative(),
    at: z.number(),
  }),
  z.object({
    type: z.literal('intent'),
    key: z.string().min(1),
    fingerprint: z.string(),
    request: z.object({
      code: z.string(),
      jobName: z.string().optional(),
      environmentNames: z.array(z.string()),
      dependencies: z.array(z.string()),
      resourceConfig: JsonValueSchema.optional(),
    }),
    at: z.number(),
  }),
  z.object({
    type: z.literal('submitted'),
    key: z.string().min(1),
    jobId: z.string().min(1),
    at: z.number(),
  }),
  z.object({ type: z.literal('status'), jobId: z.string().min(1), status: JobStatusSchema, at: z.number() }),
  z.object({ type: z.literal('result'), jobId: z.string().min(1), result: JobResultSchema, at: z.number() }),
  z.object({
    type: z.literal('failed'),
    key: z.string().min(1),
    code: z.string(),
    message: z.string(),
    at: z.number(),
  }),
]);

/** A journal held in memory: for tests, and for callers who want the bookkeeping without a file. */
export class MemoryJobJournal implements JobJournal {
  readonly #records: JournalRecord[] = [];
  /** Appends a copy of `record`. */
  async write(record: JournalRecord): Promise<void> {
    this.#records.push(structuredClone(record));
  }
  /** A copy of every record so far. */
  async read(): Promise<readonly JournalRecord[]> {
    return structuredClone(this.#records);
  }
}

/** How a {@link FileJobJournal} writes. */
export interface FileJobJournalOptions {
  /**
   * Wait for each write to reach the disk (`fdatasync`) before acknowledging it. Default `true`; `false` keeps
   * records across a process crash (the OS still has them) but not across a power loss.
   */
  durable?: boolean;
}

/**
 * A journal in one append-only file of JSON lines, private to its owner (created 0600 in a 0700 directory).
 * Records written while a flush is in progress are appended together and synced once (group commit), and no
 * `write` resolves before its line is on disk. A crash can only leave an unterminated last line, which reading
 * ignores and the next writer cuts off before appending, so after a crash at any point the file holds exactly
 * the acknowledged records (and perhaps a few unacknowledged whole ones). One process writes a journal at a time.
 *
 * @example
 * ```ts
 * const journal = new FileJobJournal('~/.neural/journal/train-batch.jsonl');
 * const { jobIds } = await batchSubmitJobs(connector, jobs, { journal }); // safe to run again after a crash
 * ```
 */
export class FileJobJournal implements JobJournal {
  /** The journal file's absolute path. */
  readonly path: string;
  readonly #durable: boolean;
  #handle: Promise<FileHandle> | undefined;
  #pending: { line: string; resolve: () => void; reject: (error: unknown) => void }[] = [];
  #flushing: Promise<void> | undefined;

  constructor(path: string, options: FileJobJournalOptions = {}) {
    if (typeof path !== 'string' || path.trim() === '') {
      throw InvalidParameterError.fromIssues('FileJobJournal', [
        { field: 'path', rule: 'must be a non-empty file path' },
      ]);
    }
    if (options.durable !== undefined && typeof options.durable !== 'boolean') {
      throw InvalidParameterError.fromIssues('FileJobJournal options', [
        { field: 'durable', rule: 'must be true or false' },
      ]);
    }
    this.path = expandHome(path);
    this.#durable = options.durable ?? true;
  }

  /** Appends one record; resolves once it is on disk. */
  write(record: JournalRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ line, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  async #flush(): Promise<void> {
    while (this.#pending.length > 0) {
      const group = this.#pending.splice(0);
      try {
        const handle = await this.#open();
        // One append per group: a crash tears at most the group's last line, never an acknowledged one.
        await handle.writeFile(group.map((entry) => entry.line).join(''));
        if (this.#durable) await handle.datasync();
        for (const entry of group) entry.resolve();
      } catch (error) {
        this.#handle = undefined;
        const failure = new CloudException(`Cannot write job journal ${this.path}`, {
          cause: error,
          code: 'JOURNAL_UNWRITABLE',
        });
        for (const entry of group) entry.reject(failure);
      }
    }
    this.#flushing = undefined;
  }

  #open(): Promise<FileHandle> {
    this.#handle ??= this.#openFile();
    return this.#handle;
  }

  async #openFile(): Promise<FileHandle> {
    const directory = dirname(this.path);
    await mkdir(directory, { recursive: true, mode: 0o700 });
    // The mode applies at creation, so the file is never readable by others, not even for an instant.
    const handle = await open(this.path, 'a+', 0o600);
    try {
      const info = await handle.stat();
      // A file made by an older tool or by hand: tighten it before the first record goes in.
      if ((info.mode & 0o077) !== 0) await handle.chmod(0o600);
      if (info.size > 0) {
        const bytes = await readFile(handle);
        const end = bytes.lastIndexOf(0x0a) + 1;
        // A torn last line from a crash: cut it off, or the next record would be glued to it.
        if (end < bytes.length) {
          await handle.truncate(end);
          await handle.datasync();
        }
      } else if (this.#durable) {
        // A new file's name must survive a power loss too.
        const dir = await open(directory, 'r');
        await dir.sync().finally(() => dir.close());
      }
      return handle;
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /**
   * Every complete record in the file, after pending writes. An unterminated last line (a crash mid-write)
   * is ignored; a malformed line anywhere else is `CloudException` `JOURNAL_CORRUPT`, never skipped silently.
   */
  async read(): Promise<readonly JournalRecord[]> {
    await this.#flushing;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new CloudException(`Cannot read job journal ${this.path}`, {
        cause: error,
        code: 'JOURNAL_UNREADABLE',
      });
    }
    const lines = text.split('\n');
    lines.pop(); // after the last newline: empty, or a torn line that was never acknowledged
    return lines.map((line, index) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (error) {
        throw new CloudException(`Job journal ${this.path} is corrupt at line ${index + 1}`, {
          cause: error,
          code: 'JOURNAL_CORRUPT',
        });
      }
      const result = RecordSchema.safeParse(parsed);
      if (!result.success) {
        throw new CloudException(`Job journal ${this.path} has an invalid record at line ${index + 1}`, {
          code: 'JOURNAL_CORRUPT',
        });
      }
      return result.data as JournalRecord;
    });
  }

  /** Waits for pending writes and closes the file. A later write reopens it. */
  async close(): Promise<void> {
    await this.#flushing;
    const handle = this.#handle;
    this.#handle = undefined;
    if (handle) await (await handle).close();
  }
}
