import { randomUUID } from 'node:crypto';
import { createPrng } from '@neural/integrations-core';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { type FakeAwsAccount as Account, FakeAwsAccount, type Json } from './account.js';
import { AwsServiceError } from './aws-error.js';
import {
  type AwsFaultKind,
  type FakeAwsOptions,
  FakeAwsOptionsSchema,
  type ResolvedFakeAwsOptions,
} from './options.js';

/** The services the fake answers, as the `X-Amz-Target` prefix names them (S3 has none: it is REST). */
export const AWS_TARGET_PREFIXES = {
  'SageMaker.': 'sagemaker',
  'Logs_20140328.': 'logs',
  'ServiceQuotasV20190624.': 'servicequotas',
} as const;

/** One request the fake received: which service and operation, whether a fault was injected, what it answered. */
export interface AwsRequestRecord {
  readonly service: 'sagemaker' | 'logs' | 'servicequotas' | 's3';
  readonly operation: string;
  readonly fault: AwsFaultKind | undefined;
  readonly status: number;
  /** The JSON request body (JSON protocols only), for tests that check what the client sent. */
  readonly input: { [key: string]: Json } | undefined;
  /** The JSON answer (JSON protocols only). */
  readonly output: Json | undefined;
}

/** The fake: its MSW handlers, the account behind them, and every request it answered. */
export interface FakeAws {
  /** Where it answers: the connector's `endpoint`. */
  readonly url: string;
  /** The region it claims. */
  readonly region: string;
  /** Pass to `setupServer(...handlers)` (MSW 2). */
  readonly handlers: RequestHandler[];
  /** The state: objects, training jobs, endpoints. */
  readonly account: Account;
  /** Every request answered, in order. */
  readonly requests: readonly AwsRequestRecord[];
  /** Credentials the fake accepts: `{ accessKeyId, secretAccessKey }`. */
  credentials(): { accessKeyId: string; secretAccessKey: string };
}

type Operation = (account: Account, input: { [key: string]: Json }) => { [key: string]: Json };

const JSON_OPERATIONS: Record<string, Record<string, Operation>> = {
  sagemaker: {
    CreateTrainingJob: (a, i) => a.createTrainingJob(i),
    DescribeTrainingJob: (a, i) => a.describeTrainingJob(i),
    StopTrainingJob: (a, i) => a.stopTrainingJob(i),
    ListTrainingJobs: (a, i) => a.listTrainingJobs(i),
    CreateModel: (a, i) => a.createModel(i),
    DeleteModel: (a, i) => a.deleteModel(i),
    CreateEndpointConfig: (a, i) => a.createEndpointConfig(i),
    DeleteEndpointConfig: (a, i) => a.deleteEndpointConfig(i),
    CreateEndpoint: (a, i) => a.createEndpoint(i),
    DescribeEndpoint: (a, i) => a.describeEndpoint(i),
    DeleteEndpoint: (a, i) => a.deleteEndpoint(i),
  },
  logs: {
    DescribeLogStreams: (a, i) => a.describeLogStreams(i),
    GetLogEvents: (a, i) => a.getLogEvents(i),
  },
  servicequotas: {
    ListServiceQuotas: (a, i) => a.listServiceQuotas(i),
  },
};

const JSON_TYPE = 'application/x-amz-json-1.1';
const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

function jsonError(error: AwsServiceError): Response {
  return new HttpResponse(JSON.stringify({ __type: error.code, [error.messageMember]: error.message }), {
    status: error.status,
    headers: { 'content-type': JSON_TYPE, 'x-amzn-requestid': randomUUID(), 'x-amzn-errortype': error.code },
  });
}

const xmlEscape = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string,
  );

