/**
 * writeResponseDownload and discardBody: a download response written to disk whole and verified, or not at
 * all, with a typed error that says which; a body nobody reads released.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discardBody, writeResponseDownload } from '../../src/http/index.js';
import { CloudConnectionError, CloudExecutionError, OperationAbortedError } from '../../src/index.js';

let folder = '';
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'core-http-download-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const encode = (text: string) => new TextEncoder().encode(text);
/** A body that yields `chunks`, then fails with `failure` or ends. */
const bodyOf = (chunks: string[], failure?: Error) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encode(chunk));
      if (failure) controller.error(failure);
      else controller.close();
    },
  });
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('writeResponseDownload', () => {
  it('writes the body into place, checked against content-length and the named checksum header', async () => {
    const target = join(folder, 'nested', 'model.bin');
    const response = new Response(bodyOf(['mo', 'del']), {
      headers: { 'content-length': '5', 'x-checksum-sha256': sha256('model').toUpperCase() },
    });
    const written = await writeResponseDownload(response, target, { sha256Header: 'x-checksum-sha256' });
    expect(written).toEqual({ size: 5, sha256: sha256('model') });
    expect(await readFile(target, 'utf8')).toBe('model');
    expect(await readdir(join(folder, 'nested'))).toEqual(['model.bin']);
  });

  it('a body shorter than its content-length is INCOMPLETE_DOWNLOAD, and the old file stays', async () => {
    const target = join(folder, 'model.bin');
    await writeFile(target, 'previous');
    const response = new Response(bodyOf(['short']), { headers: { 'content-length': '99' } });
    const error = await rejection(writeResponseDownload(response, target));
    expect(CloudConnectionError.isInstance(error) && error.code).toBe('INCOMPLETE_DOWNLOAD');
    expect(await readFile(target, 'utf8')).toBe('previous');
    expect(await readdir(folder)).toEqual(['model.bin']);
  });

  it('ignores content-length when the body was sent with a content-encoding (fetch hands back decoded bytes)', async () => {
    const response = new Response(bodyOf(['decoded, longer than the compressed length']), {
      headers: { 'content-length': '12', 'content-encoding': 'gzip' },
    });
    const written = await writeResponseDownload(response, join(folder, 'out.txt'));
    expect(written.size).toBe(42);
  });

  it('a body whose SHA-256 differs from the header is CHECKSUM_MISMATCH, and nothing is written', async () => {
    const target = join(folder, 'model.bin');
    const response = new Response(bodyOf(['tampered']), {
      headers: { 'x-checksum-sha256': sha256('original') },
    });
    const error = await rejection(
      writeResponseDownload(response, target, { sha256Header: 'x-checksum-sha256' }),
    );
    expect(CloudConnectionError.isInstance(error) && error.code).toBe('CHECKSUM_MISMATCH');
    expect(await readdir(folder)).toEqual([]);
  });

  it('checks no checksum unless told which header carries it', async () => {
    const response = new Response(bodyOf(['data']), { headers: { 'x-checksum-sha256': sha256('other') } });
    await expect(writeResponseDownload(response, join(folder, 'a.bin'))).resolves.toEqual({
      size: 4,
      sha256: sha256('data'),
    });
  });

  it('a body that breaks mid-way is a retryable STREAM_BROKEN and leaves no partial file', async () => {
    const target = join(folder, 'model.bin');
    const response = new Response(bodyOf(['half of it'], new Error('connection reset')));
    const error = await rejection(writeResponseDownload(response, target));
    expect(CloudConnectionError.isInstance(error) && error.code).toBe('STREAM_BROKEN');
    expect((error as CloudConnectionError).retryable).toBe(true);
    expect((error as Error).message).toContain('connection reset');
    expect(await readdir(folder)).toEqual([]);
  });

  it('an abort mid-way is an OperationAbortedError and leaves no partial file', async () => {
    const controller = new AbortController();
    const target = join(folder, 'model.bin');
    const body = new ReadableStream<Uint8Array>({
      start(stream) {
        stream.enqueue(encode('first chunk'));
      },
      // The rest never comes: only the abort ends this download.
      pull: () => new Promise<void>(() => {}),
    });
    const download = rejection(
      writeResponseDownload(new Response(body), target, { signal: controller.signal }),
    );
    setImmediate(() => controller.abort());
    const error = await download;
    expect(OperationAbortedError.isInstance(error)).toBe(true);
    expect(await readdir(folder)).toEqual([]);
  });

  it('a local path that cannot be written is LOCAL_WRITE_FAILED, not retryable, not a broken stream', async () => {
    await writeFile(join(folder, 'a-file'), 'not a folder');
    const response = new Response(bodyOf(['data']));
    const error = await rejection(writeResponseDownload(response, join(folder, 'a-file', 'model.bin')));
    expect(CloudExecutionError.isInstance(error) && error.code).toBe('LOCAL_WRITE_FAILED');
    expect((error as CloudExecutionError).retryable).toBe(false);
  });
});

describe('discardBody', () => {
  it('cancels the body of a response, of a stream or of a reader, and never throws', async () => {
    let cancelled = 0;
    const stream = () =>
      new ReadableStream<Uint8Array>({
        pull: () => new Promise<void>(() => {}),
        cancel: () => {
          cancelled++;
        },
      });
    discardBody(new Response(stream()));
    discardBody(stream());
    discardBody(stream().getReader());
    const locked = stream();
    locked.getReader();
    discardBody(locked); // refused by a locked stream: swallowed
    discardBody(null);
    discardBody(new Response(null));
    await new Promise((resolve) => setImmediate(resolve));
    expect(cancelled).toBe(3);
  });
});
