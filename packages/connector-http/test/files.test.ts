import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudConnectionError,
  CloudExecutionError,
  InvalidParameterError,
  OperationAbortedError,
} from '@neural/integrations-core';
import { encodeRemotePath } from '@neural/integrations-core/http';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API } from './support/mini-platform.js';
import { useMiniPlatform } from './support/setup.js';

const { platform, server, connect } = useMiniPlatform();
let folder = '';
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'connector-http-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const SIZE = 12 * 1024 * 1024 + 7;

describe('uploadFile and downloadFile', () => {
  it('round-trips a multi-MB file, streamed both ways, with identical size and SHA-256', async () => {
    const bytes = randomBytes(SIZE);
    const source = join(folder, 'weights.bin');
    await writeFile(source, bytes);
    const bodies: unknown[] = [];
    const connector = connect({
      fetch: (input, init) => {
        if (init?.method === 'PUT')
          bodies.push({ body: init.body, duplex: (init as { duplex?: string }).duplex });
        return globalThis.fetch(input, init);
      },
    });
    expect(await connector.uploadFile(source, 'models/run 1/weights.bin')).toBe(true);
    // Streamed: the body handed to fetch is a stream, not the file read into memory.
    expect(bodies).toHaveLength(1);
    expect((bodies[0] as { body: unknown }).body).toBeInstanceOf(ReadableStream);
    expect((bodies[0] as { duplex: string }).duplex).toBe('half');
    const stored = platform.files.get('models/run 1/weights.bin');
    expect(stored?.length).toBe(SIZE);
    expect(
      platform.requestsTo('PUT', '/v1/files/models/run%201/weights.bin')[0]?.headers['x-checksum-sha256'],
    ).toBe(sha256(bytes));

    const target = join(folder, 'out', 'copy.bin');
    expect(await connector.downloadFile('models/run 1/weights.bin', target)).toBe(true);
    const copy = await readFile(target);
    expect(copy.length).toBe(SIZE);
    expect(sha256(copy)).toBe(sha256(bytes));
    expect(await readdir(join(folder, 'out'))).toEqual(['copy.bin']);
  });

  it('refuses absolute and escaping remote paths before any request', async () => {
    const source = join(folder, 'a.txt');
    await writeFile(source, 'x');
    const connector = connect();
    for (const bad of ['/etc/passwd', '../secrets', 'a/../../b', 'C:/x', 'a\\b', '', 'a//b', './a']) {
      await expect(connector.uploadFile(source, bad), bad).rejects.toThrow(InvalidParameterError);
      await expect(connector.downloadFile(bad, join(folder, 'b.txt')), bad).rejects.toThrow(/remotePath/);
    }
    expect(platform.requests).toHaveLength(0);
    expect(encodeRemotePath('a b/c#d.txt')).toBe('a%20b/c%23d.txt');
  });

  it('refuses a local file that does not exist, before any request', async () => {
    await expect(connect().uploadFile(join(folder, 'missing.bin'), 'x.bin')).rejects.toThrow(/localPath/);
    expect(platform.requests).toHaveLength(0);
  });

  it('a missing remote file is a CloudExecutionError FILE_NOT_FOUND and writes nothing', async () => {
    const error = await connect()
      .downloadFile('nope.bin', join(folder, 'nope.bin'))
      .catch((e: unknown) => e);
    expect(CloudExecutionError.isInstance(error)).toBe(true);
    expect((error as CloudExecutionError).code).toBe('FILE_NOT_FOUND');
    expect(await readdir(folder)).toEqual([]);
  });

  it('an interrupted download leaves no partial file, and the old file untouched', async () => {
    const target = join(folder, 'model.bin');
    await writeFile(target, 'previous version');
    server.use(
      http.get(`${API}/files/*`, () => {
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new Uint8Array(64 * 1024));
            controller.error(new Error('connection reset'));
          },
        });
        return new HttpResponse(stream, { headers: { 'content-length': String(1024 * 1024) } });
      }),
    );
    const error = await connect({ retry: { maxAttempts: 2, initialDelayMs: 1 } })
      .downloadFile('model.bin', target)
      .catch((e: unknown) => e);
    expect(CloudConnectionError.isInstance(error)).toBe(true);
    expect(await readdir(folder)).toEqual(['model.bin']);
    expect(await readFile(target, 'utf8')).toBe('previous version');
  });

  it('a download whose bytes do not match the announced SHA-256 is refused and leaves nothing', async () => {
    server.use(
      http.get(
        `${API}/files/*`,
        () =>
          new HttpResponse('tampered', { headers: { 'x-checksum-sha256': sha256(Buffer.from('original')) } }),
      ),
    );
    const error = await connect({ retry: { maxAttempts: 1 } })
      .downloadFile('f.txt', join(folder, 'f.txt'))
      .catch((e: unknown) => e);
    expect(CloudConnectionError.isInstance(error)).toBe(true);
    expect((error as CloudConnectionError).code).toBe('CHECKSUM_MISMATCH');
    expect(await readdir(folder)).toEqual([]);
  });

  it('a shorter body than its Content-Length is refused', async () => {
    server.use(
      http.get(`${API}/files/*`, () => {
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new Uint8Array(10));
            controller.close();
          },
        });
        return new HttpResponse(stream, { headers: { 'content-length': '20' } });
      }),
    );
    const error = await connect({ retry: { maxAttempts: 1 } })
      .downloadFile('f.bin', join(folder, 'f.bin'))
      .catch((e: unknown) => e);
    expect(CloudConnectionError.isInstance(error)).toBe(true);
    expect(await readdir(folder)).toEqual([]);
  });

  it('aborting a download rejects with OperationAbortedError and leaves no partial file', async () => {
    const controller = new AbortController();
    server.use(
      http.get(`${API}/files/*`, () => {
        const stream = new ReadableStream<Uint8Array>({
          pull(source) {
            source.enqueue(new Uint8Array(16 * 1024));
            controller.abort();
          },
        });
        return new HttpResponse(stream);
      }),
    );
    const error = await connect()
      .downloadFile('big.bin', join(folder, 'big.bin'), { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(OperationAbortedError.isInstance(error)).toBe(true);
    expect(await readdir(folder)).toEqual([]);
  });

  it('an upload the platform stored with another checksum is a CloudConnectionError', async () => {
    const source = join(folder, 'a.txt');
    await writeFile(source, 'hello');
    server.use(
      http.put(`${API}/files/*`, () =>
        HttpResponse.json({ path: 'a.txt', size: 5, sha256: sha256(Buffer.from('jello')) }, { status: 201 }),
      ),
    );
    const error = await connect({ retry: { maxAttempts: 1 } })
      .uploadFile(source, 'a.txt')
      .catch((e: unknown) => e);
    expect(CloudConnectionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/sha256/);
  });

  it('an upload rejected with CHECKSUM_MISMATCH is sent again from a fresh stream', async () => {
    const source = join(folder, 'a.txt');
    await writeFile(source, 'hello');
    let calls = 0;
    server.use(
      http.put(`${API}/files/*`, async ({ request }) => {
        if (++calls > 1) return undefined;
        await request.arrayBuffer();
        return HttpResponse.json({ code: 'CHECKSUM_MISMATCH' }, { status: 422 });
      }),
    );
    expect(await connect().uploadFile(source, 'a.txt')).toBe(true);
    expect(platform.files.get('a.txt')?.toString()).toBe('hello');
    expect(calls).toBe(2);
  });
});
