import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The `code` of a Node.js system error (`ENOENT`, `EEXIST`…), if `error` is one. */
export function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Hex SHA-256 of `text`. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The last `maxBytes` of a file as UTF-8 (never starting inside a character), or undefined when it is missing. */
export async function readTail(file: string, maxBytes: number): Promise<string | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    let start = 0;
    // Cutting inside a multi-byte character leaves continuation bytes: skip them rather than print U+FFFD.
    if (length < size) while (start < length && ((buffer[start] ?? 0) & 0xc0) === 0x80) start++;
    return buffer.subarray(start).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Every regular file under `folder`, recursively, as absolute paths in sorted order; none when it is missing. */
export async function listFiles(folder: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true, recursive: true });
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
