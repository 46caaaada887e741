import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudConnectionError,
  InvalidParameterError,
  OperationAbortedError,
} from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MockConnector } from '../src/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'connector-mock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('uploadFile and downloadFile', () => {
  it('round-trip bytes exactly', async () => {
    const connector = new MockConnector();
    const bytes = randomBytes(256 * 1024);
    await writeFile(join(dir, 'model.bin'), bytes);
    expect(await connector.uploadFile(join(dir, 'model.bin'), 'models/model.bin')).toBe(true);
    expect(await connector.downloadFile('models/model.bin', join(dir, 'out', 'copy.bin'))).toBe(true);
    expect(Buffer.compare(await readFile(join(dir, 'out', 'copy.bin')), bytes)).toBe(0);
    expect(Buffer.compare(Buffer.from(connector.getStoredFile('./models/model.bin')!), bytes)).toBe(0);
  });

  it('keeps a stored copy that later changes to the local file do not touch', async () => {
    const connector = new MockConnector();
    await writeFile(join(dir, 'a.txt'), 'first');
    await connector.uploadFile(join(dir, 'a.txt'), 'a.txt');
    await writeFile(join(dir, 'a.txt'), 'second');
    await connector.downloadFile('a.txt', join(dir, 'b.txt'));
    expect(await readFile(join(dir, 'b.txt'), 'utf8')).toBe('first');
  });

  it('downloads files seeded with putStoredFile', async () => {
    const connector = new MockConnector();
    connector.putStoredFile('data/train.csv', 'a,b\n1,2\n');
    await connector.downloadFile('data/train.csv', join(dir, 'train.csv'));
    expect(await readFile(join(dir, 'train.csv'), 'utf8')).toBe('a,b\n1,2\n');
  });

  it('refuses remote paths that escape the root or are absolute', async () => {
    const connector = new MockConnector();
    await writeFile(join(dir, 'a.txt'), 'x');
    for (const remote of ['../etc/passwd', 'a/../../b', '/abs/path', '', '.']) {
      const error = await connector.uploadFile(join(dir, 'a.txt'), remote).catch((caught: unknown) => caught);
      expect(InvalidParameterError.isInstance(error)).toBe(true);
      expect((error as InvalidParameterError).issues[0]!.field).toBe('remotePath');
    }
  });

  it('refuses a missing local file with InvalidParameterError naming localPath', async () => {
    const connector = new MockConnector();
    const error = await connector
      .uploadFile(join(dir, 'missing.txt'), 'x.txt')
      .catch((caught: unknown) => caught as InvalidParameterError);
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    expect((error as InvalidParameterError).issues[0]).toMatchObject({ field: 'localPath', rule: /ENOENT/ });
  });

  it('reports a missing remote file as FILE_NOT_FOUND and writes nothing', async () => {
    const connector = new MockConnector();
    await expect(connector.downloadFile('nothing.txt', join(dir, 'n.txt'))).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports a local path under a file as DOWNLOAD_FAILED, a CloudExecutionError, not a raw ENOTDIR', async () => {
    const connector = new MockConnector();
    connector.putStoredFile('a.txt', 'a');
    await writeFile(join(dir, 'file'), 'not a folder');
    await expect(connector.downloadFile('a.txt', join(dir, 'file', 'a.txt'))).rejects.toMatchObject({
      name: 'CloudExecutionError',
      code: 'DOWNLOAD_FAILED',
    });
  });
});

describe('deployModel and deleteEndpoint', () => {
  it('deploy an endpoint, refuse a second with the same name, and delete it once', async () => {
    const connector = new MockConnector();
    const url = await connector.deployModel('models/model.bin', 'sentiment', {
      resourceConfig: { gpuEnabled: true },
    });
    expect(url).toBe('https://mock.invalid/endpoints/sentiment');
    expect(connector.getEndpoint('sentiment')).toMatchObject({ modelPath: 'models/model.bin', url });
    expect(connector.getEndpoint('sentiment')!.resourceConfig.gpuCount).toBe(1);
    await expect(connector.deployModel('other', 'sentiment')).rejects.toMatchObject({
      code: 'ENDPOINT_EXISTS',
    });
    expect(await connector.deleteEndpoint('sentiment')).toBe(true);
    expect(await connector.deleteEndpoint('sentiment')).toBe(false);
    expect(connector.getEndpoint('sentiment')).toBeUndefined();
  });

  it('validate the endpoint name, model path and resources', async () => {
    const connector = new MockConnector();
    await expect(connector.deployModel('m', 'Bad_Name')).rejects.toThrow(/endpointName/);
    await expect(connector.deployModel('', 'ok')).rejects.toThrow(/modelPath/);
    await expect(connector.deployModel('m', 'ok', { resourceConfig: { gpuCount: -1 } })).rejects.toThrow(
      /gpuCount/,
    );
  });
});

