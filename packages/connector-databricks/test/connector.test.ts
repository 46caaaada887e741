import { inspect } from 'node:util';
import {
  AuthenticationError,
  InvalidParameterError,
  isTerminalStatus,
  JobNotFoundError,
  JobStatus,
  systemClock,
  waitForCompletion,
} from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { DatabricksConnector } from '../src/index.js';
import { idempotencyToken, keyFromCodePath } from '../src/run-spec.js';
import { useFakeWorkspace } from './support/workspace.js';

const workspace = useFakeWorkspace({ queueMs: 0, pendingMs: 100, runMs: 1000, terminatingMs: 50 });
const { fake, clock } = workspace;

type SubmitBody = {
  run_name: string;
  idempotency_token: string;
  timeout_seconds?: number;
  tasks: Array<
    Record<string, unknown> & { new_cluster?: Record<string, unknown>; existing_cluster_id?: string }
  >;
};
const lastSubmit = () =>
  fake.model.exchanges.filter((e) => e.operationId === 'JobsRunsSubmit').at(-1)?.requestJson as SubmitBody;
const lastImport = () =>
  fake.model.exchanges.filter((e) => e.operationId === 'WorkspaceImport').at(-1)?.requestJson as Record<
    string,
    string
  >;

/** Steps the fake's clock until the run ends. */
async function finish(connector: DatabricksConnector, jobId: string) {
  for (let i = 0; i < 100; i++) {
    const status = await connector.getJobStatus(jobId);
    if (isTerminalStatus(status)) return status;
    await clock.advance(100);
  }
  throw new Error('the run never ended');
}

describe('credentials', () => {
  it('refuses malformed credentials before anything is sent, naming the field', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ endpoint: 'dbc-1.cloud.databricks.com', token: 'dapi1' }, /endpoint: must be the workspace URL/],
      [{ endpoint: 'http://dbc-1.cloud.databricks.com', token: 'dapi1' }, /endpoint: must use https/],
      [
        { endpoint: 'https://dbc-1.cloud.databricks.com/api', token: 'dapi1' },
        /endpoint: must be the bare workspace URL/,
      ],
      [{ endpoint: 'https://dbc-1.cloud.databricks.com' }, /token: is required unless clientId/],
      [
        { endpoint: 'https://dbc-1.cloud.databricks.com', token: 't', clientId: 'c', clientSecret: 's' },
        /not both/,
      ],
      [{ endpoint: 'https://dbc-1.cloud.databricks.com', clientId: 'c' }, /clientSecret: is required/],
    ];
    for (const [credentials, message] of cases) {
      expect(() => new DatabricksConnector(credentials as never)).toThrow(message);
    }
    expect(fake.model.exchanges).toHaveLength(0);
  });

  it('refuses the old `host` key naming its new name, and an unknown key with a hint', () => {
    const host = 'https://dbc-1.cloud.databricks.com';
    expect(() => new DatabricksConnector({ host, token: 'dapi1' } as never)).toThrow(
      /host: is now `endpoint` \(renamed\)/,
    );
    expect(() => new DatabricksConnector({ endpoint: host, tokn: 'dapi-secret' } as never)).toThrow(
      /tokn: is not a known option; did you mean "token"\?/,
    );
    try {
      new DatabricksConnector({ host: 'dapi-secret-as-host', token: 'dapi1' } as never);
    } catch (error) {
      expect(String(error)).not.toContain('dapi-secret-as-host');
    }
  });

  it('never shows a token or a client secret', () => {
    const secret = 'dose-0123456789abcdef-secret';
    const connector = new DatabricksConnector({
      endpoint: fake.endpoint,
      clientId: 'sp',
      clientSecret: secret,
    });
    expect(JSON.stringify(connector)).not.toContain(secret);
    expect(inspect(connector, { depth: 10 })).not.toContain(secret);
    try {
      new DatabricksConnector({ endpoint: 'nope', clientId: 'sp', clientSecret: secret });
    } catch (error) {
      expect(String(error)).not.toContain(secret);
    }
  });
});

