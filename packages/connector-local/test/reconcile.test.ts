import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  batchSubmitJobs,
  foldJournal,
  type JobJournal,
  type JournalRecord,
  reconcile,
} from '@neural/integrations-core';
import { FileJobJournal } from '@neural/integrations-core/node';
import { describe, expect, it } from 'vitest';
import { readRecord } from '../src/record.js';
import { finished, freshRoot, localConnector } from './support.js';

/**
 * A journal file whose process "dies" right after the job was created: the `submitted` records of the chosen
 * keys never reach the file, as when the program is killed between the answer and the write.
 */
class CrashingJournal implements JobJournal {
  constructor(
    readonly file: FileJobJournal,
    private readonly lostKeys: ReadonlySet<string>,
  ) {}
  async write(record: JournalRecord): Promise<void> {
    if (record.type === 'submitted' && this.lostKeys.has(record.key)) {
      throw new Error('killed before the id was recorded');
    }
    await this.file.write(record);
  }
  read(): Promise<readonly JournalRecord[]> {
    return this.file.read();
  }
}

describe('LocalConnector tags each job with its idempotency key', () => {
  it('keeps the key in the job record and lists it back', async () => {
    const connector = await localConnector();
    const keyed = await connector.submitJob({ code: 'print(1)', idempotencyKey: 'sweep:0' });
    const plain = await connector.submitJob({ code: 'print(2)' });
    expect((await readRecord(connector.jobFolder(keyed))).idempotencyKey).toBe('sweep:0');
    const listed = await connector.listJobs({ limit: 10 });
    expect(listed.find((job) => job.id === keyed)?.idempotencyKey).toBe('sweep:0');
    expect(listed.find((job) => job.id === plain)?.idempotencyKey).toBeUndefined();
    await Promise.all([finished(connector, keyed), finished(connector, plain)]);
  });

  it('lists no key for a record whose submit never claimed it (a crash before the claim)', async () => {
    const connector = await localConnector();
    const jobId = await connector.submitJob({ code: 'print(1)', idempotencyKey: 'claimed' });
    await finished(connector, jobId);
    // The record says "unclaimed", as a submit killed between writing its record and claiming its key leaves it.
    const record = await readRecord(connector.jobFolder(jobId));
    await writeFile(
      join(connector.jobFolder(jobId), 'job.json'),
      JSON.stringify({ ...record, idempotencyKey: 'never-claimed' }),
    );
    const [listed] = await connector.listJobs({ limit: 1 });
    expect(listed?.id).toBe(jobId);
    expect(listed?.idempotencyKey).toBeUndefined();
  });
});

describe('reconcile with LocalConnector', () => {
  it('adopts the jobs a crash left out of the journal file; a rerun of the batch makes no new job', async () => {
    const connector = await localConnector();
    const journalPath = join(await freshRoot(), 'sweep.jsonl');
    const jobs = Array.from({ length: 6 }, (_, n) => ({ code: `print(${n})` }));
    const lost = new Set(['sweep:1', 'sweep:4']);

    const first = await batchSubmitJobs(connector, jobs, {
      journal: new CrashingJournal(new FileJobJournal(journalPath, { durable: false }), lost),
      batchId: 'sweep',
    });
    expect(first.failures.map((failure) => failure.index)).toEqual([1, 4]);

    // The restarted program: a fresh journal object on the same file, and a fresh connector on the same root.
    const journal = new FileJobJournal(journalPath, { durable: false });
    const restarted = await localConnector({ root: connector.root });
    const found = await reconcile(restarted, journal);

    expect(found.adopted.map((job) => job.key).sort()).toEqual([...lost].sort());
    expect(found).toMatchObject({ unsettled: [], untracked: [], conflicts: [] });
    const entries = foldJournal(await journal.read());
    for (const { key, jobId } of found.adopted) expect(entries.get(key)?.jobId).toBe(jobId);

    const rerun = await batchSubmitJobs(restarted, jobs, { journal, batchId: 'sweep' });
    expect(rerun.alreadySubmitted).toBe(6);
    const listed = await restarted.listJobs({ limit: 100 });
    expect(listed.length).toBe(6);
    expect(new Set(listed.map((job) => job.idempotencyKey)).size).toBe(6);
    await Promise.all(listed.map((job) => finished(restarted, job.id)));
    await journal.close();
  });
});
