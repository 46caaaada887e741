/** deployModel/deleteEndpoint across a lost answer, getResourceUsage from Service Quotas, a packaged sourceDir. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { unpackTarGz } from '../src/archive.js';
import { createFakeAws } from '../src/fake/index.js';
import { SageMakerConnector } from '../src/index.js';
import { ROLE_ARN } from './conformance.target.js';

const fake = createFakeAws({ defaultQueueMs: 0, defaultStartingMs: 0, defaultDurationMs: 10 });
const server = setupServer(...fake.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const connector = new SageMakerConnector(fake.credentials(), {
  endpoint: fake.url,
  region: 'us-west-2',
  roleArn: ROLE_ARN,
  bucket: 'neural-sagemaker',
  retry: { initialDelayMs: 1, maxDelayMs: 5 },
});

/** Lets `operation` through to the fake once, then drops the connection: the service acted, the answer was lost. */
function loseTheAnswerOnce(operation: string): void {
  let lost = false;
  server.use(
    http.post(`${fake.url}/`, async ({ request }) => {
      if (lost || request.headers.get('x-amz-target') !== `SageMaker.${operation}`) return undefined;
      lost = true;
      const input = (await request.clone().json()) as Record<string, never>;
      const method = `${operation[0]?.toLowerCase()}${operation.slice(1)}` as
        | 'createEndpoint'
        | 'deleteEndpoint';
      fake.account[method](input);
      return HttpResponse.error();
    }),
  );
}

it('deploys a model whose CreateEndpoint answer is lost, and deletes it whose DeleteEndpoint answer is lost', async () => {
  loseTheAnswerOnce('CreateEndpoint');
  const url = await connector.deployModel('s3://neural-sagemaker/models/model.tar.gz', 'lost-answer', {
    resourceConfig: { gpuEnabled: true },
  });
  expect(url).toBe('https://runtime.sagemaker.us-west-2.amazonaws.com/endpoints/lost-answer/invocations');
  const config = fake.account.sagemaker.endpointConfigs.get('lost-answer') as unknown as {
    ProductionVariants: { InstanceType: string }[];
  };
  expect(config.ProductionVariants[0]?.InstanceType).toBe('ml.g5.xlarge');
  expect(fake.account.sagemaker.models.get('lost-answer')).toMatchObject({
    PrimaryContainer: {
      Image:
        '763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-inference:2.5.1-cpu-py311-ubuntu22.04-sagemaker',
      ModelDataUrl: 's3://neural-sagemaker/models/model.tar.gz',
    },
  });
  expect(await connector.endpointStatus('lost-answer')).toMatch(/Creating|InService/);
  loseTheAnswerOnce('DeleteEndpoint');
  expect(await connector.deleteEndpoint('lost-answer')).toBe(true);
  expect(
    fake.account.sagemaker.endpoints.size +
      fake.account.sagemaker.endpointConfigs.size +
      fake.account.sagemaker.models.size,
  ).toBe(0);
  expect(await connector.deleteEndpoint('lost-answer')).toBe(false);
});

it('reports training quotas of the table’s instance types and its own jobs', async () => {
  const jobId = await connector.submitJob({ code: '# @fake forever' });
  const usage = await connector.getResourceUsage();
  expect(usage).toMatchObject({
    'trainingQuota:ml.m5.xlarge': 20,
    'trainingQuota:ml.g5.xlarge': 4,
    'trainingQuota:ml.g5.12xlarge': 2,
    'trainingQuota:ml.p4d.24xlarge': 0,
  });
  expect(Number(usage.runningJobs) + Number(usage.pendingJobs)).toBe(1);
  await connector.cancelJob(jobId);
});

it('packages customParams.sourceDir with the code as its entry point', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sagemaker-sourcedir-'));
  try {
    await mkdir(join(dir, 'lib'));
    await writeFile(join(dir, 'lib', 'model.py'), 'class Net: pass\n');
    await writeFile(join(dir, 'main.py'), 'print("old entry point")\n');
    const jobId = await connector.submitJob({
      code: 'print("new entry point")',
      resourceConfig: { customParams: { sourceDir: dir, entryPoint: 'main.py' } },
    });
    const files = unpackTarGz(
      fake.account.getObject('neural-sagemaker', `neural/${jobId}/source/sourcedir.tar.gz`).data,
    );
    expect([...files.keys()].sort()).toEqual(['lib/model.py', 'main.py']);
    expect(files.get('main.py')?.toString()).toBe('print("new entry point")');
    await expect(
      connector.submitJob({
        code: 'x',
        resourceConfig: { customParams: { sourceDir: join(dir, 'missing') } },
      }),
    ).rejects.toMatchObject({ issues: [{ field: 'resourceConfig.customParams.sourceDir' }] });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
