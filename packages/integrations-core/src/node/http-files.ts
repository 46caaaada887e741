/**
 * Files on both sides of the wire, streamed: a checksum computed by reading the file once, an upload body
 * read from disk only as fast as the platform takes it, a download written to a temporary file beside its
 * target and renamed only once complete and verified. Memory stays flat whatever the size. Node.js only (a
 * file system): exported from `@neural/integrations-core/node`, so the HTTP plumbing stays edge-safe.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { type FileHandle, mkdir, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  CloudConnectionError,
  CloudException,
  CloudExecutionError,
  InvalidParameterError,
  OperationAbortedError,
} from '../errors.js';
import { replaceFileAtomically } from './atomic-write.js';

/** The size and SHA-256 of a local file, read as a stream. Throws `InvalidParameterError` unless it is a file. */
export async function describeLocalFile(
  localPath: string,
  signal?: AbortSignal,
): Promise<{ size: number; sha256: string }> {
  const info = await stat(localPath).catch(() => undefined);
  if (!info?.isFile()) {
    throw InvalidParameterError.fromIssues('localPath', [
      { field: 'localPath', rule: `must be an existing file (${localPath})` },
    ]);
  }
  const hash = createHash('sha256');
  // Large reads: hashing a big file is bound by the number of reads as much as by SHA-256.
  try {
    await pipeline(createReadStream(localPath, { signal, highWaterMark: 1024 * 1024 }), hash);
  } catch (error) {
    // Node's stream AbortError and fs errors are not CloudExceptions; callers may only see the family.
    if (signal?.aborted)
      throw new OperationAbortedError('reading the file was aborted', { cause: signal.reason });
    throw new InvalidParameterError(`localPath ${localPath} could not be read`, {
      cause: error,
      issues: [{ field: 'localPath', rule: 'must be a readable file' }],
    });
  }
  return { size: info.size, sha256: hash.digest('hex') };
}

/** How much of a file one read of an upload body takes. */
const UPLOAD_CHUNK_BYTES = 256 * 1024;

/**
 * A fresh request body streaming `localPath` (one per attempt: a stream is read only once). Pull-based: a
 * chunk is read from disk only when `fetch` asks for the next one, so a slow platform slows the reads and
 * memory stays flat. (`Readable.toWeb(createReadStream(…))` ignores backpressure on Node 20 and buffered a
 * whole 1 GiB file in memory when the platform read slower than the disk.)
 */
export function fileBody(localPath: string): NonNullable<RequestInit['body']> {
  let handle: FileHandle | undefined;
  const release = async () => {
    const open = handle;
    handle = undefined;
    await open?.close();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        handle ??= await open(localPath, 'r');
        const chunk = Buffer.allocUnsafe(UPLOAD_CHUNK_BYTES);
        const { bytesRead } = await handle.read(chunk, 0, UPLOAD_CHUNK_BYTES, null);
        if (bytesRead === 0) {
          await release();
          controller.close();
        } else controller.enqueue(chunk.subarray(0, bytesRead));
      } catch (error) {
        await release().catch(() => {});
        throw error;
      }
    },
    cancel: release,
  }) as unknown as NonNullable<RequestInit['body']>;
}

/**
 * Writes `body` to `localPath` through a temporary file in the same folder, then renames it into place: a
 * reader never sees half a file, and an interrupted or corrupt download leaves nothing behind. Checks the
 * size and SHA-256 the platform announced, when it announced them.
 *
 * @throws CloudConnectionError `INCOMPLETE_DOWNLOAD` (fewer or more bytes than announced), `CHECKSUM_MISMATCH`,
 *   or `STREAM_BROKEN` (the body failed while it was read): all retryable.
 * @throws CloudExecutionError `LOCAL_WRITE_FAILED` when the local file or its folder cannot be written.
 * @throws OperationAbortedError when `signal` aborts.
 */
