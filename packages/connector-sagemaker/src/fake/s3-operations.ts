import { randomUUID } from 'node:crypto';
import { HttpResponse } from 'msw';
import type { FakeAwsAccount } from './account.js';
import { AwsServiceError } from './aws-error.js';
import { S3_NS, s3Body, xml, xmlEscape } from './s3-wire.js';

/** Which S3 operation a path-style request is, as S3 routes it. */
export function s3Operation(method: string, url: URL, hasKey: boolean): string {
  const q = url.searchParams;
  if (!hasKey)
    return method === 'GET' && q.get('list-type') === '2'
      ? 'ListObjectsV2'
      : method === 'HEAD'
        ? 'HeadBucket'
        : 'Unsupported';
  if (method === 'POST' && q.has('uploads')) return 'CreateMultipartUpload';
  if (method === 'PUT' && q.has('uploadId')) return 'UploadPart';
  if (method === 'POST' && q.has('uploadId')) return 'CompleteMultipartUpload';
  if (method === 'DELETE' && q.has('uploadId')) return 'AbortMultipartUpload';
  if (method === 'PUT') return 'PutObject';
  if (method === 'GET') return 'GetObject';
  if (method === 'HEAD') return 'HeadObject';
  if (method === 'DELETE') return 'DeleteObject';
  return 'Unsupported';
}

/** The key a `ListObjectsV2` continuation token resumes after (the fake's tokens are that key, encoded). */
function continuationKey(token: string): string {
  const key = Buffer.from(token, 'base64url').toString('utf8');
  if (token === '' || Buffer.from(key).toString('base64url') !== token)
    throw new AwsServiceError('InvalidArgument', 'The continuation token provided is incorrect');
  return key;
}

/** Answers one routed S3 operation on the account. */
export async function answerS3(
  account: FakeAwsAccount,
  request: Request,
  url: URL,
  operation: string,
  bucket: string,
  key: string,
): Promise<Response> {
  const q = url.searchParams;
  const object = (
    o: { data: Buffer; etag: string; lastModified: number; contentType: string | undefined },
    body: boolean,
  ) =>
    new HttpResponse(body ? o.data : null, {
      status: 200,
      headers: {
        'content-length': String(o.data.length),
        'content-type': o.contentType ?? 'application/octet-stream',
        etag: o.etag,
        'last-modified': new Date(o.lastModified).toUTCString(),
        'x-amz-request-id': randomUUID(),
      },
    });
  switch (operation) {
    case 'PutObject': {
      const stored = account.putObject(
        bucket,
        key,
        await s3Body(request),
        request.headers.get('content-type') ?? undefined,
      );
      return new HttpResponse(null, {
        status: 200,
        headers: { etag: stored.etag, 'x-amz-request-id': randomUUID() },
      });
    }
    case 'GetObject':
      return object(account.getObject(bucket, key), true);
    case 'HeadObject':
      return object(account.getObject(bucket, key), false);
    case 'DeleteObject':
      account.objects.delete(`${bucket}/${key}`);
      return new HttpResponse(null, { status: 204 });
    case 'CreateMultipartUpload': {
      const uploadId = account.createMultipartUpload(bucket, key);
      return xml(
        `<InitiateMultipartUploadResult xmlns="${S3_NS}"><Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
      );
    }
    case 'UploadPart': {
      const etag = account.uploadPart(
        q.get('uploadId') ?? '',
        Number(q.get('partNumber')),
        await s3Body(request),
      );
      return new HttpResponse(null, { status: 200, headers: { etag, 'x-amz-request-id': randomUUID() } });
    }
    case 'CompleteMultipartUpload': {
      const text = await request.text();
      const parts = [...text.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((match) => ({
        partNumber: Number(/<PartNumber>(\d+)<\/PartNumber>/.exec(match[1] ?? '')?.[1]),
        etag: (/<ETag>([\s\S]*?)<\/ETag>/.exec(match[1] ?? '')?.[1] ?? '').replaceAll('&quot;', '"'),
      }));
      if (parts.length === 0)
        throw new AwsServiceError(
          'MalformedXML',
          'The XML you provided was not well-formed or did not validate against our published schema.',
        );
      const stored = account.completeMultipartUpload(q.get('uploadId') ?? '', parts);
      return xml(
        `<CompleteMultipartUploadResult xmlns="${S3_NS}"><Location>${xmlEscape(`${url.origin}/${bucket}/${key}`)}</Location><Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><ETag>${xmlEscape(stored.etag)}</ETag></CompleteMultipartUploadResult>`,
      );
    }
    case 'AbortMultipartUpload':
      account.abortMultipartUpload(q.get('uploadId') ?? '');
      return new HttpResponse(null, { status: 204 });
    case 'ListObjectsV2': {
      const prefix = q.get('prefix') ?? '';
      const delimiter = q.get('delimiter') || undefined;
      const maxKeys = Math.min(1000, q.has('max-keys') ? Number(q.get('max-keys')) : 1000);
      if (!Number.isInteger(maxKeys) || maxKeys < 0)
        throw new AwsServiceError(
          'InvalidArgument',
          'Provided max-keys not an integer or within integer range',
        );
      const token = q.get('continuation-token');
      const startAfter = token !== null ? continuationKey(token) : (q.get('start-after') ?? undefined);
      const page = account.s3.listObjects(bucket, {
        prefix,
        maxKeys,
        ...(delimiter ? { delimiter } : {}),
        ...(startAfter !== undefined ? { startAfter } : {}),
      });
      const element = (name: string, value: string | number | null | undefined) =>
        value === null || value === undefined ? '' : `<${name}>${xmlEscape(String(value))}</${name}>`;
      const contents = page.contents
        .map(
          ({ key: k, object: o }) =>
            `<Contents>${element('Key', k)}${element('LastModified', new Date(o.lastModified).toISOString())}${element('ETag', o.etag)}${element('Size', o.data.length)}<StorageClass>STANDARD</StorageClass></Contents>`,
        )
        .join('');
      const common = page.commonPrefixes
        .map((p) => `<CommonPrefixes>${element('Prefix', p)}</CommonPrefixes>`)
        .join('');
      const next =
        page.nextAfter === undefined ? undefined : Buffer.from(page.nextAfter).toString('base64url');
      return xml(
        `<ListBucketResult xmlns="${S3_NS}">${element('Name', bucket)}${element('Prefix', prefix)}${element('Delimiter', delimiter)}${element('StartAfter', q.get('start-after'))}${element('ContinuationToken', token)}${element('KeyCount', page.contents.length + page.commonPrefixes.length)}${element('MaxKeys', maxKeys)}${element('IsTruncated', String(next !== undefined))}${element('NextContinuationToken', next)}${contents}${common}</ListBucketResult>`,
      );
    }
    default:
      throw new AwsServiceError(
        'NotImplemented',
        `The fake does not implement ${request.method} ${url.pathname}${url.search}`,
        501,
      );
  }
}
