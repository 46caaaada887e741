import { constants } from 'node:fs';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import {
  assertLocalPath,
  CloudExecutionError,
  InvalidParameterError,
  parseRemotePath,
  throwIfAborted,
} from '@neural/integrations-core';
import { expandHome, replaceFileAtomically } from '@neural/integrations-core/node';

/**
 * The files area (`<root>/files`): `uploadFile` copies into it, `downloadFile` out of it, and jobs find it as
 * `$NEURAL_FILES_DIR`. Copies are atomic: a reader never sees half a file.
 */
export class FilesArea {
  constructor(readonly folder: string) {}

  /** Copies a local file to `<folder>/<remotePath>`; `remotePath` must be relative and stay inside. */
  async upload(localPath: string, remotePath: string, signal: AbortSignal | undefined): Promise<boolean> {
    const target = this.#remoteFile(remotePath);
    const source = localFile(localPath, 'localPath');
    throwIfAborted(signal);
    try {
      if (!(await stat(source)).isFile()) throw new Error('not a regular file');
    } catch (error) {
      throw new InvalidParameterError(`Cannot upload ${source}: ${(error as Error).message}`, {
        cause: error,
        issues: [{ field: 'localPath', rule: 'must name an existing, readable file' }],
      });
    }
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await copyAtomic(source, target);
    return true;
  }

  /** Copies `<folder>/<remotePath>` to `localPath`, atomically. */
  async download(remotePath: string, localPath: string, signal: AbortSignal | undefined): Promise<boolean> {
    const source = this.#remoteFile(remotePath);
    const target = localFile(localPath, 'localPath');
    throwIfAborted(signal);
    try {
      if (!(await stat(source)).isFile()) throw new Error('not a regular file');
    } catch (error) {
      throw new CloudExecutionError(`No file ${JSON.stringify(remotePath)} in the files area`, {
        cause: error,
        code: 'FILE_NOT_FOUND',
        operation: 'downloadFile',
      });
    }
    try {
      await mkdir(dirname(target), { recursive: true });
    } catch (error) {
      // Its parent is a file, or not writable: a CloudException like every other failure, not a raw EEXIST.
      throw new CloudExecutionError(`Could not create the folder of ${target}`, {
        cause: error,
        code: 'COPY_FAILED',
        operation: 'downloadFile',
      });
    }
    await copyAtomic(source, target);
    return true;
  }

  #remoteFile(remotePath: unknown): string {
    const field = 'remotePath';
    const target = resolve(this.folder, parseRemotePath(remotePath, field));
    if (!target.startsWith(this.folder + sep)) {
      throw InvalidParameterError.forField(field, 'must name a file inside the files area');
    }
    return target;
  }
}

function localFile(path: unknown, field: string): string {
  return expandHome(assertLocalPath(path, field));
}

async function copyAtomic(source: string, target: string): Promise<void> {
  try {
    await replaceFileAtomically(target, (temporary) => copyFile(source, temporary, constants.COPYFILE_EXCL));
  } catch (error) {
    throw new CloudExecutionError(`Could not copy ${source} to ${target}`, {
      cause: error,
      code: 'COPY_FAILED',
    });
  }
}