export async function writeDownload(
  body: ReadableStream<Uint8Array> | null,
  localPath: string,
  expected: { size?: number | undefined; sha256?: string | undefined },
  signal?: AbortSignal,
): Promise<{ size: number; sha256: string }> {
  // Which side failed decides the error: a body that breaks is worth another attempt, a disk that refuses is not.
  let failed: 'body' | 'file' | undefined;
  try {
    await mkdir(dirname(localPath), { recursive: true }).catch((error: unknown) => {
      failed = 'file';
      throw error;
    });
    return await replaceFileAtomically(localPath, async (temporary) => {
      const hash = createHash('sha256');
      let size = 0;
      const measure = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      });
      const writer = createWriteStream(temporary, { flags: 'wx' });
      // `pipeline` rejects as soon as one stream fails, without waiting for the others to be destroyed: the
      // write stream may still be opening (creating) or closing the temporary file. Waiting for its `close`
      // means that once this call has settled nothing touches the file any more, so the removal is final.
      const closed = new Promise<void>((resolve) => writer.once('close', resolve));
      const source = body
        ? Readable.fromWeb(body as unknown as WebReadableStream<Uint8Array>)
        : Readable.from([]);
      source.once('error', () => {
        failed ??= 'body';
      });
      writer.once('error', () => {
        failed ??= 'file';
      });
      try {
        await pipeline(source, measure, writer, { signal });
        await closed;
      } catch (error) {
        writer.destroy();
        await closed;
        throw error;
      }
      const sha256 = hash.digest('hex');
      if (expected.size !== undefined && expected.size !== size) {
        throw new CloudConnectionError(
          `downloadFile: received ${size} bytes but the platform announced ${expected.size}`,
          { code: 'INCOMPLETE_DOWNLOAD' },
        );
      }
      if (expected.sha256 !== undefined && expected.sha256.toLowerCase() !== sha256) {
        throw new CloudConnectionError('downloadFile: the SHA-256 of the received bytes does not match', {
          code: 'CHECKSUM_MISMATCH',
        });
      }
      // The rename that follows is the file's side too.
      failed = 'file';
      return { size, sha256 };
    });
  } catch (error) {
    if (CloudException.isInstance(error)) throw error;
    if (signal?.aborted) {
      throw new OperationAbortedError('downloadFile was aborted', {
        operation: 'downloadFile',
        cause: signal.reason,
      });
    }
    if (failed === 'body') {
      throw new CloudConnectionError(`downloadFile: the download stream broke: ${describe(error)}`, {
        code: 'STREAM_BROKEN',
        operation: 'downloadFile',
        cause: error,
      });
    }
    throw new CloudExecutionError(`downloadFile: could not write ${localPath}: ${describe(error)}`, {
      code: 'LOCAL_WRITE_FAILED',
      operation: 'downloadFile',
      cause: error,
    });
  }
}

/** What {@link writeResponseDownload} checks besides the announced length. */
export interface ResponseDownloadOptions {
  /** The response header that carries the SHA-256 (hex) of the file, such as `x-checksum-sha256`. */
  readonly sha256Header?: string | undefined;
  /** Stops the download; nothing is left at `localPath`. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Streams a download response's body to `localPath` atomically (see {@link writeDownload}), checking its size
 * against `content-length` and its SHA-256 against the `sha256Header` the platform sets. The length is
 * trusted only when the body was sent without a `content-encoding`: `fetch` hands back decoded bytes, while a
 * compressed response's `content-length` counts the compressed ones.
 *
 * @example
 * ```ts
 * await http.send({ method: 'GET', path: `/files/${path}`, operation: 'downloadFile', streaming: true, signal },
 *   (response) => writeResponseDownload(response, localPath, { sha256Header: 'x-checksum-sha256', signal }));
 * ```
 */
export function writeResponseDownload(
  response: Response,
  localPath: string,
  options: ResponseDownloadOptions = {},
): Promise<{ size: number; sha256: string }> {
  const length = response.headers.get('content-length');
  const identity = !response.headers.get('content-encoding');
  const sha256 = options.sha256Header === undefined ? null : response.headers.get(options.sha256Header);
  return writeDownload(
    response.body,
    localPath,
    {
      size: identity && length !== null && /^\d+$/.test(length.trim()) ? Number(length) : undefined,
      sha256: sha256 ?? undefined,
    },
    options.signal,
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
