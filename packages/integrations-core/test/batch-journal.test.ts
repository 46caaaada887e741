import { describe, expect, it } from 'vitest';
import {
  batchSubmitJobs,
  CloudConnectionError,
  CloudException,
  foldJournal,
  InvalidParameterError,
  JobResult,
  MemoryJobJournal,
  resumeJournal,
  type SubmitJobRequest,
  waitForCompletion,
} from '../src/index.js';
import { NO_CAPABILITIES, scriptedConnector } from './support.js';

const jobs = (count: number): SubmitJobRequest[] =>
  Array.from({ length: count }, (_, index) => ({ code: `print(${index})`, jobName: `job-${index}` }));

/** A connector that makes one job per new key (as an idempotent platform does) and counts every send. */
function keyedPlatform(options: { idempotency?: boolean; failFirstSendOf?: Set<string> } = {}) {
  const jobsByKey = new Map<string, string>();
  const sent: string[] = [];
  const connector = scriptedConnector(['succeeded'], {
    capabilities: { ...NO_CAPABILITIES, idempotency: options.idempotency ?? true },
    submitJob: async (request) => {
      const key = request.idempotencyKey!;
      sent.push(key);
      let id = jobsByKey.get(key);
      if (!id || !(options.idempotency ?? true)) {
        id = `job-${jobsByKey.size + 1}`;
        jobsByKey.set(key, id);
      }
      if (options.failFirstSendOf?.delete(key))
        throw new CloudConnectionError('connection dropped after send');
      return id;
    },
  });
  return { connector, sent, jobsByKey };
}

describe('batchSubmitJobs with a journal', () => {
  it('records an intent before each submit and the id after it, under deterministic per-job keys', async () => {
    const journal = new MemoryJobJournal();
    const { connector } = keyedPlatform();
    const result = await batchSubmitJobs(connector, jobs(3), { journal, batchId: 'sweep' });
    expect(result.idempotencyKeys).toEqual(['sweep:0', 'sweep:1', 'sweep:2']);
    const records = await journal.read();
    const forKey = records.filter((record) => 'key' in record && record.key === 'sweep:1').map((r) => r.type);
    expect(forKey).toEqual(['intent', 'submitted']);
    expect(foldJournal(records).get('sweep:1')?.jobId).toBe(result.jobIds[1]);
  });

  it('run again with the same journal, submits nothing twice and returns the same ids', async () => {
    const journal = new MemoryJobJournal();
    const { connector, sent } = keyedPlatform();
    const first = await batchSubmitJobs(connector, jobs(5), { journal });
    const second = await batchSubmitJobs(connector, jobs(5), { journal });
    expect(sent).toHaveLength(5);
    expect(second.jobIds).toEqual(first.jobIds);
    expect(second.batchId).toBe(first.batchId);
    expect(second.alreadySubmitted).toBe(5);
  });

  it('after a batch stopped midway, a rerun submits exactly the jobs not yet submitted', async () => {
    const journal = new MemoryJobJournal();
    const { connector, sent } = keyedPlatform();
    const stop = new AbortController();
    const first = await batchSubmitJobs(connector, jobs(10), {
      journal,
      concurrency: 1,
      signal: stop.signal,
      onProgress: ({ done }) => done === 4 && stop.abort(),
    });
    expect(first.aborted).toBe(true);
    const second = await batchSubmitJobs(connector, jobs(10), { journal, concurrency: 3 });
    expect(second.failures).toEqual([]);
    expect(new Set(sent).size).toBe(10);
    expect(sent).toHaveLength(10);
    expect(second.alreadySubmitted).toBe(4);
  });

  it('resubmits an intent whose answer never came back with the SAME key when the connector is idempotent', async () => {
    const journal = new MemoryJobJournal();
    const platform = keyedPlatform({ failFirstSendOf: new Set(['b:1']) });
    const first = await batchSubmitJobs(platform.connector, jobs(3), {
      journal,
      batchId: 'b',
      retry: { maxAttempts: 1 },
    });
    expect(first.failures.map((f) => f.index)).toEqual([1]);
    const second = await batchSubmitJobs(platform.connector, jobs(3), { journal, batchId: 'b' });
    expect(second.failures).toEqual([]);
    expect(platform.sent.filter((key) => key === 'b:1')).toHaveLength(2);
    expect(platform.jobsByKey.size).toBe(3);
    expect(second.jobIds[1]).toBe(platform.jobsByKey.get('b:1'));
  });

  it('reports an unsettled intent as SUBMIT_AMBIGUOUS and never resends it when the connector is not idempotent', async () => {
    const journal = new MemoryJobJournal();
    const platform = keyedPlatform({ idempotency: false, failFirstSendOf: new Set(['b:2']) });
    await batchSubmitJobs(platform.connector, jobs(3), { journal, batchId: 'b' });
    const second = await batchSubmitJobs(platform.connector, jobs(3), { journal, batchId: 'b' });
    expect(platform.sent).toEqual(expect.arrayContaining(['b:0', 'b:1', 'b:2']));
    expect(platform.sent).toHaveLength(3);
    expect(second.failures.map((f) => [f.index, f.error.code])).toEqual([[2, 'SUBMIT_AMBIGUOUS']]);
    expect(second.jobIds[2]).toBeNull();
  });

  it('refuses a job that changed since the journal recorded it, naming it', async () => {
    const journal = new MemoryJobJournal();
    const { connector, sent } = keyedPlatform();
    await batchSubmitJobs(connector, jobs(2), { journal, batchId: 'b' });
    const changed = [jobs(2)[0]!, { code: 'something else' }];
    const second = await batchSubmitJobs(connector, changed, { journal, batchId: 'b' });
    expect(sent).toHaveLength(2);
    expect(InvalidParameterError.isInstance(second.failures[0]?.error)).toBe(true);
    expect(second.failures[0]?.error.message).toContain('jobs[1]');
  });

  it('writes nothing for a malformed job', async () => {
    const journal = new MemoryJobJournal();
    const { connector } = keyedPlatform();
    const result = await batchSubmitJobs(connector, [{ code: '' }], { journal, batchId: 'b' });
    expect(InvalidParameterError.isInstance(result.failures[0]?.error)).toBe(true);
    expect((await journal.read()).filter((record) => record.type !== 'batch')).toEqual([]);
  });
});

