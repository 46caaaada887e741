/**
 * HttpConnector against the real fake platform (@neural/fake-platform): in-process through MSW, and over a
 * real socket through its standalone server.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakePlatform, type FakePlatformServer, startFakePlatformServer } from '@neural/fake-platform';
import { batchSubmitJobs, CloudConnectionError, JobNotFoundError } from '@neural/integrations-core';
import { createManualClock, type ManualClock } from '@neural/integrations-core/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpConnector } from '../src/index.js';

const API_KEY = 'sk-fake-platform-KNOWN-secret';
const fast = { retry: { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: 8 } };
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of iterable) lines.push(line);
  return lines;
}

describe('against the fake platform in-process (MSW)', () => {
  let clock: ManualClock;
  let platform: ReturnType<typeof createFakePlatform>;
  let server: ReturnType<typeof setupServer>;
  let connector: HttpConnector;

  beforeAll(() => {
    server = setupServer();
    server.listen({ onUnhandledRequest: 'error' });
  });
  beforeEach(() => {
    clock = createManualClock();
    platform = createFakePlatform({ clock, apiKey: API_KEY, tokenTtlMs: 60_000 });
    server.resetHandlers(...platform.handlers);
    // The fake's in-process origin is plain http on a made-up host, hence allowInsecureHttp.
    connector = new HttpConnector(
      { apiKey: API_KEY, endpoint: platform.url },
      { ...fast, allowInsecureHttp: true },
    );
  });
  afterAll(() => server.close());

  it('authenticates with the right key and refuses a wrong one', async () => {
    expect(await connector.authenticate()).toBe(true);
    const wrong = new HttpConnector(
      { apiKey: 'sk-not-the-key', endpoint: platform.url },
      { ...fast, allowInsecureHttp: true },
    );
    expect(await wrong.authenticate()).toBe(false);
  });

  it('runs a job to success: status, result, logs', async () => {
    const jobId = await connector.submitJob({
      code: '# @fake duration=250ms\n# @fake output="hello"\n# @fake log="epoch 1"\nprint("hello")',
      jobName: 'train-1',
    });
    expect(await connector.getJobStatus(jobId)).toBe('pending');
    await platform.advance(10_000);
    expect(await connector.getJobStatus(jobId)).toBe('succeeded');
    const result = await connector.getJobResult(jobId);
    expect(result.status).toBe('succeeded');
    expect(result.rawState).toBe('COMPLETED');
    expect(result.output).toBe('hello');
    expect(await connector.getLogs(jobId)).toContain('epoch 1');
    const jobs = await connector.listJobs({ statusFilter: 'succeeded' });
    expect(jobs.map((job) => job.id)).toContain(jobId);
  });

  it('runs a job to failure with its error', async () => {
    const jobId = await connector.submitJob({ code: '# @fake duration=100ms\n# @fake fail="boom"' });
    await platform.advance(10_000);
    const result = await connector.getJobResult(jobId);
    expect(result.status).toBe('failed');
    expect(result.error).toContain('boom');
  });

  it('cancels a running job once, then reports it finished', async () => {
    const jobId = await connector.submitJob({ code: '# @fake forever' });
    await platform.advance(1_000);
    expect(await connector.cancelJob(jobId)).toBe(true);
    expect(await connector.getJobStatus(jobId)).toBe('cancelled');
    expect(await connector.cancelJob(jobId)).toBe(false);
  });

  it('maps an unknown job to JobNotFoundError', async () => {
    await expect(connector.getJobStatus('job_nope')).rejects.toSatisfy(JobNotFoundError.isInstance);
  });

  it('follows logs until the job ends', async () => {
    const jobId = await connector.submitJob({
      code: '# @fake duration=1s\n# @fake log="one"\n# @fake log="two"',
    });
    const following = collect(connector.followLogs(jobId));
    for (let i = 0; i < 20; i++) await platform.advance(100);
    const lines = await following;
    expect(lines.join('')).toContain('one');
    expect(lines.join('')).toContain('two');
  });

  it('refreshes an expired token on the platform clock and carries on', async () => {
    await connector.getResourceUsage();
    await platform.advance(120_000);
    await expect(connector.getResourceUsage()).resolves.toHaveProperty('totalGpus');
  });

  it('deploys and deletes an endpoint, and reports usage', async () => {
    const url = await connector.deployModel('models/m.pt', 'serve-1');
    expect(url).toMatch(/serve-1/);
    expect(await connector.deleteEndpoint('serve-1')).toBe(true);
    expect(await connector.deleteEndpoint('serve-1')).toBe(false);
    expect(await connector.getResourceUsage()).toMatchObject({ totalGpus: expect.any(Number) });
  });

  it('submits 100 jobs through 30% injected faults of every kind: exactly 100 jobs, none duplicated', async () => {
    platform.setFaults({
      rate: 0.3,
      kinds: ['internal', 'unavailable', 'rate-limit', 'drop-before', 'drop-after', 'token-expired'],
      retryAfterSeconds: 0,
    });
    const requests = Array.from({ length: 100 }, (_, i) => ({ code: `print(${i})`, jobName: `chaos-${i}` }));
    const outcome = await batchSubmitJobs(connector, requests, { concurrency: 8, retry: fast.retry });
    expect(outcome.failures).toEqual([]);
    expect(new Set(outcome.jobIds).size).toBe(100);
    expect(outcome.jobIds).not.toContain(null);
    expect(platform.model.jobCount).toBe(100);
  }, 30_000);
});

describe('against the fake platform over a real socket', () => {
  let clock: ManualClock;
  let server: FakePlatformServer;
  let connector: HttpConnector;
  let folder: string;

  beforeEach(async () => {
    clock = createManualClock();
    server = await startFakePlatformServer({ port: 0, clock, apiKey: API_KEY });
    connector = new HttpConnector({ apiKey: API_KEY, endpoint: server.url }, fast);
    folder = await mkdtemp(join(tmpdir(), 'connector-http-socket-'));
  });
  afterEach(async () => {
    await server.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('runs a job end to end', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await connector.authenticate()).toBe(true);
    const jobId = await connector.submitJob({ code: '# @fake duration=200ms\n# @fake output="over tcp"' });
    await server.model.advance(10_000);
    expect(await connector.getJobStatus(jobId)).toBe('succeeded');
    expect((await connector.getJobResult(jobId)).output).toBe('over tcp');
    expect(await collect(connector.followLogs(jobId))).toBeInstanceOf(Array);
  });

  it('streams a multi-MB file up and down with identical bytes', async () => {
    const bytes = randomBytes(8 * 1024 * 1024 + 3);
    const source = join(folder, 'in.bin');
    await writeFile(source, bytes);
    expect(await connector.uploadFile(source, 'data/in.bin')).toBe(true);
    const target = join(folder, 'out.bin');
    expect(await connector.downloadFile('data/in.bin', target)).toBe(true);
    const copy = await readFile(target);
    expect(copy.length).toBe(bytes.length);
    expect(sha256(copy)).toBe(sha256(bytes));
  });

  it('a log stream cut by the server before the job ends throws CloudConnectionError', async () => {
    const jobId = await connector.submitJob({ code: '# @fake forever\n# @fake log="tick"' });
    await server.model.advance(1_000);
    const iterator = connector.followLogs(jobId)[Symbol.asyncIterator]();
    const first = iterator.next();
    await server.model.advance(1_000);
    await first;
    const rest = (async () => {
      for (;;) if ((await iterator.next()).done) return 'ended';
    })().catch((e: unknown) => e);
    await server.close();
    const error = await rest;
    expect(CloudConnectionError.isInstance(error)).toBe(true);
  });
});
