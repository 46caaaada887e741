import { createConnector, defaultConnectorRegistry, registerConnector } from '@neural/integrations-core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createFakeAws } from '../src/fake/index.js';
import { connectorRegistration, SageMakerConnector } from '../src/index.js';
import { ROLE_ARN } from './conformance.target.js';

const fake = createFakeAws();
const server = setupServer(...fake.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
afterEach(() => defaultConnectorRegistry.unregister('sagemaker'));

const options = { endpoint: fake.url, region: 'us-east-1', roleArn: ROLE_ARN, bucket: 'neural-sagemaker' };

it('registers under "sagemaker" and createConnector makes a working connector', async () => {
  expect(connectorRegistration.kind).toBe('sagemaker');
  registerConnector(connectorRegistration.kind, connectorRegistration.factory);
  const connector = await createConnector('sagemaker', fake.credentials(), options, { registeredOnly: true });
  expect(connector).toBeInstanceOf(SageMakerConnector);
  await expect(connector.authenticate()).resolves.toBe(true);
});

it('validates credentials and options like the constructor', async () => {
  registerConnector(connectorRegistration.kind, connectorRegistration.factory);
  await expect(
    createConnector('sagemaker', { accessKeyId: 'AKIAEXAMPLE0000000' }, options, { registeredOnly: true }),
  ).rejects.toThrow(/secretAccessKey/);
  const { bucket: _bucket, ...withoutBucket } = options;
  await expect(
    createConnector('sagemaker', fake.credentials(), withoutBucket, { registeredOnly: true }),
  ).rejects.toThrow(/bucket/);
});
