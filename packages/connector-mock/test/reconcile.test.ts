import {
  batchSubmitJobs,
  foldJournal,
  type JobJournal,
  type JournalRecord,
  MemoryJobJournal,
  reconcile,
} from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import { describe, expect, it } from 'vitest';
import { MockConnector } from '../src/index.js';

/**
 * A journal whose process "dies" right after the platform answered: the `submitted` records of the chosen
 * jobs never land, exactly as when the submitting program is killed between the answer and the write.
 */
class CrashingJournal implements JobJournal {
  readonly inner = new MemoryJobJournal();
  constructor(private readonly lostKeys: ReadonlySet<string>) {}
  async write(record: JournalRecord): Promise<void> {
    if (record.type === 'submitted' && this.lostKeys.has(record.key)) {
      throw new Error('killed before the id was recorded');
    }
    await this.inner.write(record);
  }
  read(): Promise<readonly JournalRecord[]> {
    return this.inner.read();
  }
}

describe('reconcile with MockConnector', () => {
  it('lists each job with the idempotency key it was submitted with', async () => {
    const connector = new MockConnector({ clock: createManualClock() });
    const keyed = await connector.submitJob({ code: 'print(1)', idempotencyKey: 'key-1' });
    const plain = await connector.submitJob({ code: 'print(2)' });
    const listed = await connector.listJobs({ limit: 10 });
    expect(listed.find((job) => job.id === keyed)?.idempotencyKey).toBe('key-1');
    expect(listed.find((job) => job.id === plain)?.idempotencyKey).toBeUndefined();
  });

  it('adopts the jobs a crash left out of the journal, so a rerun of the batch sends none again', async () => {
    const connector = new MockConnector({ clock: createManualClock() });
    const jobs = Array.from({ length: 12 }, (_, n) => ({ code: `print(${n})` }));
    const lost = new Set(['sweep:2', 'sweep:7', 'sweep:11']);
    const journal = new CrashingJournal(lost);

    const first = await batchSubmitJobs(connector, jobs, { journal, batchId: 'sweep' });
    expect(first.failures.map((failure) => failure.index)).toEqual([2, 7, 11]);
    const platformJobs = () => connector.listJobs({ limit: 1000 });
    expect((await platformJobs()).length).toBe(12); // the platform has every job; the journal lacks three ids
    const orphans = [...foldJournal(await journal.read()).values()].filter((entry) => !entry.jobId);
    expect(orphans.map((entry) => entry.key)).toEqual([...lost]);

    const found = await reconcile(connector, journal.inner);

    expect(found.adopted.map((job) => job.key).sort()).toEqual([...lost].sort());
    const listed = await platformJobs();
    for (const { key, jobId } of found.adopted) {
      expect(listed.find((job) => job.id === jobId)?.idempotencyKey).toBe(key);
    }
    expect(found).toMatchObject({ unsettled: [], untracked: [], conflicts: [] });
    const rerun = await batchSubmitJobs(connector, jobs, { journal: journal.inner, batchId: 'sweep' });
    expect(rerun.alreadySubmitted).toBe(12);
    expect(rerun.failures).toEqual([]);
    expect((await platformJobs()).length).toBe(12);
  });

  it('reports a job whose key the journal never saw as untracked and writes nothing for it', async () => {
    const connector = new MockConnector({ clock: createManualClock() });
    const stranger = await connector.submitJob({ code: 'print(1)', idempotencyKey: 'another-program' });
    const journal = new MemoryJobJournal();

    const found = await reconcile(connector, journal);

    expect(found.untracked).toEqual([{ key: 'another-program', jobId: stranger }]);
    expect(await journal.read()).toEqual([]);
  });
});
