/**
 * Replacing a file so that a reader sees the old one or the new one, never half of one: the new content goes
 * to a temporary file beside the target (same folder, so same file system) and is renamed over it, which
 * POSIX makes atomic. Node only: it lives at `@neural/integrations-core/node`.
 */
import { constants, open, rename, rm } from 'node:fs/promises';

/** How {@link writeFileAtomic} creates and settles the new file. */
export interface AtomicWriteOptions {
  /** Permission bits of the new file, set at creation (never chmod-ed later). Default `0o600`: private. */
  readonly mode?: number;
  /**
   * Flush the file, then its folder, to disk before resolving, so the new content survives a power failure
   * and not only a crash of the process. Default `false` (a rename is already crash-safe for readers).
   */
  readonly durable?: boolean;
  /** Stops the write; the temporary file is removed and the target left as it was. */
  readonly signal?: AbortSignal;
}

/**
 * The path of a fresh temporary file beside `target`: hidden (`.<name>.<random>.tmp`), in the same folder so
 * that the rename stays on one file system.
 */
export function temporaryPathBeside(target: string): string {
  const slash = Math.max(target.lastIndexOf('/'), target.lastIndexOf('\\'));
  const folder = target.slice(0, slash + 1);
  const name = target.slice(slash + 1);
  const random = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(6)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
  return `${folder}.${name}.${random}.tmp`;
}

/**
 * Replaces `target` with whatever `fill` writes to the temporary path it is given, then renames it into
 * place, and resolves with what `fill` resolved with. If `fill` or the rename fails, the temporary file is
 * removed (best effort) and the original error is rethrown unchanged, so the caller maps it to its own error
 * family; the target is untouched. The folder of `target` must exist.
 *
 * @param target - The file to replace (or create).
 * @param fill - Writes the complete new content to `temporary`; should create it exclusively (`wx`,
 *   `O_EXCL`, `COPYFILE_EXCL`) so nothing planted at that name is written through.
 *
 * @example
 * ```ts
 * await replaceFileAtomically(target, (temporary) => copyFile(source, temporary, constants.COPYFILE_EXCL));
 * ```
 */
export async function replaceFileAtomically<T>(
  target: string,
  fill: (temporary: string) => Promise<T>,
): Promise<T> {
  const temporary = temporaryPathBeside(target);
  try {
    const result = await fill(temporary);
    await rename(temporary, target);
    return result;
  } catch (error) {
    // Best effort: when the folder is missing or a file, there is no temporary file and rm fails too.
    await rm(temporary, { force: true }).catch(() => {});
    throw error;
  }
}

/**
 * Writes `data` to `target` atomically: a private temporary file, created exclusively (`O_EXCL`, so a file
 * or symlink someone put at that name is never written through) with `options.mode`, renamed over the
 * target. Node's own errors (`ENOENT` for a missing folder, `EACCES`, an `AbortError`) are rethrown as they
 * are, for the caller to map.
 *
 * @example
 * ```ts
 * await writeFileAtomic(recordPath, `${JSON.stringify(record, null, 2)}\n`);
 * await writeFileAtomic(credentialsPath, json, { mode: 0o600, durable: true });
 * ```
 */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  await replaceFileAtomically(target, async (temporary) => {
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;
    const handle = await open(temporary, flags, options.mode ?? 0o600);
    try {
      await handle.writeFile(data, { encoding: 'utf8', signal: options.signal });
      if (options.durable) await handle.sync();
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
    // Outside the try: on some file systems (NFS) a failed close is where a failed write shows.
    await handle.close();
  });
  if (options.durable) await syncFolderOf(target);
}

async function syncFolderOf(target: string): Promise<void> {
  const slash = Math.max(target.lastIndexOf('/'), target.lastIndexOf('\\'));
  const folder = slash <= 0 ? (slash === 0 ? '/' : '.') : target.slice(0, slash);
  const handle = await open(folder, constants.O_RDONLY).catch(() => undefined);
  try {
    await handle?.sync();
  } catch {
    // The data is already on disk; only the folder entry may be lost on power failure (and some systems,
    // Windows among them, cannot sync a folder at all).
  } finally {
    await handle?.close().catch(() => {});
  }
}
