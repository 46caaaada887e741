/**
 * The fake cannot drift into a toy: every request the official clients sent it and every answer it gave,
 * as they crossed the wire, conforms to AWS's service models (test/fixtures/aws-models.json, extracted from
 * the `aws-sdk` package by scripts/extract-aws-models.mjs): a job's whole life (submit, status, logs, list,
 * stop), files (single and multipart uploads, downloads, and the S3 calls the fake serves besides), a model
 * deployed and deleted, and the resource usage from Service Quotas.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import {
  CreateEndpointCommand,
  DescribeEndpointCommand,
  DescribeTrainingJobCommand,
  SageMakerClient,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { ListServiceQuotasCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { JobStatus, waitForCompletion } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { requestConstraints } from '../scripts/fake-constraints.mjs';
import { SageMakerConnector } from '../src/index.js';
import { ROLE_ARN } from './conformance.target.js';
import { AWS_MODELS, AWS_MODELS_PROVENANCE } from './support/aws-models.js';
import { jsonExchangeIssues } from './support/json-protocol.js';
import { useRecordedFake } from './support/recorded-fake.js';
import { restXmlExchangeIssues } from './support/rest-xml-protocol.js';

const { fake, wire } = useRecordedFake({ defaultQueueMs: 5, defaultStartingMs: 5, endpointCreatingMs: 0 });

const connector = new SageMakerConnector(fake.credentials(), {
  endpoint: fake.url,
  region: 'us-east-1',
  roleArn: ROLE_ARN,
  bucket: 'neural-sagemaker',
  logPollIntervalMs: 5,
  partSizeMb: 5,
});
const s3 = new S3Client({
  endpoint: fake.url,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: fake.credentials(),
});

/** Drives every operation the fake serves through the official clients. */
async function exerciseEverything(): Promise<void> {
  const done = await connector.submitJob({
    code: 'print("one")\nprint("two")\n# @fake duration=30ms metrics={"loss":0.25}',
    jobName: 'models',
    environment: { EPOCHS: '3' },
    resourceConfig: { gpuEnabled: true, gpuCount: 1, maxRuntimeHours: 1, diskSizeGb: 50 },
  });
  const result = await waitForCompletion(connector, done, { pollIntervalMs: 10 });
  expect(result.status).toBe(JobStatus.SUCCEEDED);
  expect(result.metrics).toEqual({ loss: 0.25 });
  const stopped = await connector.submitJob({ code: '# @fake forever' });
  await connector.cancelJob(stopped);
  await connector.listJobs({ limit: 5 });
  await connector.listJobs({ statusFilter: JobStatus.SUCCEEDED });
  for await (const _ of connector.followLogs(done)) {
    // drained: the follow's GetLogEvents with a forward token is checked too
  }

  const dir = await mkdtemp(join(tmpdir(), 'sagemaker-models-'));
  try {
    await writeFile(join(dir, 'big.bin'), Buffer.alloc(6 * 1024 * 1024, 7)); // two parts of 5 MiB at most
    await connector.uploadFile(join(dir, 'big.bin'), 'data/big.bin');
    await writeFile(join(dir, 'small.txt'), 'small & <escaped>');
    await connector.uploadFile(join(dir, 'small.txt'), 'data/small.txt');
    await connector.downloadFile('data/small.txt', join(dir, 'back.txt'));
    expect(readFileSync(join(dir, 'back.txt'), 'utf8')).toBe('small & <escaped>');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const Bucket = 'neural-sagemaker';
  await s3.send(new HeadObjectCommand({ Bucket, Key: 'neural/files/data/small.txt' }));
  await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'neural/files/' }));
  const page = await s3.send(
    new ListObjectsV2Command({
      Bucket,
      Prefix: 'neural/',
      Delimiter: '/',
      MaxKeys: 1,
      StartAfter: 'neural/',
    }),
  );
  expect(page.IsTruncated).toBe(true);
  await s3.send(
    new ListObjectsV2Command({ Bucket, Prefix: 'neural/', ContinuationToken: page.NextContinuationToken }),
  );
  await s3.send(new DeleteObjectCommand({ Bucket, Key: 'neural/files/data/small.txt' }));
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'neural/abandoned' }));
  await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: 'neural/abandoned', UploadId }));

  await connector.deployModel('s3://neural-sagemaker/models/model.tar.gz', 'models-endpoint');
  expect(await connector.endpointStatus('models-endpoint')).toBe('InService');
  expect(await connector.deleteEndpoint('models-endpoint')).toBe(true);
  const usage = await connector.getResourceUsage();
  expect(usage['trainingQuota:ml.g5.xlarge']).toBe(4);
}

const clientConfig = {
  endpoint: fake.url,
  region: 'us-east-1',
  credentials: fake.credentials(),
  maxAttempts: 1,
};

/** Sends `request`, which the fake refuses, and gives the error's code. */
async function refused(request: Promise<unknown>): Promise<string> {
  try {
    await request;
  } catch (error) {
    return (error as Error).name;
  }
  throw new Error('the fake served a request it should have refused');
}

