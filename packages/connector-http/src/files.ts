/**
 * Files, streamed both ways over `/v1/files/{path}`: an upload is checked against the size and SHA-256 the
 * platform says it stored, a download against the length and checksum headers it was sent with.
 */
import { type CallOptions, CloudConnectionError } from '@neural/integrations-core';
import { assertLocalPath, encodeRemotePath, type HttpTransport } from '@neural/integrations-core/http';
import { describeLocalFile, fileBody, writeResponseDownload } from '@neural/integrations-core/node';
import { FileInfoSchema, type Problem } from './schemas.js';

/** Streams a local file to the platform; the platform's size and SHA-256 must match the local ones. */
export async function uploadFile(
  http: HttpTransport<Problem>,
  localPath: string,
  remotePath: string,
  options: CallOptions,
): Promise<boolean> {
  const path = encodeRemotePath(remotePath);
  assertLocalPath(localPath);
  const local = await describeLocalFile(localPath, options.signal);
  const stored = await http.json(FileInfoSchema, {
    method: 'PUT',
    path: `/files/${path}`,
    body: () => fileBody(localPath),
    headers: { 'content-type': 'application/octet-stream', 'x-checksum-sha256': local.sha256 },
    operation: 'uploadFile',
    signal: options.signal,
  });
  if (stored.size !== local.size || stored.sha256.toLowerCase() !== local.sha256) {
    throw new CloudConnectionError(
      `uploadFile: the platform stored ${stored.size} bytes (sha256 ${stored.sha256}) but ${local.size} bytes (sha256 ${local.sha256}) were sent`,
      { code: 'CHECKSUM_MISMATCH' },
    );
  }
  return true;
}

/** Streams a platform file to `localPath` through a temporary file, checking its size and SHA-256. */
export async function downloadFile(
  http: HttpTransport<Problem>,
  remotePath: string,
  localPath: string,
  options: CallOptions,
): Promise<boolean> {
  const path = encodeRemotePath(remotePath);
  assertLocalPath(localPath);
  await http.send(
    {
      method: 'GET',
      path: `/files/${path}`,
      headers: { accept: 'application/octet-stream, application/problem+json' },
      operation: 'downloadFile',
      signal: options.signal,
      streaming: true,
    },
    (response) =>
      writeResponseDownload(response, localPath, {
        sha256Header: 'x-checksum-sha256',
        signal: options.signal,
      }),
  );
  return true;
}
