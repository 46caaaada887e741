/** SageMakerConnector's own clauses: what a submit sends, how states and errors map, idempotency, files. */

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateTrainingJobRequest } from '@aws-sdk/client-sagemaker';
import {
  AuthenticationError,
  InvalidParameterError,
  JobStatus,
  RateLimitError,
  ResourceConfig,
} from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unpackTarGz } from '../src/archive.js';
import { createFakeAws } from '../src/fake/index.js';
import { DEFAULT_INSTANCE_TYPES, SageMakerConnector, type SageMakerConnectorOptions } from '../src/index.js';
import { chooseInstances } from '../src/instance-types.js';
import { mapSageMakerState } from '../src/states.js';
import { ROLE_ARN } from './conformance.target.js';

const clock = createManualClock(Date.UTC(2026, 2, 1));
const fake = createFakeAws({ clock, defaultQueueMs: 1000, defaultStartingMs: 1000 });
const server = setupServer(...fake.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const options: SageMakerConnectorOptions = {
  endpoint: fake.url,
  region: 'eu-west-1',
  roleArn: ROLE_ARN,
  bucket: 'neural-sagemaker',
  clock,
  retry: { initialDelayMs: 0, maxDelayMs: 0 },
};
const connector = new SageMakerConnector(fake.credentials(), options);
const created = () => fake.requests.filter((r) => r.operation === 'CreateTrainingJob' && r.status === 200);

describe('options', () => {
  it('refuses an unknown option or instance-table key, naming it with the one it most likely meant', () => {
    expect(() => new SageMakerConnector(fake.credentials(), { ...options, partSizeMB: 16 } as never)).toThrow(
      /partSizeMB: is not a known option; did you mean "partSizeMb"\?/,
    );
    const instanceTypes = { cpu: 'ml.m5.large', gpus: {}, aliases: {} };
    expect(() => new SageMakerConnector(fake.credentials(), { ...options, instanceTypes } as never)).toThrow(
      /instanceTypes\.gpus: is not a known option; did you mean "gpu"\?/,
    );
  });
});

describe('submitJob', () => {
  it('uploads a reproducible sourcedir.tar.gz and creates a script-mode training job from the resources', async () => {
    const jobId = await connector.submitJob({
      code: 'print("hi")',
      jobName: 'spec',
      dependencies: ['numpy>=1.26'],
      environment: { EPOCHS: '3' },
      idempotencyKey: 'spec-key',
      resourceConfig: {
        gpuEnabled: true,
        gpuCount: 4,
        maxRuntimeHours: 1.5,
        diskSizeGb: 99.5,
        customParams: { hyperparameters: { lr: 0.01, epochs: 3 } },
      },
    });
    expect(jobId).toMatch(/^neural-k[0-9a-f]{24}$/);
    const input = created().at(-1)?.input as unknown as CreateTrainingJobRequest;
    expect(input.ResourceConfig).toEqual({
      InstanceType: 'ml.g5.12xlarge',
      InstanceCount: 1,
      VolumeSizeInGB: 100,
    });
    expect(input.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 5400 });
    expect(input.AlgorithmSpecification?.TrainingImage).toBe(
      '763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.5.1-gpu-py311-cu124-ubuntu22.04-sagemaker',
    );
    expect(input.HyperParameters).toMatchObject({
      sagemaker_program: '"train.py"',
      sagemaker_submit_directory: `"s3://neural-sagemaker/neural/${jobId}/source/sourcedir.tar.gz"`,
      lr: '0.01',
      epochs: '3',
    });
    expect(input.Environment).toMatchObject({ EPOCHS: '3', NEURAL_JOB_NAME: 'spec' });
    const archive = fake.account.getObject(
      'neural-sagemaker',
      `neural/${jobId}/source/sourcedir.tar.gz`,
    ).data;
    const files = unpackTarGz(archive);
    expect(files.get('train.py')?.toString()).toBe('print("hi")');
    expect(files.get('requirements.txt')?.toString()).toBe('numpy>=1.26\n');
  });

  it('the same idempotency key gives the same job: a retried create meets ResourceInUse and recognises it', async () => {
    const request = { code: 'print("once")', idempotencyKey: 'retried-key' };
    const first = await connector.submitJob(request);
    const again = await connector.submitJob(request);
    expect(again).toBe(first);
    expect(created().filter((r) => r.input?.TrainingJobName === first)).toHaveLength(1);
    await expect(connector.submitJob({ ...request, code: 'print("other")' })).rejects.toMatchObject({
      code: 'NAME_CONFLICT',
    });
  });

  it('refuses what SageMaker cannot run, naming the field, before anything is sent', async () => {
    const before = fake.requests.length;
    await expect(
      connector.submitJob({ code: 'x', resourceConfig: { maxRuntimeHours: 700 } }),
    ).rejects.toSatisfy(
      (error: unknown) =>
        InvalidParameterError.isInstance(error) &&
        error.issues[0]?.field === 'resourceConfig.maxRuntimeHours',
    );
    await expect(
      connector.submitJob({ code: 'x', resourceConfig: { instanceType: 'huge' } }),
    ).rejects.toSatisfy(
      (error: unknown) =>
        InvalidParameterError.isInstance(error) && error.issues[0]?.field === 'resourceConfig.instanceType',
    );
    await expect(
      connector.submitJob({ code: 'x', resourceConfig: { customParams: { image: 7 } } }),
    ).rejects.toBeInstanceOf(InvalidParameterError);
    expect(fake.requests.length).toBe(before);
  });

  it('a ValidationException from SageMaker becomes InvalidParameterError naming its field', async () => {
    const odd = new SageMakerConnector(fake.credentials(), { ...options, cpuImage: 'img' });
    // An instance type outside the connector's table goes through: SageMaker (its model's enum) decides.
    await expect(
      odd.submitJob({ code: 'x', resourceConfig: { customParams: { instanceType: 'ml.r5d.large' } } }),
    ).resolves.toBeTruthy();
    await expect(
      odd.submitJob({ code: 'x', resourceConfig: { customParams: { instanceType: 'ml.x.y' } } }),
    ).rejects.toSatisfy(
      (error: unknown) =>
        InvalidParameterError.isInstance(error) &&
        error.issues[0]?.field === 'resourceConfig.instanceType' &&
        error.issues[0].rule.includes('Member must satisfy enum value set'),
    );
    const refused = new SageMakerConnector(fake.credentials(), {
      ...options,
      instanceTypes: { cpu: 'm5.xlarge', gpu: {}, aliases: { standard: 'm5.xlarge' } },
    });
    await expect(refused.submitJob({ code: 'x' })).rejects.toSatisfy(
      (error: unknown) =>
        InvalidParameterError.isInstance(error) && error.issues[0]?.field === 'resourceConfig.instanceType',
    );
  });
});

