import { describe, expect, it } from 'vitest';
import {
  foldJournal,
  InvalidParameterError,
  type JobSummary,
  type JournalRequest,
  MemoryJobJournal,
  OperationAbortedError,
  reconcile,
} from '../src/index.js';
import { createManualClock } from '../src/testing/index.js';
import { caught, scriptedConnector } from './support.js';

const request: JournalRequest = { code: 'print(1)', environmentNames: [], dependencies: [] };

function listing(jobs: readonly Partial<JobSummary>[]) {
  const limits: (number | undefined)[] = [];
  const connector = scriptedConnector([], {
    async listJobs(options) {
      limits.push(options?.limit);
      return jobs.map((job, index) => ({
        id: `job-${index}`,
        status: 'running',
        createdAt: new Date(0),
        ...job,
      }));
    },
  });
  return { connector, limits };
}

async function journalWith(...records: Parameters<MemoryJobJournal['write']>[0][]) {
  const journal = new MemoryJobJournal();
  for (const record of records) await journal.write(record);
  return journal;
}

const intent = (key: string) => ({ type: 'intent' as const, key, fingerprint: 'f', request, at: 1 });
const submitted = (key: string, jobId: string) => ({ type: 'submitted' as const, key, jobId, at: 2 });

describe('reconcile', () => {
  it('adopts a tagged job whose submit the journal holds as intended but never as submitted', async () => {
    const journal = await journalWith(intent('k1'), intent('k2'), submitted('k2', 'job-9'));
    const { connector } = listing([
      { id: 'job-1', idempotencyKey: 'k1', status: 'pending' },
      { id: 'job-9', idempotencyKey: 'k2' },
    ]);
    const clock = createManualClock(5_000);

    const result = await reconcile(connector, journal, { clock });

    expect(result.adopted).toEqual([{ key: 'k1', jobId: 'job-1' }]);
    expect(result).toMatchObject({ unsettled: [], untracked: [], conflicts: [] });
    const entry = foldJournal(await journal.read()).get('k1');
    expect(entry).toMatchObject({ jobId: 'job-1', status: 'pending' });
    expect((await journal.read()).slice(-2)).toEqual([
      { type: 'submitted', key: 'k1', jobId: 'job-1', at: 5_000 },
      { type: 'status', jobId: 'job-1', status: 'pending', at: 5_000 },
    ]);
  });

  it('adds nothing when run again: only keys without an id are adopted', async () => {
    const journal = await journalWith(intent('k1'));
    const { connector } = listing([{ id: 'job-1', idempotencyKey: 'k1' }]);
    await reconcile(connector, journal);
    const before = (await journal.read()).length;

    const again = await reconcile(connector, journal);

    expect(again.adopted).toEqual([]);
    expect((await journal.read()).length).toBe(before);
  });

  it('reports keys no listed job carries as unsettled, and ignores jobs without a tag', async () => {
    const journal = await journalWith(intent('k1'), intent('k2'), submitted('k2', 'job-0'));
    const { connector } = listing([{ id: 'job-0' }, { id: 'job-5', name: 'k1' }]);

    const result = await reconcile(connector, journal);

    expect(result).toEqual({ adopted: [], unsettled: ['k1'], untracked: [], conflicts: [] });
    expect(foldJournal(await journal.read()).get('k1')?.jobId).toBeUndefined();
  });

  it('leaves jobs whose key the journal never saw alone, and reports them as untracked', async () => {
    const journal = await journalWith(intent('mine'));
    const { connector } = listing([{ id: 'job-3', idempotencyKey: 'someone-else' }]);
    const records = (await journal.read()).length;

    const result = await reconcile(connector, journal);

    expect(result.untracked).toEqual([{ key: 'someone-else', jobId: 'job-3' }]);
    expect(result.unsettled).toEqual(['mine']);
    expect((await journal.read()).length).toBe(records);
  });

  it('never adopts a key two jobs carry, nor a second job beside the one the journal holds', async () => {
    const journal = await journalWith(intent('twice'), intent('known'), submitted('known', 'job-a'));
    const { connector } = listing([
      { id: 'job-1', idempotencyKey: 'twice' },
      { id: 'job-2', idempotencyKey: 'twice' },
      { id: 'job-a', idempotencyKey: 'known' },
      { id: 'job-b', idempotencyKey: 'known' },
    ]);
    const records = (await journal.read()).length;

    const result = await reconcile(connector, journal);

    expect(result.adopted).toEqual([]);
    expect(result.conflicts).toEqual([
      { key: 'twice', jobIds: ['job-1', 'job-2'], journalJobId: undefined },
      { key: 'known', jobIds: ['job-a', 'job-b'], journalJobId: 'job-a' },
    ]);
    expect((await journal.read()).length).toBe(records);
  });

  it('looks through listJobs with its limit (1000 by default, or the one given)', async () => {
    const journal = await journalWith();
    const { connector, limits } = listing([]);
    await reconcile(connector, journal);
    await reconcile(connector, journal, { listLimit: 50 });
    expect(limits).toEqual([1000, 50]);
  });

  it('refuses bad options with InvalidParameterError naming the field, before reading anything', async () => {
    const journal = await journalWith(intent('k1'));
    const { connector, limits } = listing([{ id: 'job-1', idempotencyKey: 'k1' }]);
    for (const listLimit of [0, 1001, 2.5, Number.NaN]) {
      const error = await caught(() => reconcile(connector, journal, { listLimit }));
      expect(InvalidParameterError.isInstance(error)).toBe(true);
      expect((error as InvalidParameterError).issues.map((issue) => issue.field)).toEqual(['listLimit']);
    }
    const unknown = await caught(() => reconcile(connector, journal, { since: 1 } as never));
    expect(InvalidParameterError.isInstance(unknown)).toBe(true);
    expect(limits).toEqual([]);
  });

  it('stops with OperationAbortedError when its signal is already aborted', async () => {
    const journal = await journalWith(intent('k1'));
    const { connector, limits } = listing([{ id: 'job-1', idempotencyKey: 'k1' }]);
    const error = await caught(() => reconcile(connector, journal, { signal: AbortSignal.abort() }));
    expect(OperationAbortedError.isInstance(error)).toBe(true);
    expect(limits).toEqual([]);
    expect(foldJournal(await journal.read()).get('k1')?.jobId).toBeUndefined();
  });
});
