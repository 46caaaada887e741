/** The fake answers the official AWS SDK clients: a training job's life, its log stream, S3 objects, errors. */
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { createManualClock } from '@neural/integrations-core/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { packTarGz } from '../src/archive.js';
import { createFakeAws } from '../src/fake/index.js';

const clock = createManualClock(Date.UTC(2026, 0, 1));
const fake = createFakeAws({ clock, defaultQueueMs: 100, defaultStartingMs: 100 });
const server = setupServer(...fake.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const config = { endpoint: fake.url, region: fake.region, credentials: fake.credentials(), maxAttempts: 1 };
const s3 = new S3Client({ ...config, forcePathStyle: true });
const sagemaker = new SageMakerClient(config);
const logs = new CloudWatchLogsClient(config);

it('runs a training job whose code is a sourcedir.tar.gz in S3, and writes its log', async () => {
  const archive = packTarGz([
    { name: 'train.py', data: Buffer.from("print('hi')\nprint('there')\n# @fake duration=1s") },
  ]);
  await s3.send(
    new PutObjectCommand({ Bucket: 'neural-sagemaker', Key: 'src/sourcedir.tar.gz', Body: archive }),
  );
  const got = await s3.send(
    new GetObjectCommand({ Bucket: 'neural-sagemaker', Key: 'src/sourcedir.tar.gz' }),
  );
  expect(
    Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()),
  ).toEqual(archive);
  await sagemaker.send(
    new CreateTrainingJobCommand({
      TrainingJobName: 'smoke-1',
      RoleArn: 'arn:aws:iam::123456789012:role/SageMakerExecution',
      AlgorithmSpecification: { TrainingImage: 'image', TrainingInputMode: 'File' },
      OutputDataConfig: { S3OutputPath: 's3://neural-sagemaker/output' },
      ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
      StoppingCondition: { MaxRuntimeInSeconds: 3600 },
      HyperParameters: {
        sagemaker_program: '"train.py"',
        sagemaker_submit_directory: '"s3://neural-sagemaker/src/sourcedir.tar.gz"',
      },
    }),
  );
  const first = await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'smoke-1' }));
  expect([first.TrainingJobStatus, first.SecondaryStatus]).toEqual(['InProgress', 'Starting']);
  expect(first.CreationTime).toEqual(new Date(Date.UTC(2026, 0, 1)));
  await clock.advance(2000);
  const done = await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'smoke-1' }));
  expect([done.TrainingJobStatus, done.SecondaryStatus]).toEqual(['Completed', 'Completed']);
  expect(done.ModelArtifacts?.S3ModelArtifacts).toBe(
    's3://neural-sagemaker/output/smoke-1/output/model.tar.gz',
  );
  const stream = fake.account.jobs.get('smoke-1')?.streamName as string;
  const events = await logs.send(
    new GetLogEventsCommand({
      logGroupName: '/aws/sagemaker/TrainingJobs',
      logStreamName: stream,
      startFromHead: true,
    }),
  );
  expect(events.events?.map((e) => e.message)).toEqual(['hi', 'there']);
});

it('answers errors in the shape the clients parse: ResourceInUse, ValidationException, NoSuchKey', async () => {
  const again = sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'missing' }));
  await expect(again).rejects.toMatchObject({
    name: 'ValidationException',
    $metadata: { httpStatusCode: 400 },
  });
  await expect(
    s3.send(new GetObjectCommand({ Bucket: 'neural-sagemaker', Key: 'nope' })),
  ).rejects.toMatchObject({ name: 'NoSuchKey' });
  const refused = new SageMakerClient({
    ...config,
    credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' },
  });
  await expect(
    refused.send(new DescribeTrainingJobCommand({ TrainingJobName: 'smoke-1' })),
  ).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
});
