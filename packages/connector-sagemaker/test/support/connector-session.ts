/** One pass of the connector over every JSON operation the fake serves, for tests that replay its requests. */
import { JobStatus, waitForCompletion } from '@neural/integrations-core';
import { expect } from 'vitest';
import type { createFakeAws } from '../../src/fake/index.js';
import { SageMakerConnector } from '../../src/index.js';
import { ROLE_ARN } from '../conformance.target.js';

/** Runs, logs, lists and cancels jobs, deploys and deletes an endpoint, and reads the usage, on `fake`. */
export async function driveEveryJsonOperation(
  fake: ReturnType<typeof createFakeAws>,
  endpointName: string,
): Promise<void> {
  const connector = new SageMakerConnector(fake.credentials(), {
    endpoint: fake.url,
    region: fake.region,
    roleArn: ROLE_ARN,
    bucket: 'neural-sagemaker',
  });
  const job = await connector.submitJob({
    code: 'print("x")',
    environment: { EPOCHS: '3' },
    resourceConfig: { maxRuntimeHours: 1 },
  });
  expect((await waitForCompletion(connector, job, { pollIntervalMs: 10 })).status).toBe(JobStatus.SUCCEEDED);
  await connector.getLogs(job);
  await connector.listJobs({ limit: 5 });
  await connector.cancelJob(await connector.submitJob({ code: '# @fake forever' }));
  await connector.deployModel('s3://neural-sagemaker/models/model.tar.gz', endpointName);
  await connector.endpointStatus(endpointName);
  await connector.deleteEndpoint(endpointName);
  await connector.getResourceUsage();
}
