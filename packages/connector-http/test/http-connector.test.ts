import {
  CloudExecutionError,
  InvalidParameterError,
  JobNotFoundError,
  JobResult,
  JobStatus,
  OPTIONAL_METHODS,
  ResourceConfig,
} from '@neural/integrations-core';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { HttpConnector } from '../src/index.js';
import { mapPlatformState, PLATFORM_STATE_TO_STATUS } from '../src/states.js';
import { API, API_KEY } from './support/mini-platform.js';
import { useMiniPlatform } from './support/setup.js';

const { platform, server, connect } = useMiniPlatform();

describe('HttpConnector construction', () => {
  it('refuses malformed credentials naming the field, without echoing the key', () => {
    const attempt = () => new HttpConnector({ apiKey: API_KEY, endpoint: 'not a url' });
    expect(attempt).toThrow(InvalidParameterError);
    expect(attempt).toThrow(/endpoint/);
    expect(() => new HttpConnector({ apiKey: '', endpoint: 'https://x.test' })).toThrow(/apiKey/);
    try {
      new HttpConnector({ apiKey: API_KEY, endpoint: 'ftp://x.test' });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(API_KEY);
    }
  });

  it('refuses plain http:// to a host that is not loopback unless allowInsecureHttp is set', () => {
    expect(() => new HttpConnector({ apiKey: API_KEY, endpoint: 'http://platform.example.com' })).toThrow(
      /endpoint: must use https/,
    );
    expect(
      () =>
        new HttpConnector(
          { apiKey: API_KEY, endpoint: 'http://platform.example.com' },
          { allowInsecureHttp: true },
        ),
    ).not.toThrow();
    for (const endpoint of ['http://localhost:8080', 'http://127.0.0.1:1', 'http://[::1]:9']) {
      expect(() => new HttpConnector({ apiKey: API_KEY, endpoint })).not.toThrow();
    }
  });

  it('refuses malformed options', () => {
    expect(
      () => new HttpConnector({ apiKey: API_KEY, endpoint: 'https://x.test' }, { timeoutMs: -1 }),
    ).toThrow(/timeoutMs/);
  });

  it('refuses an unknown option, naming it, instead of ignoring it', () => {
    const attempt = () =>
      new HttpConnector({ apiKey: API_KEY, endpoint: 'https://x.test' }, { timeoutMS: 5 } as never);
    expect(attempt).toThrow(InvalidParameterError);
    expect(attempt).toThrow(/timeoutMS: is not a known option/);
  });

  it('declares every optional method and idempotency', () => {
    const capabilities = connect().capabilities;
    for (const method of OPTIONAL_METHODS) expect(capabilities[method], method).toBe(true);
    expect(capabilities.idempotency).toBe(true);
  });
});