describe('options', () => {
  it('refuses an unknown option, naming it with the option it most likely meant', () => {
    const credentials = { endpoint: fake.endpoint, token: 'dapi1' };
    expect(() => new DatabricksConnector(credentials, { timeoutMS: 5 } as never)).toThrow(
      /timeoutMS: is not a known option; did you mean "timeoutMs"\?/,
    );
    expect(() => new DatabricksConnector(credentials, { nodeTypes: { gpus: [] } } as never)).toThrow(
      /nodeTypes\.gpus: is not a known option; did you mean "gpu"\?/,
    );
    expect(
      () => new DatabricksConnector(credentials, { filesRoot: '/Volumes/a/b/c', retry: {} }),
    ).not.toThrow();
  });
});

describe('signing in', () => {
  it('accepts the personal access token and refuses another', async () => {
    expect(await workspace.pat().authenticate()).toBe(true);
    expect(
      await new DatabricksConnector({ endpoint: fake.endpoint, token: 'dapi-wrong' }).authenticate(),
    ).toBe(false);
    await expect(
      new DatabricksConnector({ endpoint: fake.endpoint, token: 'dapi-wrong' }).listJobs(),
    ).rejects.toThrow(AuthenticationError);
  });

  it('exchanges the OAuth client secret once for concurrent calls, and again once the token expires', async () => {
    const connector = workspace.oauth();
    const before = fake.model.exchanges.filter((e) => e.operationId === 'OidcToken').length;
    await Promise.all([connector.listJobs(), connector.listJobs(), connector.listJobs()]);
    const tokens = () => fake.model.exchanges.filter((e) => e.operationId === 'OidcToken').length - before;
    expect(tokens()).toBe(1);
    await clock.advance(3_600_000);
    await connector.listJobs();
    expect(tokens()).toBe(2);
    const form = fake.model.exchanges.find((e) => e.operationId === 'OidcToken');
    expect(form?.status).toBe(200);
  });

  it('refuses a wrong client secret, and recovers from a token the workspace expired early', async () => {
    const wrong = new DatabricksConnector({
      endpoint: fake.endpoint,
      clientId: 'fake-service-principal',
      clientSecret: 'no',
    });
    expect(await wrong.authenticate()).toBe(false);
    const connector = workspace.oauth();
    await connector.listJobs();
    fake.model.injectFault('JobsRunsList', 'token-expired');
    await expect(connector.listJobs()).resolves.toBeInstanceOf(Array);
  });
});

