import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  batchSubmitJobs,
  CloudException,
  foldJournal,
  type JournalRecord,
  MemoryJobJournal,
} from '../src/index.js';
import { FileJobJournal } from '../src/node/index.js';
import { caught, scriptedConnector } from './support.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journal-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const records = (count: number): JournalRecord[] =>
  Array.from({ length: count }, (_, index) => ({
    type: 'submitted',
    key: `batch:${index}`,
    jobId: `job-${index}`,
    at: index,
  }));

describe('FileJobJournal', () => {
  it('reads back every acknowledged record, in the order written, even when writes overlap', async () => {
    const journal = new FileJobJournal(join(dir, 'nested', 'journal.jsonl'));
    await Promise.all(records(50).map((record) => journal.write(record)));
    expect(await journal.read()).toEqual(records(50));
    await journal.close();
    expect(await new FileJobJournal(journal.path).read()).toEqual(records(50));
  });

  it('creates the file private to its owner (0600) in a private directory (0700)', async () => {
    const journal = new FileJobJournal(join(dir, 'private', 'journal.jsonl'));
    await journal.write(records(1)[0]!);
    await journal.close();
    expect((await stat(journal.path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'private'))).mode & 0o777).toBe(0o700);
  });

  it('after a crash cut the file at any byte, reads exactly a prefix of the records and never throws', async () => {
    const path = join(dir, 'journal.jsonl');
    const journal = new FileJobJournal(path);
    const written = records(8);
    for (const record of written) await journal.write(record);
    await journal.close();
    const full = await readFile(path);
    for (let cut = 0; cut <= full.length; cut++) {
      await writeFile(path, full.subarray(0, cut));
      const read = await new FileJobJournal(path).read();
      expect(read).toEqual(written.slice(0, read.length));
      const complete = full.subarray(0, cut).toString('utf8').split('\n').length - 1;
      expect(read.length).toBe(complete);
    }
  });

  it('cuts off a torn last line before appending, so the next record is not glued to it', async () => {
    const path = join(dir, 'journal.jsonl');
    const first = new FileJobJournal(path);
    await first.write(records(1)[0]!);
    await first.close();
    await writeFile(path, `${await readFile(path, 'utf8')}{"type":"submi`);
    const second = new FileJobJournal(path);
    await second.write(records(2)[1]!);
    await second.close();
    expect(await new FileJobJournal(path).read()).toEqual(records(2));
  });

  it('refuses a journal corrupted before its last line instead of skipping records', async () => {
    const path = join(dir, 'journal.jsonl');
    await writeFile(path, `not json\n${JSON.stringify(records(1)[0])}\n`);
    const error = await caught(() => new FileJobJournal(path).read());
    expect(CloudException.isInstance(error) && error.code).toBe('JOURNAL_CORRUPT');
    expect(String((error as Error).message)).toContain('line 1');
  });

  it('reads a journal that does not exist yet as empty', async () => {
    expect(await new FileJobJournal(join(dir, 'none.jsonl')).read()).toEqual([]);
  });

  it('tightens a journal file that others could read before writing to it', async () => {
    const path = join(dir, 'journal.jsonl');
    await writeFile(path, '', { mode: 0o644 });
    const journal = new FileJobJournal(path);
    await journal.write(records(1)[0]!);
    await journal.close();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('rejects a missing path with a typed error', () => {
    expect(() => new FileJobJournal('')).toThrow(/path/);
  });

  it('never writes environment values, only their names', async () => {
    const journal = new FileJobJournal(join(dir, 'journal.jsonl'));
    const connector = scriptedConnector([]);
    await batchSubmitJobs(
      connector,
      [{ code: 'train()', environment: { API_TOKEN: 'very-secret-value-123', MODE: 'fast-mode-xyz' } }],
      { journal },
    );
    await journal.close();
    const text = await readFile(journal.path, 'utf8');
    expect(text).not.toContain('very-secret-value-123');
    expect(text).not.toContain('fast-mode-xyz');
    expect(text).toContain('API_TOKEN');
  });
});

describe('foldJournal', () => {
  it('folds intents, ids, statuses and results into one entry per key', async () => {
    const journal = new MemoryJobJournal();
    const request = { code: 'x', environmentNames: [], dependencies: [] };
    await journal.write({ type: 'intent', key: 'k1', fingerprint: 'f', request, at: 1 });
    await journal.write({ type: 'intent', key: 'k2', fingerprint: 'g', request, at: 1 });
    await journal.write({ type: 'failed', key: 'k2', code: 'UNAVAILABLE', message: 'down', at: 2 });
    await journal.write({ type: 'submitted', key: 'k1', jobId: 'j1', at: 3 });
    await journal.write({ type: 'status', jobId: 'j1', status: 'running', at: 4 });
    await journal.write({ type: 'result', jobId: 'j1', result: { jobId: 'j1', status: 'succeeded' }, at: 5 });
    const entries = foldJournal(await journal.read());
    expect(entries.get('k1')).toMatchObject({
      jobId: 'j1',
      status: 'succeeded',
      result: { status: 'succeeded' },
    });
    expect(entries.get('k2')).toMatchObject({ jobId: undefined, failure: { code: 'UNAVAILABLE' } });
    expect([...entries.keys()]).toEqual(['k1', 'k2']);
  });
});
