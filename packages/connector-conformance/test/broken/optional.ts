import { readFile, writeFile } from 'node:fs/promises';
import type { CallOptions } from '@neural/integrations-core';
import { ReferenceConnector } from '../support/reference-connector.js';

/** Says it cannot upload, but its stub throws a plain Error instead of NotSupportedError. */
export class GenericErrorForUnsupportedConnector extends ReferenceConnector {
  protected override declaredCapabilities = { idempotency: true, uploadFile: false };
  override async uploadFile(
    _localPath: string,
    _remotePath: string,
    _options?: CallOptions,
  ): Promise<boolean> {
    throw new Error('uploadFile is not implemented');
  }
}

/** Round-trips the file through a UTF-8 string: every byte above 0x7f comes back mangled. */
export class CorruptDownloadConnector extends ReferenceConnector {
  override async downloadFile(
    remotePath: string,
    localPath: string,
    options?: CallOptions,
  ): Promise<boolean> {
    await super.downloadFile(remotePath, localPath, options);
    const text = (await readFile(localPath)).toString('utf8');
    await writeFile(localPath, text, 'utf8');
    return true;
  }
}