describe('submitJob', () => {
  it('imports the code as a workspace file and runs it as a spark_python_task on a single-node job cluster', async () => {
    const connector = workspace.pat();
    const jobId = await connector.submitJob({
      code: 'print("hi")',
      jobName: 'train',
      environment: { SEED: '7' },
      dependencies: ['numpy>=1.23'],
      resourceConfig: { maxRuntimeHours: 1.5 },
      idempotencyKey: 'key-1',
    });
    expect(jobId).toMatch(/^\d+$/);
    const imported = lastImport();
    expect(imported).toMatchObject({
      format: 'AUTO',
      overwrite: true,
      path: '/Shared/neural-jobs/neural-a2V5LTE.py',
    });
    expect(Buffer.from(imported.content as string, 'base64').toString()).toBe('print("hi")');
    expect(fake.model.workspaceObject('/Shared/neural-jobs/neural-a2V5LTE.py')?.objectType).toBe('FILE');
    const body = lastSubmit();
    expect(body).toMatchObject({ run_name: 'train', idempotency_token: 'key-1', timeout_seconds: 5400 });
    expect(body.tasks[0]).toMatchObject({
      task_key: 'main',
      spark_python_task: { python_file: '/Shared/neural-jobs/neural-a2V5LTE.py', source: 'WORKSPACE' },
      libraries: [{ pypi: { package: 'numpy>=1.23' } }],
      new_cluster: {
        spark_version: '15.4.x-scala2.12',
        node_type_id: 'i3.xlarge',
        num_workers: 0,
        spark_env_vars: { SEED: '7' },
        spark_conf: { 'spark.databricks.cluster.profile': 'singleNode', 'spark.master': 'local[*, 4]' },
        custom_tags: { ResourceClass: 'SingleNode' },
      },
    });
  });

  it('chooses GPU node types and the ML runtime from gpuCount, and takes node types from an overriding table', async () => {
    await workspace.pat().submitJob({ code: 'print(1)', resourceConfig: { gpuEnabled: true, gpuCount: 4 } });
    expect(lastSubmit().tasks[0]?.new_cluster).toMatchObject({
      node_type_id: 'g4dn.12xlarge',
      spark_version: '15.4.x-gpu-ml-scala2.12',
    });
    const custom = workspace.pat({
      nodeTypes: { cpu: { standard: 'm6i.large' }, gpu: [{ gpus: 2, nodeType: 'g5.12xlarge' }] },
    });
    await custom.submitJob({ code: 'print(1)', resourceConfig: { customParams: { numWorkers: 3 } } });
    expect(lastSubmit().tasks[0]?.new_cluster).toMatchObject({ node_type_id: 'm6i.large', num_workers: 3 });
    await custom.submitJob({ code: 'print(1)', resourceConfig: { gpuEnabled: true, gpuCount: 2 } });
    expect(lastSubmit().tasks[0]?.new_cluster).toMatchObject({ node_type_id: 'g5.12xlarge' });
    await custom.submitJob({ code: 'print(1)', resourceConfig: { instanceType: 'r6id.2xlarge' } });
    expect(lastSubmit().tasks[0]?.new_cluster).toMatchObject({ node_type_id: 'r6id.2xlarge' });
  });

  it('runs a notebook on an existing cluster, the environment set from inside the code', async () => {
    await workspace.pat().submitJob({
      code: 'print(1)',
      environment: { MODE: 'x' },
      resourceConfig: {
        customParams: {
          existingClusterId: '0101-000000-fakecl01',
          taskType: 'notebook',
          workspaceDir: '/Users/me/jobs',
        },
      },
    });
    const task = lastSubmit().tasks[0];
    expect(task).toMatchObject({
      existing_cluster_id: '0101-000000-fakecl01',
      notebook_task: { source: 'WORKSPACE' },
    });
    expect(task?.new_cluster).toBeUndefined();
    const imported = lastImport();
    expect(imported).toMatchObject({ format: 'SOURCE', language: 'PYTHON' });
    expect(imported.path).toMatch(/^\/Users\/me\/jobs\/neural-[A-Za-z0-9_-]+$/);
    expect(Buffer.from(imported.content as string, 'base64').toString()).toContain(
      'environ.update({"MODE":"x"})',
    );
  });

  it('refuses resources Databricks cannot honour, naming the field, before anything is sent', async () => {
    const connector = workspace.pat();
    const sent = fake.model.exchanges.length;
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ memoryGb: 16 }, /resourceConfig\.memoryGb: a Databricks node is sized by its node type/],
      [{ diskSizeGb: 100 }, /resourceConfig\.diskSizeGb: disks are cloud-specific/],
      [{ autoShutdown: false }, /resourceConfig\.autoShutdown: a job cluster always terminates/],
      [{ gpuEnabled: true, gpuCount: 16 }, /resourceConfig\.gpuCount: no node type in the table has 16 GPUs/],
      [{ customParams: { numWorker: 2 } }, /resourceConfig\.customParams/],
      [
        { customParams: { existingClusterId: 'c', numWorkers: 2 } },
        /cannot be combined with existingClusterId/,
      ],
      [
        { customParams: { workspaceDir: 'relative/dir' } },
        /workspaceDir: must be an absolute workspace folder/,
      ],
    ];
    for (const [resourceConfig, message] of cases) {
      const submit = connector.submitJob({ code: 'print(1)', resourceConfig });
      await expect(submit).rejects.toThrow(InvalidParameterError);
      await expect(submit).rejects.toThrow(message);
    }
    expect(fake.model.exchanges.length).toBe(sent);
  });

  it('starts one run for a submit whose answer was lost, and for the same key twice', async () => {
    // Backoff waits on the real clock here (1 ms): the fake's manual clock only moves when a test says so.
    const connector = workspace.pat({ clock: systemClock });
    const runs = fake.model.runCount;
    fake.model.injectFault('JobsRunsSubmit', 'drop-after');
    const first = await connector.submitJob({ code: 'print(1)', idempotencyKey: 'lost-answer' });
    const again = await connector.submitJob({ code: 'print(1)', idempotencyKey: 'lost-answer' });
    expect(again).toBe(first);
    expect(fake.model.runCount).toBe(runs + 1);
    const submits = fake.model.exchanges.filter((e) => e.operationId === 'JobsRunsSubmit').slice(-3);
    expect(submits.map((e) => e.fault)).toEqual(['drop-after', undefined, undefined]);
  });

  it('retries throttling and server errors through the shared policy', async () => {
    const connector = workspace.pat({ clock: systemClock, retry: { initialDelayMs: 1, maxDelayMs: 2 } });
    fake.model.injectFault('JobsRunsSubmit', 'rate-limit');
    fake.model.injectFault('WorkspaceImport', 'unavailable');
    fake.model.injectFault('JobsRunsGet', 'internal');
    const jobId = await connector.submitJob({ code: 'print(1)' });
    await expect(connector.getJobStatus(jobId)).resolves.toBe(JobStatus.PENDING);
  });

  it('makes a 64-character idempotency_token of a longer key, and reads the key back from the code path', () => {
    const key = `batch-${'x'.repeat(100)}:3`;
    expect(idempotencyToken(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(idempotencyToken('short:1')).toBe('short:1');
    expect(keyFromCodePath('/Shared/neural-jobs/neural-c2hvcnQ6MQ.py')).toBe('short:1');
    expect(keyFromCodePath('/Shared/neural-jobs/train.py')).toBeUndefined();
  });
});

