/** `drop-after` loses whatever the service answered, an error included: the connection drops after it acted. */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateModelCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createFakeAws } from '../src/fake/index.js';

const fake = createFakeAws({ faults: { rate: 1, kinds: ['drop-after'] } });
const server = setupServer(...fake.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
const config = { endpoint: fake.url, region: fake.region, credentials: fake.credentials(), maxAttempts: 1 };

it('drops the answer of a SageMaker call the service refused', async () => {
  const create = new CreateModelCommand({
    ModelName: 'dropped',
    PrimaryContainer: { Image: 'image', ModelDataUrl: 's3://neural-sagemaker/model.tar.gz' },
  });
  const sagemaker = new SageMakerClient(config);
  await expect(sagemaker.send(create)).rejects.toThrow(); // made, answer lost
  await expect(sagemaker.send(create)).rejects.not.toMatchObject({ name: 'ValidationException' });
  expect(fake.requests.map((r) => [r.operation, r.status, r.fault])).toEqual([
    ['CreateModel', 0, 'drop-after'],
    ['CreateModel', 0, 'drop-after'],
  ]);
  expect(fake.requests[1]?.output).toEqual({ __type: 'ValidationException' });
});

it('drops the answer of an S3 call the service refused', async () => {
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const put = new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'k', Body: 'x' });
  await expect(s3.send(put)).rejects.not.toMatchObject({ name: 'NoSuchBucket' });
  expect(fake.requests.at(-1)).toMatchObject({ operation: 'PutObject', status: 0, fault: 'drop-after' });
});