describe('status, logs and cancel on the clock', () => {
  it('walks pending → running → succeeded, with metrics, artifacts and the log', async () => {
    const jobId = await connector.submitJob({
      code: 'print("a")\nprint("b")\n# @fake duration=10s metrics={"acc":0.9}',
    });
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.PENDING);
    await clock.advance(2500);
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.RUNNING);
    await clock.advance(10_000);
    const result = await connector.getJobResult(jobId);
    expect(result).toMatchObject({
      status: 'succeeded',
      rawState: 'Completed/Completed',
      output: 'a\nb\n',
      metrics: { acc: 0.9 },
    });
    expect(result.artifacts).toEqual([`s3://neural-sagemaker/neural/output/${jobId}/output/model.tar.gz`]);
    expect(result.durationSeconds).toBe(10);
    expect(await connector.cancelJob(jobId)).toBe(false);
  });

  it('a stopped job reads Stopping (still running) then cancelled; a second cancel is false', async () => {
    const jobId = await connector.submitJob({ code: '# @fake forever' });
    await clock.advance(3000);
    expect(await connector.cancelJob(jobId)).toBe(true);
    expect(await connector.getJobResult(jobId)).toMatchObject({
      status: 'running',
      rawState: 'Stopping/Stopping',
    });
    expect(await connector.cancelJob(jobId)).toBe(false);
    await clock.advance(100);
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.CANCELLED);
  });

  it('maps every status of the table', () => {
    const at = new Date();
    expect(
      mapSageMakerState({ TrainingJobStatus: 'InProgress', SecondaryStatus: 'Interrupted' }).status,
    ).toBe('pending');
    expect(mapSageMakerState({ TrainingJobStatus: 'InProgress', SecondaryStatus: 'Uploading' }).status).toBe(
      'running',
    );
    expect(mapSageMakerState({ TrainingJobStatus: 'Stopping', SecondaryStatus: 'Stopping' }).status).toBe(
      'pending',
    );
    expect(mapSageMakerState({ TrainingJobStatus: 'Stopping', TrainingStartTime: at }).status).toBe(
      'running',
    );
    expect(
      mapSageMakerState({ TrainingJobStatus: 'Stopped', SecondaryStatus: 'MaxWaitTimeExceeded' }),
    ).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('maxRuntimeHours'),
    });
    expect(
      mapSageMakerState({ TrainingJobStatus: 'Failed', FailureReason: 'AlgorithmError: boom' }).error,
    ).toBe('AlgorithmError: boom');
    expect(mapSageMakerState({ TrainingJobStatus: 'Mystery' }).status).toBe('unknown');
  });

  it('chooses instances from the table', () => {
    const pick = (config: object, custom = {}) =>
      chooseInstances(ResourceConfig.from(config), DEFAULT_INSTANCE_TYPES, custom);
    expect(pick({})).toEqual({ instanceType: 'ml.m5.xlarge', instanceCount: 1, gpusPerInstance: 0 });
    expect(pick({ gpuEnabled: true })).toMatchObject({ instanceType: 'ml.g5.xlarge' });
    expect(pick({ gpuEnabled: true, gpuCount: 16 })).toEqual({
      instanceType: 'ml.p4d.24xlarge',
      instanceCount: 2,
      gpusPerInstance: 8,
    });
    expect(pick({ instanceType: 'gpu-large' })).toMatchObject({
      instanceType: 'ml.g5.12xlarge',
      gpusPerInstance: 4,
    });
    expect(pick({}, { instanceType: 'ml.c5.2xlarge', instanceCount: 3 })).toMatchObject({
      instanceType: 'ml.c5.2xlarge',
      instanceCount: 3,
    });
  });
});

