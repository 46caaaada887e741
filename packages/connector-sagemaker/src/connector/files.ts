/** Files on S3: uploads streamed in multipart parts, downloads streamed to a temporary file renamed into place. */
import { stat } from 'node:fs/promises';
import { assertLocalPath, InvalidParameterError } from '@neural/integrations-core';
import { downloadToFile, type S3Location, s3Location, uploadFromFile } from '../s3-files.js';
import { callAws } from './aws-calls.js';
import type { SageMakerContext } from './context.js';

/**
 * `s3://bucket/key` as is, or a remote path under `s3://<bucket>/<prefix>/files/`.
 *
 * @throws InvalidParameterError naming `field` for anything else.
 */
export function s3LocationOf(context: SageMakerContext, path: string, field: string): S3Location {
  return s3Location(path, field, context.bucket, context.prefix);
}

/**
 * Uploads a local file to S3 (`s3://bucket/key`, or a remote path under `s3://<bucket>/<prefix>/files/`),
 * streamed in multipart parts of `partSize` bytes.
 *
 * @throws InvalidParameterError when the local file does not exist, or for a bad remote path.
 */
export async function uploadToS3(
  context: SageMakerContext,
  partSize: number,
  localPath: string,
  remotePath: string,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const { bucket, key } = s3LocationOf(context, remotePath, 'remotePath');
  assertLocalPath(localPath);
  const info = await stat(localPath).catch(() => undefined);
  if (!info?.isFile()) {
    throw InvalidParameterError.fromIssues('uploadFile', [
      { field: 'localPath', rule: 'must be an existing file' },
    ]);
  }
  await callAws(context, 'uploadFile', 's3:PutObject', signal, (s) =>
    uploadFromFile(context.s3, { bucket, key }, localPath, partSize, s),
  );
  context.logger.info('uploaded file to S3', { bucket, key, bytes: info.size });
  return true;
}

/**
 * Downloads an S3 object (as {@link uploadToS3} names it) to a local path, streamed to a temporary file
 * beside it and renamed into place, so a broken download never leaves a partial file.
 */
export async function downloadFromS3(
  context: SageMakerContext,
  remotePath: string,
  localPath: string,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const { bucket, key } = s3LocationOf(context, remotePath, 'remotePath');
  assertLocalPath(localPath);
  await callAws(context, 'downloadFile', 's3:GetObject', signal, (s) =>
    downloadToFile(context.s3, { bucket, key }, localPath, s),
  );
  return true;
}
