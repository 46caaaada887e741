import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  CloudConnectionError,
  CloudException,
  CloudExecutionError,
  InvalidParameterError,
  parseRemotePath,
} from '@neural/integrations-core';
import { replaceFileAtomically } from '@neural/integrations-core/node';

/** Where an object lives on S3. */
export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

/** Errors of the local disk, as opposed to a broken download. */
const LOCAL_ERRORS = new Set([
  'ENOENT',
  'ENOTDIR',
  'EISDIR',
  'EACCES',
  'EPERM',
  'ENOSPC',
  'EROFS',
  'EEXIST',
  'EDQUOT',
]);

/**
 * An `s3://bucket/key` URI as is, or a remote path (checked by core's `parseRemotePath`) under
 * `s3://<bucket>/<prefix>/files/`.
 *
 * @throws InvalidParameterError naming `field` for anything else.
 */
export function s3Location(path: string, field: string, bucket: string, prefix: string): S3Location {
  if (typeof path === 'string' && path.startsWith('s3://')) {
    const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(path);
    if (!match) throw InvalidParameterError.forField(field, 'must be s3://<bucket>/<key>');
    return { bucket: match[1] as string, key: match[2] as string };
  }
  return { bucket, key: `${prefix}/files/${parseRemotePath(path, field)}` };
}

/** One attempt at uploading a file: a multipart upload streamed from disk, `queueSize` parts at once. */
export async function uploadFromFile(
  s3: S3Client,
  { bucket, key }: S3Location,
  localPath: string,
  partSize: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const abortController = new AbortController();
  const onAbort = () => abortController.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await new Upload({
      client: s3,
      params: { Bucket: bucket, Key: key, Body: createReadStream(localPath) },
      partSize,
      queueSize: 4,
      leavePartsOnError: false,
      abortController,
    }).done();
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * One attempt at downloading an object: streamed to a temporary file beside `localPath`, renamed into place
 * once complete, removed otherwise. A disk that cannot be written is a `CloudExecutionError`
 * (`LOCAL_WRITE_FAILED`, not retried); a stream that breaks is a `CloudConnectionError` (retried).
 */
export async function downloadToFile(
  s3: S3Client,
  { bucket, key }: S3Location,
  localPath: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
  try {
    await mkdir(dirname(localPath), { recursive: true });
    await replaceFileAtomically(localPath, (temporary) =>
      pipeline(object.Body as Readable, createWriteStream(temporary), { signal }),
    );
  } catch (error) {
    if (CloudException.isInstance(error) || (error as Error)?.name === 'AbortError') throw error;
    const message = (error as Error)?.message ?? String(error);
    if (LOCAL_ERRORS.has((error as { code?: string })?.code ?? '')) {
      throw new CloudExecutionError(`downloadFile failed: cannot write ${localPath} (${message})`, {
        code: 'LOCAL_WRITE_FAILED',
        cause: error,
      });
    }
    throw new CloudConnectionError(
      `downloadFile failed: the download of s3://${bucket}/${key} broke (${message})`,
      {
        cause: error,
      },
    );
  }
}
