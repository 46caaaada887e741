import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  describeLocalFile,
  fileBody,
  readJsonLines,
  readLines,
  writeDownload,
} from '../../src/http/index.js';
import { CloudConnectionError, InvalidParameterError } from '../../src/index.js';

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