describe('getResourceUsage', () => {
  it('counts what running jobs use against the capacity', async () => {
    const clock = createManualClock();
    const connector = new MockConnector({ clock, queueMs: 0, durationMs: 1_000, capacity: { totalGpus: 4 } });
    await connector.submitJob({
      code: 'x = 1',
      resourceConfig: { gpuEnabled: true, gpuCount: 3, cpuCount: 8, memoryGb: 32 },
    });
    await connector.submitJob({ code: '# @fake queue=10s\nx = 1' });
    await connector.deployModel('m', 'ep');
    expect(await connector.getResourceUsage()).toEqual({
      totalGpus: 4,
      usedGpus: 3,
      availableGpus: 1,
      totalCpus: 64,
      usedCpus: 8,
      availableCpus: 56,
      memoryGb: 512,
      usedMemoryGb: 32,
      runningJobs: 1,
      pendingJobs: 1,
      endpoints: 1,
    });
    await clock.advance(1_000);
    expect(await connector.getResourceUsage()).toMatchObject({ usedGpus: 0, runningJobs: 0 });
  });
});

describe('followLogs', () => {
  async function collect(iterable: AsyncIterable<string>, into: string[]): Promise<void> {
    for await (const chunk of iterable) into.push(chunk);
  }

  it('streams the log as it is written and ends at a terminal status', async () => {
    const clock = createManualClock();
    const connector = new MockConnector({ clock, queueMs: 100, durationMs: 1_000 });
    const jobId = await connector.submitJob({ code: '# @fake log="epoch 1"\nprint("final")' });
    const chunks: string[] = [];
    let ended = false;
    const following = collect(connector.followLogs(jobId), chunks).then(() => (ended = true));
    await clock.advance(100);
    expect(chunks.join('')).toContain('started');
    expect(chunks.join('')).not.toContain('epoch 1');
    await clock.advance(500);
    expect(chunks.join('')).toContain('epoch 1');
    expect(ended).toBe(false);
    await clock.advance(500);
    await following;
    expect(ended).toBe(true);
    expect(chunks.join('')).toBe(await connector.getLogs(jobId));
    expect(chunks.join('')).toContain('final\n');
  });

  it('starts from an offset', async () => {
    const connector = new MockConnector({ queueMs: 0, durationMs: 0 });
    const jobId = await connector.submitJob({ code: 'print("abc")' });
    const logs = await connector.getLogs(jobId);
    const chunks: string[] = [];
    await collect(connector.followLogs(jobId, { fromOffset: 10 }), chunks);
    expect(chunks.join('')).toBe(logs.slice(10));
    await expect(collect(connector.followLogs(jobId, { fromOffset: -1 }), [])).rejects.toThrow(/fromOffset/);
  });

  it('ends when a forever job is cancelled', async () => {
    const connector = new MockConnector({ queueMs: 0 });
    const jobId = await connector.submitJob({ code: '# @fake forever' });
    const chunks: string[] = [];
    const following = collect(connector.followLogs(jobId), chunks);
    await new Promise((resolve) => setImmediate(resolve));
    await connector.cancelJob(jobId);
    await following;
    expect(chunks.join('')).toMatch(/cancelled\n$/);
  });

  it('throws when the stream is broken before the job ends', async () => {
    const clock = createManualClock();
    const connector = new MockConnector({ clock });
    const jobId = await connector.submitJob({ code: 'x = 1' });
    const chunks: string[] = [];
    const following = collect(connector.followLogs(jobId), chunks);
    await clock.advance(0);
    connector.breakLogStreams(jobId);
    await expect(following).rejects.toBeInstanceOf(CloudConnectionError);
    expect(chunks.join('')).toContain('queued');
    expect(connector.calls.followLogs[0]!.state).toBe('threw');
  });

  it('stops with OperationAbortedError when its signal aborts, leaving no sleeper behind', async () => {
    const clock = createManualClock();
    const connector = new MockConnector({ clock });
    const jobId = await connector.submitJob({ code: 'x = 1' });
    const controller = new AbortController();
    const following = collect(connector.followLogs(jobId, { signal: controller.signal }), []);
    await clock.advance(0);
    expect(clock.pendingSleepers).toBe(1);
    controller.abort();
    await expect(following).rejects.toBeInstanceOf(OperationAbortedError);
    expect(clock.pendingSleepers).toBe(0);
  });

  it('records a consumer that stops early as returned, with what it got', async () => {
    const connector = new MockConnector({ queueMs: 0 });
    const jobId = await connector.submitJob({ code: '# @fake forever' });
    for await (const chunk of connector.followLogs(jobId)) {
      expect(chunk).toContain('queued');
      break;
    }
    expect(connector.calls.followLogs[0]).toMatchObject({
      state: 'returned',
      result: [expect.stringContaining('queued')],
    });
  });
});