describe('jobs', () => {
  it('submits a job with its fields on the wire and returns the platform id', async () => {
    const connector = connect();
    const id = await connector.submitJob({
      code: 'print("hi")',
      jobName: 'train-1',
      resourceConfig: { gpuEnabled: true, gpuCount: 2 },
      environment: { SEED: '7' },
      dependencies: ['numpy>=1.23'],
    });
    const job = platform.jobs.get(id);
    expect(job?.name).toBe('train-1');
    expect(job?.body).toMatchObject({
      code: 'print("hi")',
      name: 'train-1',
      resources: new ResourceConfig({ gpuEnabled: true, gpuCount: 2 }).toJSON(),
      environment: { SEED: '7' },
      dependencies: ['numpy>=1.23'],
    });
  });

  it('sends the caller idempotency key, so the same key gives the same job', async () => {
    const connector = connect();
    const first = await connector.submitJob({ code: 'print(1)', idempotencyKey: 'key-1' });
    const second = await connector.submitJob({ code: 'print(1)', idempotencyKey: 'key-1' });
    expect(second).toBe(first);
    expect(platform.jobs.size).toBe(1);
    expect(platform.requestsTo('POST', '/v1/jobs')[0]?.headers['idempotency-key']).toBe('key-1');
  });

  it('generates an idempotency key per call when none is given', async () => {
    const connector = connect();
    await connector.submitJob({ code: 'print(1)' });
    await connector.submitJob({ code: 'print(1)' });
    const keys = platform.requestsTo('POST', '/v1/jobs').map((request) => request.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[0]).not.toBe(keys[1]);
    expect(platform.jobs.size).toBe(2);
  });

  it('refuses an invalid submit before sending anything', async () => {
    const connector = connect();
    await expect(connector.submitJob({ code: '   ' })).rejects.toThrow(InvalidParameterError);
    await expect(
      connector.submitJob({ code: 'x', resourceConfig: { gpuCount: -1 } as never }),
    ).rejects.toThrow(/resourceConfig.gpuCount/);
    expect(platform.requests).toHaveLength(0);
  });

  it('maps every platform state through the explicit table, unknown states to unknown', async () => {
    expect(PLATFORM_STATE_TO_STATUS).toEqual({
      QUEUED: 'pending',
      STARTING: 'pending',
      RUNNING: 'running',
      COMPLETED: 'succeeded',
      FAILED: 'failed',
      CANCELLED: 'cancelled',
    });
    expect(mapPlatformState('HIBERNATING')).toBe(JobStatus.UNKNOWN);
    expect(mapPlatformState('toString')).toBe(JobStatus.UNKNOWN);
    const connector = connect();
    for (const [state, status] of [...Object.entries(PLATFORM_STATE_TO_STATUS), ['HIBERNATING', 'unknown']]) {
      const job = platform.addJob({ state: state as string });
      expect(await connector.getJobStatus(job.id)).toBe(status);
    }
  });

  it('throws JobNotFoundError for an unknown job id from every job method', async () => {
    const connector = connect();
    for (const call of [
      () => connector.getJobStatus('job_missing'),
      () => connector.getJobResult('job_missing'),
      () => connector.cancelJob('job_missing'),
      () => connector.getLogs('job_missing'),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(JobNotFoundError.isInstance(error)).toBe(true);
      expect((error as JobNotFoundError).jobId).toBe('job_missing');
    }
  });

  it('refuses a malformed job id before sending anything', async () => {
    const connector = connect();
    await expect(connector.getJobStatus('')).rejects.toThrow(InvalidParameterError);
    await expect(connector.cancelJob(42 as never)).rejects.toThrow(/jobId/);
    expect(platform.requests).toHaveLength(0);
  });

  it('returns the result with the raw state kept', async () => {
    const job = platform.addJob({ state: 'FAILED', error: 'out of memory', output: 'partial' });
    const result = await connect().getJobResult(job.id);
    expect(result).toBeInstanceOf(JobResult);
    expect(result.toJSON()).toEqual({
      jobId: job.id,
      status: 'failed',
      rawState: 'FAILED',
      output: 'partial',
      error: 'out of memory',
      metrics: { loss: 0.25 },
      artifacts: ['model.pt'],
      durationSeconds: 2.5,
    });
  });

  it('cancels a running job (true) and reports an already finished one (false)', async () => {
    const running = platform.addJob({ state: 'RUNNING' });
    const done = platform.addJob({ state: 'COMPLETED' });
    const connector = connect();
    expect(await connector.cancelJob(running.id)).toBe(true);
    expect(platform.jobs.get(running.id)?.state).toBe('CANCELLED');
    expect(await connector.cancelJob(done.id)).toBe(false);
    expect(platform.jobs.get(done.id)?.state).toBe('COMPLETED');
  });

  it('lists jobs newest first, following the cursor up to the limit', async () => {
    for (let i = 0; i < 25; i++) platform.addJob({ state: i % 2 ? 'RUNNING' : 'QUEUED', name: `j${i}` });
    server.use(
      // A platform that caps pages at 7 jobs, whatever limit is asked for.
      http.get(`${API}/jobs`, async ({ request }) => {
        const url = new URL(request.url);
        if (Number(url.searchParams.get('limit')) > 7) {
          url.searchParams.set('limit', '7');
          return fetch(new Request(url, request));
        }
        return undefined;
      }),
    );
    const connector = connect();
    const jobs = await connector.listJobs({ limit: 20 });
    expect(jobs).toHaveLength(20);
    expect(jobs[0]?.name).toBe('j24');
    expect(jobs[0]?.createdAt).toBeInstanceOf(Date);
    const times = jobs.map((job) => job.createdAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect((await connector.listJobs()).length).toBe(10);
  });

  it('filters by status with the platform states it stands for', async () => {
    platform.addJob({ state: 'QUEUED' });
    platform.addJob({ state: 'STARTING' });
    platform.addJob({ state: 'RUNNING' });
    platform.addJob({ state: 'WEIRD' });
    const connector = connect();
    const pending = await connector.listJobs({ statusFilter: 'pending' });
    expect(pending.map((job) => job.rawState).sort()).toEqual(['QUEUED', 'STARTING']);
    const [sent] = platform.requestsTo('GET', '/v1/jobs');
    expect(new URLSearchParams(sent?.search).get('state')).toBe('QUEUED,STARTING');
    const unknown = await connector.listJobs({ statusFilter: 'unknown' });
    expect(unknown.map((job) => job.rawState)).toEqual(['WEIRD']);
    expect(unknown[0]?.status).toBe('unknown');
  });

  it('refuses invalid list options before sending anything', async () => {
    await expect(connect().listJobs({ limit: 0 })).rejects.toThrow(/limit/);
    await expect(connect().listJobs({ statusFilter: 'done' as never })).rejects.toThrow(/statusFilter/);
    expect(platform.requests).toHaveLength(0);
  });

  it('reads every page of the logs so far', async () => {
    const job = platform.addJob({ state: 'RUNNING', logs: 'epoch 1\nepoch 2\nepoch 3\n' });
    expect(await connect().getLogs(job.id)).toBe('epoch 1\nepoch 2\nepoch 3\n');
    expect(platform.requests.filter((r) => r.path.endsWith('/logs')).length).toBeGreaterThan(3);
  });
});

describe('endpoints and usage', () => {
  it('deploys a model and returns its URL; a second deploy of the name is a CloudExecutionError', async () => {
    const connector = connect();
    const url = await connector.deployModel('models/model.pt', 'serve-1', {
      resourceConfig: { cpuCount: 2 },
    });
    expect(url).toBe('https://platform.test/serve/serve-1');
    const error = await connector.deployModel('models/model.pt', 'serve-1').catch((e: unknown) => e);
    expect(CloudExecutionError.isInstance(error)).toBe(true);
    expect((error as CloudExecutionError).code).toBe('ENDPOINT_EXISTS');
  });

  it('deletes an endpoint: true when it existed, false when it did not', async () => {
    const connector = connect();
    await connector.deployModel('m.pt', 'serve-2');
    expect(await connector.deleteEndpoint('serve-2')).toBe(true);
    expect(await connector.deleteEndpoint('serve-2')).toBe(false);
  });

  it('refuses a bad endpoint name or model path before sending anything', async () => {
    const connector = connect();
    await expect(connector.deployModel('', 'x')).rejects.toThrow(/modelPath/);
    await expect(connector.deployModel('m.pt', '../x')).rejects.toThrow(/endpointName/);
    await expect(connector.deleteEndpoint('')).rejects.toThrow(/endpointName/);
    expect(platform.requests).toHaveLength(0);
  });

  it('reports resource usage', async () => {
    platform.addJob({ state: 'RUNNING' });
    expect(await connect().getResourceUsage()).toEqual({
      totalGpus: 8,
      usedGpus: 2,
      availableGpus: 6,
      totalCpus: 64,
      usedCpus: 8,
      runningJobs: 1,
      pendingJobs: 0,
    });
  });

  it('sends a User-Agent', async () => {
    await connect({ userAgent: 'my-app/1.0' }).getResourceUsage();
    expect(platform.requestsTo('GET', '/v1/usage')[0]?.headers['user-agent']).toBe('my-app/1.0');
  });
});

describe('an injected fetch', () => {
  it('is used for every request', async () => {
    const seen: string[] = [];
    const connector = connect({
      fetch: (input, init) => {
        seen.push(`${init?.method} ${new URL(String(input)).pathname}`);
        return globalThis.fetch(input, init);
      },
    });
    await connector.getResourceUsage();
    expect(seen).toEqual(['POST /v1/auth/token', 'GET /v1/usage']);
  });
});