describe('a run through its life', () => {
  it('reads pending, running and succeeded, with the output, the run page and the duration', async () => {
    const connector = workspace.pat();
    const jobId = await connector.submitJob({ code: 'print("done")\n# @fake log="epoch 1"' });
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.PENDING);
    await clock.advance(150);
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.RUNNING);
    await clock.advance(960);
    const terminating = await connector.getJobResult(jobId);
    expect(terminating.rawState).toBe('TERMINATING');
    expect(terminating.status).toBe(JobStatus.RUNNING);
    expect(await connector.cancelJob(jobId)).toBe(false);
    await clock.advance(50);
    const result = await connector.getJobResult(jobId);
    expect(result).toMatchObject({
      status: JobStatus.SUCCEEDED,
      rawState: 'TERMINATED/SUCCESS',
      output: 'epoch 1\ndone\n',
    });
    expect(result.logsUrl).toContain(`/run/${jobId}`);
    expect(result.durationSeconds).toBeCloseTo(1.15, 2);
    expect(await connector.getLogs(jobId)).toBe('epoch 1\ndone\n');
  });

  it("reads a notebook's prints from the driver logs its cluster delivers to a volume, once delivered", async () => {
    const connector = workspace.pat();
    const jobId = await connector.submitJob({
      code: 'print("from the driver")',
      resourceConfig: {
        customParams: { taskType: 'notebook', clusterLogVolume: '/Volumes/main/default/logs' },
      },
    });
    expect(lastSubmit().tasks[0]?.new_cluster).toMatchObject({
      cluster_log_conf: { volumes: { destination: '/Volumes/main/default/logs' } },
    });
    await clock.advance(150);
    expect(await connector.getLogs(jobId)).toBe('');
    await finish(connector, jobId);
    expect(await connector.getLogs(jobId)).toBe('from the driver\n\nfrom the driver');
  });

  it('a failed run carries its error and stack trace', async () => {
    const connector = workspace.pat();
    const jobId = await connector.submitJob({ code: '# @fake fail="out of memory"' });
    expect(await finish(connector, jobId)).toBe(JobStatus.FAILED);
    const result = await connector.getJobResult(jobId);
    expect(result.rawState).toBe('TERMINATED/FAILED');
    expect(result.error).toContain('out of memory');
    expect(result.error).toContain('Traceback');
  });

  it('maxRuntimeHours times a run out: TERMINATED/TIMEDOUT reads failed', async () => {
    const connector = workspace.pat();
    const jobId = await connector.submitJob({
      code: '# @fake forever',
      resourceConfig: { maxRuntimeHours: 0.0001 },
    });
    expect(await finish(connector, jobId)).toBe(JobStatus.FAILED);
    expect((await connector.getJobResult(jobId)).rawState).toBe('TERMINATED/TIMEDOUT');
  });

  it('INTERNAL_ERROR and SKIPPED read failed, and a run whose code is missing is INTERNAL_ERROR', async () => {
    const connector = workspace.pat();
    const jobId = await connector.submitJob({ code: 'print(1)' });
    fake.model.forceRunState(Number(jobId), 'INTERNAL_ERROR', 'FAILED', 'Cluster lost');
    expect(await connector.getJobResult(jobId)).toMatchObject({
      status: JobStatus.FAILED,
      rawState: 'INTERNAL_ERROR/FAILED',
    });
    fake.model.forceRunState(Number(jobId), 'SKIPPED', undefined, 'An earlier run was active');
    expect(await connector.getJobResult(jobId)).toMatchObject({
      status: JobStatus.FAILED,
      error: 'An earlier run was active',
    });
    fake.model.forceRunState(Number(jobId), 'BLOCKED');
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.PENDING);
  });

  it('cancels a running run (then false for an ended one) and reads it cancelled', async () => {
    const connector = workspace.pat();
    const jobId = await connector.submitJob({ code: '# @fake forever' });
    await clock.advance(200);
    expect(await connector.cancelJob(jobId)).toBe(true);
    expect(await connector.getJobResult(jobId)).toMatchObject({
      status: JobStatus.CANCELLED,
      rawState: 'TERMINATED/CANCELED',
    });
    expect(await connector.cancelJob(jobId)).toBe(false);
  });

  it('raises JobNotFoundError for an unknown or malformed run id', async () => {
    const connector = workspace.pat();
    await expect(connector.getJobStatus('123456789')).rejects.toThrow(JobNotFoundError);
    await expect(connector.cancelJob('not-a-run')).rejects.toThrow(JobNotFoundError);
  });

  it('waitForCompletion drives a run to its end on the manual clock', async () => {
    const connector = workspace.pat();
    const jobId = await connector.submitJob({ code: 'print("waited")' });
    const done = waitForCompletion(connector, jobId, { pollIntervalMs: 100, clock });
    for (let i = 0; i < 40 && clock.pendingSleepers >= 0; i++) await clock.advance(100);
    expect((await done).output).toBe('waited\n');
  });
});

