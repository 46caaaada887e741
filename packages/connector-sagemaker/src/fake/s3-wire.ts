import { randomUUID } from 'node:crypto';
import { HttpResponse } from 'msw';
import type { AwsServiceError } from './aws-error.js';

/** The namespace of S3's XML documents. */
export const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Text escaped for an XML element or attribute. */
export const xmlEscape = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string,
  );

/** An XML answer with S3's headers. */
export function xml(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new HttpResponse(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`, {
    status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': randomUUID(), ...headers },
  });
}

/** An S3 error answer: `<Error>` with its code, or nothing for a `HEAD`, as S3 answers. */
export function s3Error(error: AwsServiceError, head: boolean): Response {
  if (head)
    return new HttpResponse(null, { status: error.status, headers: { 'x-amz-request-id': randomUUID() } });
  return xml(
    `<Error><Code>${error.code}</Code><Message>${xmlEscape(error.message)}</Message><RequestId>${randomUUID()}</RequestId></Error>`,
    error.status,
  );
}

/** The payload of an `aws-chunked` body (`<hex size>[;ext]\r\n<bytes>\r\n … 0\r\n<trailers>`). */
function decodeAwsChunked(body: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(body.subarray(offset, lineEnd).toString('ascii').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size === 0) break;
    chunks.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(chunks);
}

/** A request's payload, decoded from `aws-chunked` when the client streamed it so. */
export async function s3Body(request: Request): Promise<Buffer> {
  const body = Buffer.from(await request.arrayBuffer());
  const chunked =
    (request.headers.get('content-encoding') ?? '').includes('aws-chunked') ||
    (request.headers.get('x-amz-content-sha256') ?? '').startsWith('STREAMING-');
  return chunked ? decodeAwsChunked(body) : body;
}