describe('waitForCompletion and resumeJournal with a journal', () => {
  it('records every status change and the result', async () => {
    const journal = new MemoryJobJournal();
    const connector = scriptedConnector(['pending', 'running', 'succeeded']);
    await waitForCompletion(connector, 'job-1', { journal, pollIntervalMs: 0 });
    const types = (await journal.read()).map((record) =>
      record.type === 'status' ? record.status : record.type,
    );
    expect(types).toEqual(['pending', 'running', 'succeeded', 'result']);
  });

  it('returns results the journal holds without a call, and watches every other submitted job to its end', async () => {
    const journal = new MemoryJobJournal();
    const { connector } = keyedPlatform();
    await batchSubmitJobs(connector, jobs(3), { journal, batchId: 'b' });
    const ids = foldJournal(await journal.read());
    const done = ids.get('b:0')!.jobId!;
    await journal.write({ type: 'result', jobId: done, result: { jobId: done, status: 'failed' }, at: 0 });
    await journal.write({
      type: 'intent',
      key: 'b:9',
      fingerprint: 'x',
      request: { code: 'x', environmentNames: [], dependencies: [] },
      at: 0,
    });
    const resumed = await resumeJournal(connector, journal, { pollIntervalMs: 0 });
    expect(resumed.results.map((r) => [r.key, r.fromJournal, r.result.status])).toEqual([
      ['b:0', true, 'failed'],
      ['b:1', false, 'succeeded'],
      ['b:2', false, 'succeeded'],
    ]);
    expect(resumed.results[0]?.result).toBeInstanceOf(JobResult);
    expect(resumed.unsubmitted).toEqual(['b:9']);
    expect(connector.calls.filter((c) => c.method === 'getJobResult').map((c) => c.args[0])).not.toContain(
      done,
    );
    const again = await resumeJournal(connector, journal);
    expect(again.results.every((r) => r.fromJournal)).toBe(true);
  });

  it('reports a job it cannot watch as a failure with a CloudException', async () => {
    const journal = new MemoryJobJournal();
    const { connector } = keyedPlatform();
    await batchSubmitJobs(connector, jobs(1), { journal, batchId: 'b' });
    connector.getJobStatus = async () => {
      throw new TypeError('boom');
    };
    const resumed = await resumeJournal(connector, journal, { retry: { maxAttempts: 1 } });
    expect(resumed.failures).toHaveLength(1);
    expect(CloudException.isInstance(resumed.failures[0]?.error)).toBe(true);
  });
});
