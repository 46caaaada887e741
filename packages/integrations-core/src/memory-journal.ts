import type { JobJournal, JournalRecord } from './journal.js';

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