function xml(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new HttpResponse(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`, {
    status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': randomUUID(), ...headers },
  });
}

function s3Error(error: AwsServiceError, head: boolean): Response {
  if (head)
    return new HttpResponse(null, { status: error.status, headers: { 'x-amz-request-id': randomUUID() } });
  return xml(
    `<Error><Code>${error.code}</Code><Message>${xmlEscape(error.message)}</Message><RequestId>${randomUUID()}</RequestId></Error>`,
    error.status,
  );
}

/** The access key id of a SigV4 `Authorization` header (the signature itself is not checked). */
function accessKeyOf(request: Request): string | undefined {
  const header = request.headers.get('authorization') ?? '';
  return /Credential=([^/,\s]+)\//.exec(header)?.[1];
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

async function s3Body(request: Request): Promise<Buffer> {
  const body = Buffer.from(await request.arrayBuffer());
  const chunked =
    (request.headers.get('content-encoding') ?? '').includes('aws-chunked') ||
    (request.headers.get('x-amz-content-sha256') ?? '').startsWith('STREAMING-');
  return chunked ? decodeAwsChunked(body) : body;
}

/** Which S3 operation a path-style request is, as S3 routes it. */
function s3Operation(method: string, url: URL, hasKey: boolean): string {
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

async function answerS3(
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
      const keys = [...account.objects.entries()]
        .filter(([path]) => path.startsWith(`${bucket}/${prefix}`))
        .map(([path, o]) => ({ key: path.slice(bucket.length + 1), o }))
        .sort((a, b) => a.key.localeCompare(b.key));
      const contents = keys
        .map(
          ({ key: k, o }) =>
            `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${new Date(o.lastModified).toISOString()}</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${o.data.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
        )
        .join('');
      return xml(
        `<ListBucketResult xmlns="${S3_NS}"><Name>${xmlEscape(bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`,
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

/**
 * Makes the fake AWS services: MSW handlers answering SageMaker, CloudWatch Logs and Service Quotas on the
 * AWS JSON 1.1 protocol (`POST /` with `X-Amz-Target`, errors as `{ "__type": … }`) and S3 on REST-XML
 * (path-style), all on one URL, with training jobs that live on the injected clock.
 *
 * @example
 * ```ts
 * const fake = createFakeAws();
 * const server = setupServer(...fake.handlers);
 * server.listen();
 * const sagemaker = new SageMakerConnector(fake.credentials(), { endpoint: fake.url, region: fake.region, roleArn, bucket: 'neural-sagemaker' });
 * ```
 */
export function createFakeAws(options: FakeAwsOptions = {}): FakeAws {
  const resolved: ResolvedFakeAwsOptions = FakeAwsOptionsSchema.parse(options);
  const account = new FakeAwsAccount(resolved);
  const random = createPrng(resolved.seed);
  const requests: AwsRequestRecord[] = [];
  const base = resolved.baseUrl.replace(/\/$/, '');
  const basePath = new URL(base).pathname.replace(/\/$/, '');

  const pickFault = (): AwsFaultKind | undefined => {
    if (resolved.faults.rate <= 0 || random() >= resolved.faults.rate) return undefined;
    const kinds = resolved.faults.kinds;
    return kinds[Math.floor(random() * kinds.length)] as AwsFaultKind;
  };

  async function answerJson(request: Request, target: string): Promise<Response> {
    const prefix = Object.keys(AWS_TARGET_PREFIXES).find((p) => target.startsWith(p)) as
      | keyof typeof AWS_TARGET_PREFIXES
      | undefined;
    const service = prefix ? AWS_TARGET_PREFIXES[prefix] : 'sagemaker';
    const operationName = prefix ? target.slice(prefix.length) : target;
    let input: { [key: string]: Json } | undefined;
    const record = (status: number, fault: AwsFaultKind | undefined, output: Json | undefined) =>
      requests.push({ service, operation: operationName, fault, status, input, output });
    const fail = (error: AwsServiceError, fault?: AwsFaultKind) => {
      record(error.status, fault, { __type: error.code });
      return jsonError(error);
    };
    const operation = prefix ? JSON_OPERATIONS[service]?.[operationName] : undefined;
    if (!operation)
      return fail(new AwsServiceError('UnknownOperationException', `The fake does not implement ${target}`));
    if (!(request.headers.get('content-type') ?? '').startsWith(JSON_TYPE)) {
      return fail(new AwsServiceError('SerializationException', `Content-Type must be ${JSON_TYPE}`));
    }
    const key = accessKeyOf(request);
    if (key === undefined)
      return fail(
        new AwsServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403),
      );
    if (!(key in resolved.accessKeys)) {
      return fail(
        new AwsServiceError(
          'UnrecognizedClientException',
          'The security token included in the request is invalid.',
        ),
      );
    }
    try {
      const parsed: unknown = JSON.parse((await request.text()) || '{}');
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('not an object');
      input = parsed as { [key: string]: Json };
    } catch {
      return fail(new AwsServiceError('SerializationException', 'The request body is not a JSON object'));
    }
    const fault = pickFault();
    if (fault === 'throttling')
      return fail(new AwsServiceError('ThrottlingException', 'Rate exceeded'), fault);
    if (fault === 'internal')
      return fail(
        new AwsServiceError('InternalFailure', 'We encountered an internal error. Please try again.', 500),
        fault,
      );
    if (fault === 'unavailable')
      return fail(new AwsServiceError('ServiceUnavailable', 'Service is unavailable', 503), fault);
    if (fault === 'drop-before') {
      record(0, fault, undefined);
      return Response.error();
    }
    try {
      const output = operation(account, input);
      record(fault === 'drop-after' ? 0 : 200, fault, output);
      if (fault === 'drop-after') return Response.error();
      return new HttpResponse(JSON.stringify(output), {
        status: 200,
        headers: { 'content-type': JSON_TYPE, 'x-amzn-requestid': randomUUID() },
      });
    } catch (error) {
      if (error instanceof AwsServiceError) return fail(error, fault);
      throw error;
    }
  }

  async function answerRest(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.slice(basePath.length).replace(/^\//, '');
    const slash = path.indexOf('/');
    const bucket = decodeURIComponent(slash < 0 ? path : path.slice(0, slash));
    const key =
      slash < 0
        ? ''
        : path
            .slice(slash + 1)
            .split('/')
            .map(decodeURIComponent)
            .join('/');
    const operation = s3Operation(request.method, url, key.length > 0);
    const head = request.method === 'HEAD';
    let fault: AwsFaultKind | undefined;
    const record = (status: number) =>
      requests.push({ service: 's3', operation, fault, status, input: undefined, output: undefined });
    const key_ = accessKeyOf(request);
    if (key_ === undefined || !(key_ in resolved.accessKeys)) {
      record(403);
      return s3Error(
        new AwsServiceError(
          'InvalidAccessKeyId',
          'The AWS Access Key Id you provided does not exist in our records.',
          403,
        ),
        head,
      );
    }
    fault = pickFault();
    try {
      if (fault === 'throttling')
        throw new AwsServiceError('SlowDown', 'Please reduce your request rate.', 503);
      if (fault === 'internal')
        throw new AwsServiceError(
          'InternalError',
          'We encountered an internal error. Please try again.',
          500,
        );
      if (fault === 'unavailable')
        throw new AwsServiceError('ServiceUnavailable', 'Service is unable to handle request.', 503);
      if (fault === 'drop-before') {
        record(0);
        return Response.error();
      }
      const response = await answerS3(account, request, url, operation, bucket, key);
      record(fault === 'drop-after' ? 0 : response.status);
      return fault === 'drop-after' ? Response.error() : response;
    } catch (error) {
      if (!(error instanceof AwsServiceError)) throw error;
      record(error.status);
      return s3Error(error, head);
    }
  }

  const handle = async ({ request }: { request: Request }) => {
    const target = request.headers.get('x-amz-target');
    if (request.method === 'POST' && target !== null) return answerJson(request, target);
    return answerRest(request);
  };

  return {
    url: base,
    region: resolved.region,
    handlers: [http.all(`${base}/`, handle), http.all(`${base}/*`, handle)],
    account,
    requests,
    credentials: () => {
      const [accessKeyId, secretAccessKey] = Object.entries(resolved.accessKeys)[0] as [string, string];
      return { accessKeyId, secretAccessKey };
    },
  };
}