describe('listJobs', () => {
  it('pages past 25 runs, newest first, with each key read back for reconcile', async () => {
    const connector = workspace.pat();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      ids.push(
        await connector.submitJob({ code: 'print(1)', jobName: `page-${i}`, idempotencyKey: `page:${i}` }),
      );
      await clock.advance(1);
    }
    const listed = await connector.listJobs({ limit: 30 });
    expect(listed.map((job) => job.id)).toEqual([...ids].reverse());
    expect(listed[0]).toMatchObject({
      name: 'page-29',
      idempotencyKey: 'page:29',
      status: JobStatus.PENDING,
      rawState: 'PENDING',
    });
    const lists = fake.model.exchanges.filter((e) => e.operationId === 'JobsRunsList').slice(-2);
    expect(lists[0]?.query).toMatchObject({ run_type: 'SUBMIT_RUN', limit: '25', expand_tasks: 'true' });
    expect(lists[1]?.query.page_token).toBeDefined();
  });

  it('filters by status', async () => {
    const connector = workspace.pat();
    const jobId = await connector.submitJob({ code: '# @fake fail="x"' });
    await finish(connector, jobId);
    const failed = await connector.listJobs({ statusFilter: JobStatus.FAILED, limit: 1000 });
    expect(failed.map((job) => job.id)).toContain(jobId);
    expect(failed.every((job) => job.status === JobStatus.FAILED)).toBe(true);
    expect(fake.model.exchanges.at(-1)?.query.completed_only).toBe('true');
  });
});
