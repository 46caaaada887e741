/** Files on the Files API under the connector's `filesRoot`: streamed uploads (size-checked) and downloads. */
import { CloudConnectionError } from '@neural/integrations-core';
import {
  assertLocalPath,
  discardBody,
  encodeRemotePath,
  type HttpTransport,
} from '@neural/integrations-core/http';
import { describeLocalFile, fileBody, writeResponseDownload } from '@neural/integrations-core/node';
import type { DatabricksError } from '../api.js';

type Http = HttpTransport<DatabricksError>;

/** The Files API path of `<filesRoot>/<remotePath>`. */
export function filesPath(filesRoot: string, remotePath: string): string {
  const encodedRoot = filesRoot.split('/').map(encodeURIComponent).join('/');
  return `/api/2.0/fs/files${encodedRoot}/${encodeRemotePath(remotePath)}`;
}

/**
 * Streams a local file to `<filesRoot>/<remotePath>` on the Files API (overwriting), then checks the stored
 * size against the local one.
 */
export async function uploadToFiles(
  http: Http,
  filesRoot: string,
  localPath: string,
  remotePath: string,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const path = filesPath(filesRoot, remotePath);
  assertLocalPath(localPath);
  const local = await describeLocalFile(localPath, signal);
  await http.send(
    {
      method: 'PUT',
      path,
      query: { overwrite: 'true' },
      body: () => fileBody(localPath),
      headers: { 'content-type': 'application/octet-stream' },
      operation: 'uploadFile',
      signal,
    },
    async (response) => discardBody(response),
  );
  // The Files API answers a PUT with no body; the stored size is read back from the file's headers.
  const storedSize = await http.send(
    { method: 'GET', path, operation: 'uploadFile', signal, streaming: true },
    async (response) => {
      discardBody(response);
      return Number(response.headers.get('content-length'));
    },
  );
  if (storedSize !== local.size) {
    throw new CloudConnectionError(
      `uploadFile: Databricks stored ${storedSize} bytes but ${local.size} bytes were sent`,
      { code: 'INCOMPLETE_UPLOAD' },
    );
  }
  return true;
}

/** Streams `<filesRoot>/<remotePath>` from the Files API to `localPath`, through a temporary file. */
export async function downloadFromFiles(
  http: Http,
  filesRoot: string,
  remotePath: string,
  localPath: string,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const path = filesPath(filesRoot, remotePath);
  assertLocalPath(localPath);
  await http.send(
    {
      method: 'GET',
      path,
      headers: { accept: 'application/octet-stream, application/json' },
      operation: 'downloadFile',
      signal,
      streaming: true,
    },
    (response) => writeResponseDownload(response, localPath, { signal }),
  );
  return true;
}
