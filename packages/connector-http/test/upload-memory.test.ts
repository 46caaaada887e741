/** An upload's memory stays flat: the body is read as it is sent, and fetch keeps no copy of it. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileBody } from '@neural/integrations-core/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpConnector } from '../src/index.js';

let folder = '';
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'connector-http-upload-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('the upload body', () => {
  it('reads the file only as fetch pulls it, one bounded chunk at a time, and ends with the last byte', async () => {
    const bytes = randomBytes(1024 * 1024 + 3);
    const path = join(folder, 'big.bin');
    await writeFile(path, bytes);
    const reader = (fileBody(path) as unknown as ReadableStream<Uint8Array>).getReader();
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      expect(value.byteLength).toBeLessThanOrEqual(256 * 1024);
      chunks.push(value);
    }
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it('is sent with redirect "error" and no window, so fetch does not tee (and keep) the whole body', async () => {
    const path = join(folder, 'small.bin');
    await writeFile(path, 'weights');
    const seen: RequestInit[] = [];
    const fakeFetch: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/auth/token')) {
        return Response.json({
          accessToken: 'tok',
          tokenType: 'Bearer',
          expiresIn: 3600,
          expiresAt: new Date().toISOString(),
        });
      }
      seen.push(init ?? {});
      return Response.json(
        { path: 'models/small.bin', size: 7, sha256: createHash('sha256').update('weights').digest('hex') },
        { status: 201 },
      );
    };
    const connector = new HttpConnector(
      { apiKey: 'sk-test-key-1', endpoint: 'http://127.0.0.1:9' },
      { fetch: fakeFetch },
    );
    await expect(connector.uploadFile(path, 'models/small.bin')).resolves.toBe(true);
    expect(seen[0]).toMatchObject({ method: 'PUT', redirect: 'error', window: null, duplex: 'half' });
  });
});
