/**
 * The model checker of test/support refuses what AWS's models refuse, with a line naming the operation, the
 * shape path and the rule, so a conforming fake is a finding and not the checker's silence.
 */
import { ListTrainingJobsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { setupServer } from 'msw/node';
import { describe, expect, it } from 'vitest';
import { createFakeAws } from '../src/fake/index.js';
import { faultError, refusedCredentials } from '../src/fake/protocol-gate.js';
import { SageMakerConnector } from '../src/index.js';
import { ROLE_ARN } from './conformance.target.js';
import { AWS_MODELS, AWS_MODELS_PROVENANCE, NEWER_THAN_THE_MODELS } from './support/aws-models.js';
import { COMMON_JSON_ERRORS, COMMON_S3_ERRORS } from './support/common-errors.js';
import { jsonExchangeIssues } from './support/json-protocol.js';
import { jsonIssues } from './support/json-shapes.js';
import { restXmlExchangeIssues } from './support/rest-xml-protocol.js';
import type { WireExchange } from './support/wire-recorder.js';

const sagemaker = AWS_MODELS.sagemaker;

function exchange(overrides: Partial<Omit<WireExchange, 'url'>> & { url: string }): WireExchange {
  return {
    method: 'GET',
    requestHeaders: new Headers(),
    requestBody: Buffer.alloc(0),
    status: 200,
    responseHeaders: new Headers(),
    responseBody: Buffer.alloc(0),
    ...overrides,
    url: new URL(overrides.url),
  };
}

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const listAnswer = (contents: string) =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="${S3_NS}"><Name>b</Name><KeyCount>1</KeyCount><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`,
  );

describe('JSON protocol bodies', () => {
  it('a missing required member, an unknown member, a bad enum value and wrong simple types', () => {
    expect(jsonIssues(sagemaker, 'DescribeTrainingJobResponse', { TrainingJobName: 'x' })).toContain(
      'DescribeTrainingJobResponse.TrainingJobArn: is required by DescribeTrainingJobResponse',
    );
    expect(jsonIssues(sagemaker, 'StopTrainingJobRequest', { TrainingJobName: 'x', Force: true })).toEqual([
      'StopTrainingJobRequest.Force: StopTrainingJobRequest has no such member',
    ]);
    expect(jsonIssues(sagemaker, 'TrainingJobStatus', 'Running')).toEqual([
      'TrainingJobStatus: must be one of InProgress, Completed, Failed, Stopping, Stopped (enum TrainingJobStatus), not "Running"',
    ]);
    expect(
      jsonIssues(sagemaker, 'ResourceConfig', { InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 1.5 }),
    ).toEqual(['ResourceConfig.VolumeSizeInGB: must be a whole number (integer VolumeSizeInGB), not 1.5']);
    expect(
      jsonIssues(sagemaker, 'SecondaryStatusTransition', { Status: 'Training', StartTime: '2026-01-01' }),
    ).toEqual([
      'SecondaryStatusTransition.StartTime: must be a timestamp in epoch seconds (Timestamp), not "2026-01-01"',
    ]);
    expect(jsonIssues(sagemaker, 'ListTrainingJobsResponse', { TrainingJobSummaries: {} })).toEqual([
      'ListTrainingJobsResponse.TrainingJobSummaries: must be a JSON array (list TrainingJobSummaries)',
    ]);
    expect(jsonIssues(sagemaker, 'HyperParameters', { epochs: 3 })).toEqual([
      'HyperParameters.epochs: must be a string (HyperParameterValue)',
    ]);
  });

  it('an exchange names the operation and the side, and checks the target and content type', () => {
    const json = 'application/x-amz-json-1.1';
    const issues = jsonExchangeIssues(
      exchange({
        method: 'POST',
        url: 'http://aws.fake.test/',
        requestHeaders: new Headers({
          'x-amz-target': 'SageMaker.StopTrainingJob',
          'content-type': 'text/plain',
        }),
        requestBody: Buffer.from('{"TrainingJobName":"x"}'),
        responseHeaders: new Headers({ 'content-type': json }),
        responseBody: Buffer.from('{"Stopped":true}'),
      }),
    );
    expect(issues).toEqual({
      operation: 'StopTrainingJob',
      issues: [
        'StopTrainingJob request: Content-Type must be application/x-amz-json-1.1',
        'StopTrainingJob answer: the operation has no output, so the body must be {}',
      ],
    });
  });

  it('the members newer than the models are what the pinned v3 client reads', async () => {
    const fake = createFakeAws();
    const server = setupServer(...fake.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const connector = new SageMakerConnector(fake.credentials(), {
        endpoint: fake.url,
        region: fake.region,
        roleArn: ROLE_ARN,
        bucket: 'neural-sagemaker',
      });
      await connector.submitJob({ code: 'print("newer")' });
      const client = new SageMakerClient({
        endpoint: fake.url,
        region: fake.region,
        credentials: fake.credentials(),
      });
      const page = await client.send(new ListTrainingJobsCommand({}));
      // The v3 deserializer keeps only the members its model has.
      for (const addition of NEWER_THAN_THE_MODELS)
        expect(page.TrainingJobSummaries?.[0]).toHaveProperty(addition.member);
    } finally {
      server.close();
    }
  });
});

describe('the 2022 models’ constraints', () => {
  it('lengths, patterns (matched whole), ranges, list sizes and map keys', () => {
    expect(jsonIssues(sagemaker, 'TrainingJobName', 'a'.repeat(64))).toEqual([
      'TrainingJobName: must have between 1 and 63 characters (string TrainingJobName), not 64',
    ]);
    // The model's pattern has no `$`; AWS matches it against the whole name all the same.
    expect(jsonIssues(sagemaker, 'TrainingJobName', 'my_job')).toEqual([
      'TrainingJobName: must match the pattern ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62} (TrainingJobName), not "my_job"',
    ]);
    expect(
      jsonIssues(sagemaker, 'ResourceConfig', { InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 0 }),
    ).toEqual(['ResourceConfig.VolumeSizeInGB: must be at least 1 (integer VolumeSizeInGB), not 0']);
    expect(jsonIssues(sagemaker, 'ListTrainingJobsRequest', { MaxResults: 101 })).toEqual([
      'ListTrainingJobsRequest.MaxResults: must be between 1 and 100 (integer MaxResults), not 101',
    ]);
    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(jsonIssues(sagemaker, 'TagList', tags)).toEqual([
      'TagList: must have between 0 and 50 items (list TagList), not 51',
    ]);
    expect(jsonIssues(sagemaker, 'TrainingEnvironmentMap', { '1ST': 'x', OK: 'y' })).toEqual([
      'TrainingEnvironmentMap{1ST}: must match the pattern [a-zA-Z_][a-zA-Z0-9_]* (TrainingEnvironmentKey), not "1ST"',
    ]);
    // Unicode categories carry over (`\p{L}`), and lengths count characters, not UTF-16 units.
    expect(jsonIssues(sagemaker, 'TagKey', 'größe:ü')).toEqual([]);
    expect(jsonIssues(sagemaker, 'TagKey', '<b>')[0]).toContain('must match the pattern');
    expect(jsonIssues(sagemaker, 'TagKey', '𝒜'.repeat(128))).toEqual([]); // 256 UTF-16 units
    expect(jsonIssues(sagemaker, 'TagKey', '𝒜'.repeat(129))[0]).toContain('must have between 1 and 128');
  });

  it('every pattern has its JavaScript translation or says why it has none', () => {
    const shapes = Object.values(AWS_MODELS).flatMap((model) => Object.values(model.shapes));
    const patterned = shapes.filter((shape) => shape.pattern !== undefined);
    expect(patterned.length).toBeGreaterThan(50);
    for (const shape of patterned)
      expect([shape.jsPattern, shape.patternUnchecked].filter(Boolean)).toHaveLength(1);
    // Newer shapes carry none, and the provenance says which.
    expect(AWS_MODELS.sagemaker.shapes.TrainingRepositoryAccessMode?.pattern).toBeUndefined();
    expect(AWS_MODELS_PROVENANCE.constraints.withoutConstraints.sagemaker).toHaveProperty(
      'TrainingRepositoryAccessMode',
      'not in the 2022 model',
    );
  });

  it('an error must be one the operation’s model lists, in its shape, or one common to all services', () => {
    const json = 'application/x-amz-json-1.1';
    const answered = (target: string, status: number, body: object) =>
      jsonExchangeIssues(
        exchange({
          method: 'POST',
          url: 'http://aws.fake.test/',
          requestHeaders: new Headers({ 'x-amz-target': `SageMaker.${target}`, 'content-type': json }),
          requestBody: Buffer.from('{"EndpointName":"e","EndpointConfigName":"e"}'),
          status,
          responseHeaders: new Headers({ 'content-type': json }),
          responseBody: Buffer.from(JSON.stringify(body)),
        }),
      ).issues;
    expect(answered('CreateEndpoint', 400, { __type: 'ResourceInUse', Message: 'exists' })).toEqual([
      "CreateEndpoint answer: the error ResourceInUse is neither one the model lists for CreateEndpoint (ResourceLimitExceeded) nor one common to AWS's JSON services",
    ]);
    expect(answered('CreateEndpoint', 400, { __type: 'ThrottlingException', message: 'slow' })).toEqual([]);
    expect(
      answered('CreateEndpoint', 400, {
        __type: 'com.amazonaws.sagemaker#ResourceLimitExceeded',
        Message: 'too many',
        Retry: true,
      }),
    ).toEqual([
      'CreateEndpoint answer: ResourceLimitExceeded.Retry: ResourceLimitExceeded has no such member',
    ]);
    const s3Error = (code: string) =>
      restXmlExchangeIssues(
        AWS_MODELS.s3,
        exchange({
          url: 'http://s3.test/b/k',
          status: 404,
          responseBody: Buffer.from(`<Error><Code>${code}</Code><Message>m</Message></Error>`),
        }),
      ).issues;
    expect(s3Error('NoSuchKey')).toEqual([]);
    expect(s3Error('NoSuchThing')).toEqual([
      "GetObject answer: the error NoSuchThing is neither one the model lists for GetObject (NoSuchKey, InvalidObjectState) nor one of S3's error codes",
    ]);
  });

  it('the fake’s injected faults and credential refusals are common errors', () => {
    for (const kind of ['throttling', 'internal', 'unavailable'] as const) {
      expect(COMMON_JSON_ERRORS).toContain(faultError(kind, 'json')?.code);
      expect(COMMON_S3_ERRORS).toContain(faultError(kind, 'rest-xml')?.code);
    }
    const unsigned = new Request('http://aws.fake.test/');
    const stranger = new Request('http://aws.fake.test/', {
      headers: {
        authorization: 'AWS4-HMAC-SHA256 Credential=STRANGER/20260101/us-east-1/sagemaker/aws4_request',
      },
    });
    for (const request of [unsigned, stranger]) {
      expect(COMMON_JSON_ERRORS).toContain(refusedCredentials(request, {}, 'json')?.code);
      expect(COMMON_S3_ERRORS).toContain(refusedCredentials(request, {}, 'rest-xml')?.code);
    }
  });
});

describe('REST-XML exchanges', () => {
  it('routes by method, URI and required query members, and refuses what no operation has', () => {
    const put = (url: string) =>
      restXmlExchangeIssues(
        AWS_MODELS.s3,
        exchange({ method: 'PUT', url, responseHeaders: new Headers({ etag: '"e"' }) }),
      );
    expect(put('http://s3.test/b/k/ey').operation).toBe('PutObject');
    expect(put('http://s3.test/b/k?partNumber=1&uploadId=u').operation).toBe('UploadPart');
    expect(put('http://s3.test/b/k?partNumber=x&uploadId=u').issues).toEqual([
      'UploadPart request: UploadPartRequest.PartNumber: must be a whole number (integer PartNumber), not "x" (querystring partNumber)',
    ]);
    expect(
      restXmlExchangeIssues(AWS_MODELS.s3, exchange({ method: 'PATCH', url: 'http://s3.test/b/k' })).issues,
    ).toEqual(['PATCH /b/k: no operation of the model has this method and URI']);
  });

  it('checks the answer’s status, headers and XML elements: names, flattened lists, types, required members', () => {
    const list = (body: Buffer, status = 200) =>
      restXmlExchangeIssues(
        AWS_MODELS.s3,
        exchange({ url: 'http://s3.test/b?list-type=2', status, responseBody: body }),
      ).issues;
    const item = (inner: string) => `<Contents><Key>k</Key>${inner}<Size>3</Size></Contents>`;
    expect(list(listAnswer(item('<LastModified>2026-01-01T00:00:00.000Z</LastModified>')))).toEqual([]);
    expect(list(listAnswer(item('<LastModified>Thu, 01 Jan 2026 00:00:00 GMT</LastModified>')))).toEqual([
      'ListObjectsV2 answer: ListObjectsV2Output.Contents[0].LastModified: must be a timestamp as iso8601 (^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$) (LastModified), not "Thu, 01 Jan 2026 00:00:00 GMT"',
    ]);
    expect(list(listAnswer('<Content><Key>k</Key></Content>'))).toEqual([
      'ListObjectsV2 answer: ListObjectsV2Output: ListObjectsV2Output has no member serialized as <Content>',
    ]);
    expect(list(listAnswer('<Contents><Object><Key>k</Key></Object></Contents>'))).toEqual([
      'ListObjectsV2 answer: ListObjectsV2Output.Contents[0]: Object has no member serialized as <Object>',
    ]);
    expect(list(listAnswer(item('<StorageClass>COLD</StorageClass>')))[0]).toContain(
      'ListObjectsV2Output.Contents[0].StorageClass: must be one of STANDARD',
    );
    expect(list(Buffer.from('<ListBucketResult><Name>b</Name>'))[0]).toMatch(
      /^ListObjectsV2 answer: ListObjectsV2Output: not well-formed XML/,
    );
    expect(list(Buffer.alloc(0), 204)).toEqual([
      'ListObjectsV2 answer: the status must be 200 (http.responseCode), not 204',
    ]);
    const head = restXmlExchangeIssues(
      AWS_MODELS.s3,
      exchange({
        method: 'HEAD',
        url: 'http://s3.test/b/k',
        responseHeaders: new Headers({ 'last-modified': '2026-01-01T00:00:00Z', 'content-length': 'ten' }),
      }),
    );
    expect(head.issues).toEqual([
      'HeadObject answer: HeadObjectOutput.LastModified: must be a timestamp as rfc822 (^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$) (LastModified), not "2026-01-01T00:00:00Z" (header Last-Modified)',
      'HeadObject answer: HeadObjectOutput.ContentLength: must be a whole number (long ContentLength), not "ten" (header Content-Length)',
    ]);
  });

  it('checks a request’s XML payload: its root element, namespace and members', () => {
    const complete = (body: string) =>
      restXmlExchangeIssues(
        AWS_MODELS.s3,
        exchange({
          method: 'POST',
          url: 'http://s3.test/b/k?uploadId=u',
          requestBody: Buffer.from(body),
          responseBody: Buffer.from(
            `<CompleteMultipartUploadResult xmlns="${S3_NS}"><Bucket>b</Bucket><Key>k</Key><ETag>"e"</ETag></CompleteMultipartUploadResult>`,
          ),
        }),
      );
    const parts = '<Part><ETag>"e"</ETag><PartNumber>1</PartNumber></Part>';
    expect(complete(`<CompleteMultipartUpload xmlns="${S3_NS}">${parts}</CompleteMultipartUpload>`)).toEqual({
      operation: 'CompleteMultipartUpload',
      issues: [],
    });
    expect(complete(`<Complete xmlns="${S3_NS}"><Parts>${parts}</Parts></Complete>`).issues).toEqual([
      'CompleteMultipartUpload request: CompleteMultipartUploadRequest.MultipartUpload: the root element must be <CompleteMultipartUpload>, not <Complete>',
      'CompleteMultipartUpload request: CompleteMultipartUploadRequest.MultipartUpload: CompletedMultipartUpload has no member serialized as <Parts>',
    ]);
  });
});