describe('errors and credentials', () => {
  it('refused credentials authenticate false; throttling exhausts as RateLimitError', async () => {
    // On the system clock: retries wait on it.
    const { clock: _manual, ...realTime } = options;
    const refused = new SageMakerConnector(
      { accessKeyId: 'AKIANOTKNOWN00000000', secretAccessKey: 'nope-secret-value' },
      realTime,
    );
    expect(await refused.authenticate()).toBe(false);
    await expect(refused.listJobs()).rejects.toBeInstanceOf(AuthenticationError);
    expect(JSON.stringify(refused)).not.toContain('nope-secret-value');
    const throttled = createFakeAws({ faults: { rate: 1, kinds: ['throttling'] } });
    const local = setupServer(...throttled.handlers);
    server.close();
    local.listen({ onUnhandledRequest: 'error' });
    try {
      const slow = new SageMakerConnector(throttled.credentials(), {
        ...realTime,
        endpoint: throttled.url,
        retry: { maxAttempts: 3, initialDelayMs: 0, maxDelayMs: 0 },
      });
      await expect(slow.listJobs()).rejects.toBeInstanceOf(RateLimitError);
      expect(throttled.requests.map((r) => r.operation)).toEqual([
        'ListTrainingJobs',
        'ListTrainingJobs',
        'ListTrainingJobs',
      ]);
    } finally {
      local.close();
      server.listen({ onUnhandledRequest: 'error' });
    }
  });
});

describe('files', () => {
  it('refuses an s3:// URI that names no bucket and key, before anything is sent', async () => {
    const before = fake.requests.length;
    const download = connector.downloadFile('s3://Not_A_Bucket/key', join(tmpdir(), 'never-written.bin'));
    await expect(download).rejects.toSatisfy(InvalidParameterError.isInstance);
    await expect(download).rejects.toThrow(
      'Invalid remotePath:\n  - remotePath: must be s3://<bucket>/<key>',
    );
    expect(fake.requests.length).toBe(before);
  });

  it('uploads in multipart parts and downloads the same bytes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sagemaker-files-'));
    try {
      const big = Buffer.alloc(11 * 1024 * 1024, 7);
      big.write('head', 0);
      await writeFile(join(dir, 'big.bin'), big);
      const { clock: _manual, ...realTime } = options;
      const files = new SageMakerConnector(fake.credentials(), { ...realTime, partSizeMb: 5 });
      expect(await files.uploadFile(join(dir, 'big.bin'), 'data/big.bin')).toBe(true);
      const parts = fake.requests.filter((r) => r.service === 's3' && r.operation === 'UploadPart');
      expect(parts).toHaveLength(3);
      expect(
        await files.downloadFile(
          's3://neural-sagemaker/neural/files/data/big.bin',
          join(dir, 'out', 'copy.bin'),
        ),
      ).toBe(true);
      expect((await readFile(join(dir, 'out', 'copy.bin'))).equals(big)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
