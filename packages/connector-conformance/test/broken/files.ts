import { writeFile } from 'node:fs/promises';
import { type CallOptions, CloudExecutionError, InvalidParameterError } from '@neural/integrations-core';
import { ReferenceConnector } from '../support/reference-connector.js';

/** Uploads an empty file when the local one cannot be read, and says it succeeded. */
export class UploadsNothingForMissingFileConnector extends ReferenceConnector {
  override async uploadFile(localPath: string, remotePath: string, options?: CallOptions): Promise<boolean> {
    try {
      return await super.uploadFile(localPath, remotePath, options);
    } catch (error) {
      if (!InvalidParameterError.isInstance(error)) throw error;
      this.platform.files.set(remotePath, Buffer.alloc(0));
      return true;
    }
  }
}

/** Writes the download straight to disk: a path it cannot write throws the raw Node error (ENOTDIR). */
export class DownloadLetsNodeErrorsEscapeConnector extends ReferenceConnector {
  override async downloadFile(
    remotePath: string,
    localPath: string,
    options: CallOptions = {},
  ): Promise<boolean> {
    await this.enter(options.signal);
    const bytes = this.platform.files.get(remotePath);
    if (!bytes) throw new CloudExecutionError(`No file at ${remotePath}`, { code: 'FILE_NOT_FOUND' });
    await writeFile(localPath, bytes);
    return true;
  }
}
