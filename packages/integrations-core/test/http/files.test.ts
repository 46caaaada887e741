import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { discardBody, readJsonLines, readLines } from '../../src/http/index.js';
import {
  CloudConnectionError,
  CloudExecutionError,
  InvalidParameterError,
  OperationAbortedError,
} from '../../src/index.js';
import { describeLocalFile, fileBody, writeDownload, writeResponseDownload } from '../../src/node/index.js';

let folder = '';
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'core-http-files-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const streamOf = (...chunks: (string | Error)[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) {
        if (chunk instanceof Error) return controller.error(chunk);
        controller.enqueue(new TextEncoder().encode(chunk));
      }
      controller.close();
    },
  });

describe('streamed files', () => {
  it('describes a local file by size and SHA-256, and refuses a missing one naming localPath', async () => {
    const path = join(folder, 'a.txt');
    await writeFile(path, 'hello');
    expect(await describeLocalFile(path)).toEqual({ size: 5, sha256: sha256('hello') });
    await expect(describeLocalFile(join(folder, 'missing'))).rejects.toThrow(InvalidParameterError);
  });

  it('an upload body streams the file in chunks', async () => {
    const path = join(folder, 'a.txt');
    await writeFile(path, 'x'.repeat(600 * 1024));
    const text = await new Response(fileBody(path)).text();
    expect(text.length).toBe(600 * 1024);
  });

  it('a verified download is renamed into place with nothing left beside it', async () => {
    const target = join(folder, 'out', 'model.bin');
    const got = await writeDownload(streamOf('he', 'llo'), target, { size: 5, sha256: sha256('hello') });
    expect(got).toEqual({ size: 5, sha256: sha256('hello') });
    expect(await readFile(target, 'utf8')).toBe('hello');
    expect(await readdir(join(folder, 'out'))).toEqual(['model.bin']);
  });

  it('a broken, short or tampered download leaves the old file and no .part, once the call has rejected', async () => {
    const target = join(folder, 'model.bin');
    await writeFile(target, 'previous');
    for (const [body, expected] of [
      [streamOf('partial', new Error('connection reset')), {}],
      [streamOf('short'), { size: 99 }],
      [streamOf('tampered'), { sha256: sha256('original') }],
    ] as const) {
      await expect(writeDownload(body, target, expected)).rejects.toThrow();
      expect(await readdir(folder)).toEqual(['model.bin']);
    }
    expect(await readFile(target, 'utf8')).toBe('previous');
    const mismatch = await writeDownload(streamOf('x'), target, { sha256: sha256('y') }).catch((e) => e);
    expect(CloudConnectionError.isInstance(mismatch) && mismatch.code).toBe('CHECKSUM_MISMATCH');
  });
});

describe('readLines', () => {
  it('yields each non-empty line, across chunk boundaries, the last one without its newline', async () => {
    const lines: string[] = [];
    for await (const line of readLines(streamOf('{"a":1}\n{"b"', ':2}\n\n{"c":3}'))) lines.push(line);
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('stops with OperationAbortedError when the signal aborts, even on a body that never ends', async () => {
    const controller = new AbortController();
    const endless = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
    const reading = (async () => {
      for await (const _ of readLines(endless, controller.signal)) {
        // nothing arrives
      }
    })();
    controller.abort();
    await expect(reading).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('readJsonLines', () => {
  const context = { operation: 'followLogs', now: 0 };
  const Event = z.object({ n: z.number() });

  it('yields each line validated by the schema', async () => {
    const events: unknown[] = [];
    for await (const event of readJsonLines(streamOf('{"n":1}\n{"n"', ':2}\n'), Event, context))
      events.push(event);
    expect(events).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('a line that fails the schema is INVALID_RESPONSE; a broken stream is STREAM_BROKEN', async () => {
    const drain = async (body: ReadableStream<Uint8Array>) => {
      for await (const _ of readJsonLines(body, Event, context)) {
        // read on
      }
    };
    await expect(drain(streamOf('{"n":"one"}\n'))).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
    await expect(drain(streamOf('{"n":1}\n', new Error('reset')))).rejects.toMatchObject({
      code: 'STREAM_BROKEN',
    });
  });
});

const encode = (text: string) => new TextEncoder().encode(text);
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('writeResponseDownload', () => {
  it('writes the body into place, checked against content-length and the named checksum header', async () => {
    const target = join(folder, 'nested', 'model.bin');
    const response = new Response(streamOf('mo', 'del'), {
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
    const response = new Response(streamOf('short'), { headers: { 'content-length': '99' } });
    const error = await rejection(writeResponseDownload(response, target));
    expect(CloudConnectionError.isInstance(error) && error.code).toBe('INCOMPLETE_DOWNLOAD');
    expect(await readFile(target, 'utf8')).toBe('previous');
    expect(await readdir(folder)).toEqual(['model.bin']);
  });

  it('ignores content-length when the body was sent with a content-encoding (fetch hands back decoded bytes)', async () => {
    const response = new Response(streamOf('decoded, longer than the compressed length'), {
      headers: { 'content-length': '12', 'content-encoding': 'gzip' },
    });
    const written = await writeResponseDownload(response, join(folder, 'out.txt'));
    expect(written.size).toBe(42);
  });

  it('a body whose SHA-256 differs from the header is CHECKSUM_MISMATCH, and nothing is written', async () => {
    const target = join(folder, 'model.bin');
    const response = new Response(streamOf('tampered'), {
      headers: { 'x-checksum-sha256': sha256('original') },
    });
    const error = await rejection(
      writeResponseDownload(response, target, { sha256Header: 'x-checksum-sha256' }),
    );
    expect(CloudConnectionError.isInstance(error) && error.code).toBe('CHECKSUM_MISMATCH');
    expect(await readdir(folder)).toEqual([]);
  });

  it('checks no checksum unless told which header carries it', async () => {
    const response = new Response(streamOf('data'), { headers: { 'x-checksum-sha256': sha256('other') } });
    await expect(writeResponseDownload(response, join(folder, 'a.bin'))).resolves.toEqual({
      size: 4,
      sha256: sha256('data'),
    });
  });

  it('a body that breaks mid-way is a retryable STREAM_BROKEN and leaves no partial file', async () => {
    const target = join(folder, 'model.bin');
    const response = new Response(streamOf('half of it', new Error('connection reset')));
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
    const response = new Response(streamOf('data'));
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
