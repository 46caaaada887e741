import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '@neural/integrations-core';
import { AwsServiceError } from './aws-error.js';
import type { ResolvedFakeAwsOptions } from './options.js';

/** One stored S3 object. */
export interface FakeS3Object {
  readonly data: Buffer;
  readonly etag: string;
  readonly lastModified: number;
  readonly contentType: string | undefined;
}

/** The fake's S3: objects by `bucket/key`, and multipart uploads in progress. */
export class FakeS3Store {
  readonly objects = new Map<string, FakeS3Object>();
  readonly uploads = new Map<string, { bucket: string; key: string; parts: Map<number, Buffer> }>();

  constructor(
    readonly options: ResolvedFakeAwsOptions,
    readonly clock: Clock,
  ) {}

  #bucket(bucket: string): void {
    if (!this.options.buckets.includes(bucket)) {
      throw new AwsServiceError('NoSuchBucket', 'The specified bucket does not exist', 404);
    }
  }

  putObject(bucket: string, key: string, data: Buffer, contentType: string | undefined): FakeS3Object {
    this.#bucket(bucket);
    const object = {
      data,
      etag: `"${createHash('md5').update(data).digest('hex')}"`,
      lastModified: this.clock.now(),
      contentType,
    };
    this.objects.set(`${bucket}/${key}`, object);
    return object;
  }

  getObject(bucket: string, key: string): FakeS3Object {
    this.#bucket(bucket);
    const object = this.objects.get(`${bucket}/${key}`);
    if (!object) throw new AwsServiceError('NoSuchKey', 'The specified key does not exist.', 404);
    return object;
  }

  /**
   * A page of `ListObjectsV2`: keys under `prefix` in UTF-8 binary order after `startAfter` (or the
   * continuation token, the last key of the page before), those with `delimiter` past the prefix rolled up
   * into common prefixes, at most `maxKeys` entries of both.
   */
  listObjects(
    bucket: string,
    query: { prefix: string; delimiter?: string; maxKeys: number; startAfter?: string },
  ): { contents: { key: string; object: FakeS3Object }[]; commonPrefixes: string[]; nextAfter?: string } {
    this.#bucket(bucket);
    const { prefix, delimiter, maxKeys, startAfter = '' } = query;
    const keys = [...this.objects.keys()]
      .filter((path) => path.startsWith(`${bucket}/${prefix}`))
      .map((path) => path.slice(bucket.length + 1))
      .filter((key) => Buffer.compare(Buffer.from(key), Buffer.from(startAfter)) > 0)
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const contents: { key: string; object: FakeS3Object }[] = [];
    const commonPrefixes: string[] = [];
    let last: string | undefined;
    for (const key of keys) {
      const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      const common = cut >= 0 ? key.slice(0, cut + (delimiter?.length ?? 0)) : undefined;
      if (common !== undefined && common === commonPrefixes.at(-1)) {
        last = key;
        continue;
      }
      if (contents.length + commonPrefixes.length >= maxKeys)
        return { contents, commonPrefixes, nextAfter: last };
      if (common !== undefined) commonPrefixes.push(common);
      else contents.push({ key, object: this.objects.get(`${bucket}/${key}`) as FakeS3Object });
      last = key;
    }
    return { contents, commonPrefixes };
  }

  createMultipartUpload(bucket: string, key: string): string {
    this.#bucket(bucket);
    const uploadId = randomUUID().replaceAll('-', '');
    this.uploads.set(uploadId, { bucket, key, parts: new Map() });
    return uploadId;
  }

  #upload(uploadId: string) {
    const upload = this.uploads.get(uploadId);
    if (!upload) {
      throw new AwsServiceError('NoSuchUpload', 'The specified multipart upload does not exist.', 404);
    }
    return upload;
  }

  uploadPart(uploadId: string, partNumber: number, data: Buffer): string {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
      throw new AwsServiceError(
        'InvalidArgument',
        'Part number must be an integer between 1 and 10000, inclusive',
      );
    }
    this.#upload(uploadId).parts.set(partNumber, data);
    return `"${createHash('md5').update(data).digest('hex')}"`;
  }

  completeMultipartUpload(
    uploadId: string,
    parts: readonly { partNumber: number; etag: string }[],
  ): FakeS3Object {
    const upload = this.#upload(uploadId);
    const chunks: Buffer[] = [];
    let previous = 0;
    for (const part of parts) {
      const data = upload.parts.get(part.partNumber);
      const etag = data ? `"${createHash('md5').update(data).digest('hex')}"` : undefined;
      if (!data || etag !== `"${part.etag.replaceAll('"', '')}"`) {
        throw new AwsServiceError('InvalidPart', 'One or more of the specified parts could not be found.');
      }
      if (part.partNumber <= previous) {
        throw new AwsServiceError('InvalidPartOrder', 'The list of parts was not in ascending order.');
      }
      previous = part.partNumber;
      chunks.push(data);
    }
    this.uploads.delete(uploadId);
    return this.putObject(upload.bucket, upload.key, Buffer.concat(chunks), undefined);
  }

  abortMultipartUpload(uploadId: string): void {
    this.#upload(uploadId);
    this.uploads.delete(uploadId);
  }
}