/** Provokes the errors the fake answers for the operations' own reasons, through the official clients. */
async function provokeErrors(): Promise<string[]> {
  const sagemaker = new SageMakerClient(clientConfig);
  const logs = new CloudWatchLogsClient(clientConfig);
  const quotas = new ServiceQuotasClient(clientConfig);
  const s3Once = new S3Client({ ...clientConfig, forcePathStyle: true });
  const Bucket = 'neural-sagemaker';
  const job = await connector.submitJob({ code: 'print("x")', idempotencyKey: 'models-errors' });
  await connector.submitJob({ code: 'print("x")', idempotencyKey: 'models-errors' }); // meets ResourceInUse
  await connector.deployModel('s3://neural-sagemaker/models/model.tar.gz', 'errors-endpoint');
  const codes = [
    await refused(sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'no-such-job' }))),
    await refused(sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: 'no-such-job' }))),
    await refused(sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'no-such-endpoint' }))),
    await refused(
      sagemaker.send(
        new CreateEndpointCommand({ EndpointName: 'errors-endpoint', EndpointConfigName: 'errors-endpoint' }),
      ),
    ),
    await refused(
      logs.send(
        new GetLogEventsCommand({
          logGroupName: '/aws/sagemaker/TrainingJobs',
          logStreamName: `${job}/none`,
        }),
      ),
    ),
    await refused(quotas.send(new ListServiceQuotasCommand({ ServiceCode: 'no-such-service' }))),
    await refused(s3Once.send(new GetObjectCommand({ Bucket, Key: 'neural/no-such-key' }))),
    await refused(
      s3Once.send(
        new UploadPartCommand({
          Bucket,
          Key: 'neural/k',
          UploadId: 'no-such-upload',
          PartNumber: 1,
          Body: 'x',
        }),
      ),
    ),
    await refused(s3Once.send(new ListObjectsV2Command({ Bucket, ContinuationToken: '%%' }))),
  ];
  await connector.deleteEndpoint('errors-endpoint');
  return codes;
}

describe('requests and answers against the service models', () => {
  it('the fixture is the one the extraction script pins', () => {
    const script = readFileSync(new URL('../scripts/extract-aws-models.mjs', import.meta.url), 'utf8');
    expect(script).toContain(`const VERSION = '${AWS_MODELS_PROVENANCE.version}';`);
    expect(script).toContain(AWS_MODELS_PROVENANCE.integrity);
    const botocore = readFileSync(new URL('../scripts/botocore-constraints.mjs', import.meta.url), 'utf8');
    const { constraints } = AWS_MODELS_PROVENANCE;
    expect(botocore).toContain(`version: '${constraints.version}'`);
    expect(botocore).toContain(`sha256: '${constraints.sha256}'`);
  });

  it('the fake enforces the constraints the fixture gives, derived as the script derives them', () => {
    const raw = JSON.parse(readFileSync(new URL('./fixtures/aws-models.json', import.meta.url), 'utf8'));
    const table = JSON.parse(
      readFileSync(new URL('../src/fake/aws-request-constraints.json', import.meta.url), 'utf8'),
    );
    expect(table).toEqual(requestConstraints(raw.services));
    expect(Object.keys(table).sort()).toEqual(['logs', 'sagemaker', 'servicequotas']);
  });

  it('every exchange of every operation the fake serves conforms, both ways', async () => {
    await exerciseEverything();
    const exchanges = await wire.exchanges();
    const checked = exchanges.map((exchange) =>
      exchange.requestHeaders.has('x-amz-target')
        ? jsonExchangeIssues(exchange)
        : restXmlExchangeIssues(AWS_MODELS.s3, exchange),
    );
    expect(checked.flatMap((c) => c.issues)).toEqual([]);

    // Nothing was left unchecked: every operation the fixture models was seen on the wire.
    const modelled = Object.values(AWS_MODELS).flatMap((model) => Object.keys(model.operations));
    expect([...new Set(checked.map((c) => c.operation))].sort()).toEqual(modelled.sort());
    // The fake served each S3 request as the operation the model says the request is.
    const served = fake.requests.filter((r) => r.service === 's3').map((r) => r.operation);
    const s3Checked = exchanges
      .map((exchange, index) => ({ exchange, operation: checked[index]?.operation }))
      .filter(({ exchange }) => !exchange.requestHeaders.has('x-amz-target'))
      .map(({ operation }) => operation);
    expect([...s3Checked].sort()).toEqual([...served].sort());

    // The answers covered a running, a finished and a stopped job.
    const statuses = exchanges
      .filter((e) => e.requestHeaders.get('x-amz-target') === 'SageMaker.DescribeTrainingJob')
      .map(
        (e) =>
          (JSON.parse(e.responseBody.toString('utf8')) as { TrainingJobStatus: string }).TrainingJobStatus,
      );
    expect(statuses).toEqual(expect.arrayContaining(['InProgress', 'Completed']));
    expect(statuses.some((status) => status === 'Stopping' || status === 'Stopped')).toBe(true);
  });

  it('every error the fake answers is one the model lists for its operation, or one common to all', async () => {
    const codes = await provokeErrors();
    expect(codes).toEqual([
      'ValidationException',
      'ValidationException',
      'ValidationException',
      'ValidationException',
      'ResourceNotFoundException',
      'NoSuchResourceException',
      'NoSuchKey',
      'NoSuchUpload',
      'InvalidArgument',
    ]);
    const errors = (await wire.exchanges()).filter((exchange) => exchange.status >= 400);
    const checked = errors.map((exchange) =>
      exchange.requestHeaders.has('x-amz-target')
        ? jsonExchangeIssues(exchange)
        : restXmlExchangeIssues(AWS_MODELS.s3, exchange),
    );
    expect(checked.flatMap((c) => c.issues)).toEqual([]);
    // ResourceInUse (modelled for CreateTrainingJob) was among them, with its modelled body.
    expect(errors.some((e) => e.responseBody.toString('utf8').includes('"__type":"ResourceInUse"'))).toBe(
      true,
    );
  });
});
