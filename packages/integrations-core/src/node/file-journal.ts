import { type FileHandle, mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CloudException, InvalidParameterError } from '../errors.js';
import type { JobJournal, JournalRecord } from '../journal.js';
import { JournalRecordSchema } from '../journal-record-schema.js';
import { booleanValue } from '../option-value-schemas.js';
import { type OptionFields, strictOptions } from '../strict-options.js';
import { parseOptionsOrThrow } from '../validation.js';
import { expandHome } from './credentials.js';

/** How a {@link FileJobJournal} writes. */
export interface FileJobJournalOptions {
  /**
   * Wait for each write to reach the disk (`fdatasync`) before acknowledging it. Default `true`; `false` keeps
   * records across a process crash (the OS still has them) but not across a power loss.
   */
  durable?: boolean;
}

const FileJobJournalOptionsSchema = strictOptions({
  durable: booleanValue.optional(),
} satisfies OptionFields<FileJobJournalOptions>);

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
    const { durable = true } = parseOptionsOrThrow(
      FileJobJournalOptionsSchema,
      options,
      'FileJobJournal options',
    );
    this.path = expandHome(path);
    this.#durable = durable;
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
      const result = JournalRecordSchema.safeParse(parsed);
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
