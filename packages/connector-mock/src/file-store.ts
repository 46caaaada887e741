// The mock platform's file store: the bytes `uploadFile` stores and `downloadFile` writes back, by remote path.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, posix, resolve } from 'node:path';
import {
  CloudExecutionError,
  InvalidParameterError,
  parseRemotePath,
  throwIfAborted,
} from '@neural/integrations-core';
import { writeFileAtomic } from '@neural/integrations-core/node';

/**
 * The store key for the test-side accessors (`getStoredFile`, `putStoredFile`), which take a path as a test
 * writes it (`./models/a.bin`); what the contract's methods receive goes through `parseRemotePath` as is.
 */
function storeKey(remotePath: string): string {
  return parseRemotePath(typeof remotePath === 'string' ? posix.normalize(remotePath) : remotePath);
}

/** Stored files by their remote path (already checked by `parseRemotePath`). */
export class MockFileStore {
  readonly #files = new Map<string, Uint8Array>();

  /** Reads `localPath` and stores its bytes, exactly, under `key`. */
  async upload(localPath: string, key: string, signal: AbortSignal | undefined): Promise<boolean> {
    let bytes: Buffer;
    try {
      bytes = await readFile(localPath, { signal });
    } catch (error) {
      throwIfAborted(signal);
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new InvalidParameterError(`Cannot upload ${localPath}: ${code}`, {
        issues: [{ field: 'localPath', rule: `must be a readable file (${code})` }],
        cause: error,
      });
    }
    this.#files.set(key, new Uint8Array(bytes));
    return true;
  }

  /**
   * Writes the bytes stored under `key` to `localPath` (creating its folder), through a temporary file renamed
   * into place, so a failed download leaves no partial file.
   */
  async download(key: string, localPath: string, signal: AbortSignal | undefined): Promise<boolean> {
    const bytes = this.#files.get(key);
    if (!bytes) throw new CloudExecutionError(`No file at ${key}`, { code: 'FILE_NOT_FOUND' });
    const target = resolve(localPath);
    try {
      await mkdir(dirname(target), { recursive: true });
      // 0o666 (less the umask), as a plain write would make it: a download is not a secret.
      await writeFileAtomic(target, bytes, { mode: 0o666, signal });
    } catch (error) {
      throwIfAborted(signal);
      throw new CloudExecutionError(`Could not write ${target}`, {
        code: 'DOWNLOAD_FAILED',
        cause: error,
      });
    }
    return true;
  }

  /** A copy of the bytes stored at `remotePath` (as a test writes it), or `undefined`. */
  get(remotePath: string): Uint8Array | undefined {
    const bytes = this.#files.get(storeKey(remotePath));
    return bytes && new Uint8Array(bytes);
  }

  /** Stores bytes at `remotePath` (as a test writes it) directly. */
  put(remotePath: string, bytes: Uint8Array | string): void {
    const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : new Uint8Array(bytes);
    this.#files.set(storeKey(remotePath), data);
  }
}
