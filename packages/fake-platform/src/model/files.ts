import { createHash } from 'node:crypto';
import { invalidRequest, PlatformProblem } from '../problems.js';
import type { StoredFile } from './wire.js';

/**
 * Resolves a file path from the URL: percent-decoded, `.` and empty segments dropped. Absolute paths and
 * paths that climb out of the root with `..` are refused with `INVALID_PATH`.
 */
export function normalizeFilePath(raw: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new PlatformProblem('INVALID_PATH', 'The file path is not valid percent-encoding');
  }
  if (decoded.includes('\0')) throw new PlatformProblem('INVALID_PATH', 'The file path contains a NUL byte');
  if (/^([/\\]|[A-Za-z]:)/.test(decoded)) {
    throw new PlatformProblem('INVALID_PATH', 'The file path must be relative, not absolute');
  }
  const segments = decoded.split(/[/\\]/).filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) {
    throw new PlatformProblem('INVALID_PATH', 'The file path must not contain ".." segments');
  }
  if (segments.length === 0) throw new PlatformProblem('INVALID_PATH', 'The file path is empty');
  return segments.join('/');
}

/** The platform's file store: bytes kept as they arrived, with their size and SHA-256. */
export class FileStore {
  #files = new Map<string, StoredFile>();

  constructor(private readonly maxFileBytes: number) {}

  /**
   * Stores a file read chunk by chunk from `body`, hashing as it goes. With `expectedSha256`, a mismatch is
   * `CHECKSUM_MISMATCH` and nothing is stored; more than `maxFileBytes` is `PAYLOAD_TOO_LARGE`.
   */
  async put(
    rawPath: string,
    body: ReadableStream<Uint8Array> | null,
    expectedSha256?: string | null,
  ): Promise<{ path: string; size: number; sha256: string }> {
    const path = normalizeFilePath(rawPath);
    if (expectedSha256 != null && !/^[0-9a-f]{64}$/i.test(expectedSha256)) {
      throw invalidRequest('X-Checksum-Sha256', 'must be 64 hexadecimal characters', 400);
    }
    const hash = createHash('sha256');
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (body) {
      const reader = body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          size += value.byteLength;
          if (size > this.maxFileBytes) {
            throw new PlatformProblem('PAYLOAD_TOO_LARGE', `Files may be at most ${this.maxFileBytes} bytes`);
          }
          hash.update(value);
          chunks.push(value);
        }
      } finally {
        reader.releaseLock();
      }
    }
    const sha256 = hash.digest('hex');
    if (expectedSha256 != null && expectedSha256.toLowerCase() !== sha256) {
      throw new PlatformProblem(
        'CHECKSUM_MISMATCH',
        `The body's SHA-256 is ${sha256}, not ${expectedSha256}`,
      );
    }
    this.#files.set(path, { path, size, sha256, chunks });
    return { path, size, sha256 };
  }

  /** A stored file, or `FILE_NOT_FOUND`. */
  get(rawPath: string): StoredFile {
    const path = normalizeFilePath(rawPath);
    const file = this.#files.get(path);
    if (!file) throw new PlatformProblem('FILE_NOT_FOUND', `No file at ${path}`);
    return file;
  }

  /** Forgets every file. */
  clear(): void {
    this.#files.clear();
  }
}
