/**
 * KubernetesConnector's clauses, against the fake through the official client: the manifest each request
 * becomes, the state mapping, cancel, list, idempotency, and the contract's errors.
 */
import {
  AuthenticationError,
  CloudException,
  InvalidParameterError,
  JobNotFoundError,
  JobStatus,
  RateLimitError,
} from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { KubernetesConnector } from '../src/index.js';
import { mapKubernetesState } from '../src/states.js';
import { useInProcessCluster } from './support/in-process.js';

const cluster = useInProcessCluster({
  tokens: { 'token-of-the-trainer': 'trainer', 'token-without-rbac': 'intern' },
  defaultQueueMs: 100,
  defaultStartingMs: 100,
});

// biome-ignore lint/suspicious/noExplicitAny: manifests are read loosely; openapi.test.ts checks their shape.
type Json = Record<string, any>;
const rawJob = async (id: string) =>
  (await cluster.raw(`/apis/batch/v1/namespaces/default/jobs/${id}`)).body as Json;
const rawConfigMap = async (id: string) =>
  (await cluster.raw(`/api/v1/namespaces/default/configmaps/${id}`)).body as Json;

describe('a job is a batch/v1 Job with one pod and its code in a ConfigMap', () => {
  it('maps every ResourceConfig field and the library labels', async () => {
    const connector = cluster.connect({ instanceTypeLabel: 'node.kubernetes.io/instance-type' });
    const id = await connector.submitJob({
      code: 'print("hi")',
      jobName: 'Train_ResNet.v2',
      idempotencyKey: 'key-1',
      environment: { EPOCHS: '3' },
      resourceConfig: {
        instanceType: 'gpu',
        cpuCount: 2,
        memoryGb: 1.5,
        diskSizeGb: 10,
        gpuEnabled: true,
        gpuCount: 2,
        maxRuntimeHours: 0.5,
      },
    });
    const job = await rawJob(id);
    expect(id).toMatch(/^neural-[0-9a-f]{20}$/);
    expect(job.spec).toMatchObject({
      backoffLimit: 0,
      completions: 1,
      parallelism: 1,
      activeDeadlineSeconds: 1800,
    });
    expect(job.metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'neural-integrations',
      'integrations.neural.dev/job-name': 'Train_ResNet.v2',
    });
    expect(job.metadata.annotations).toMatchObject({
      'integrations.neural.dev/job-name': 'Train_ResNet.v2',
      'integrations.neural.dev/idempotency-key': 'key-1',
    });
    const pod = job.spec.template.spec;
    const container = pod.containers[0];
    expect(container.image).toBe('python:3.12-slim');
    expect(container.command).toEqual(['python', '-u', '/neural/main.py']);
    expect(container.env).toEqual([
      { name: 'PYTHONUNBUFFERED', value: '1' },
      { name: 'EPOCHS', value: '3' },
    ]);
    const resources = { cpu: '2', memory: '1536Mi', 'ephemeral-storage': '10Gi', 'nvidia.com/gpu': '2' };
    expect(container.resources).toEqual({ requests: resources, limits: resources });
    expect(pod.nodeSelector).toEqual({ 'node.kubernetes.io/instance-type': 'gpu' });
    expect(pod.volumes).toEqual([{ name: 'code', configMap: { name: id } }]);
    const configMap = await rawConfigMap(id);
    expect(configMap.data).toEqual({ 'main.py': 'print("hi")' });
    expect(configMap.metadata.ownerReferences).toEqual([
      { apiVersion: 'batch/v1', kind: 'Job', name: id, uid: job.metadata.uid, blockOwnerDeletion: true },
    ]);
  });

  it('maps customParams: image, node selector, tolerations, priority class, service account, Kueue queue, GPU resource', async () => {
    const connector = cluster.connect();
    const id = await connector.submitJob({
      code: 'print(1)',
      resourceConfig: {
        gpuEnabled: true,
        customParams: {
          image: 'pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime',
          nodeSelector: { 'cloud.google.com/gke-accelerator': 'nvidia-l4' },
          tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
          priorityClassName: 'training',
          serviceAccountName: 'trainer',
          queueName: 'team-a',
          gpuResourceName: 'amd.com/gpu',
        },
      },
    });
    const job = await rawJob(id);
    const pod = job.spec.template.spec;
    expect(pod.containers[0].image).toBe('pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime');
    expect(pod.containers[0].resources.limits).toEqual({ 'amd.com/gpu': '1' });
    expect(pod.nodeSelector).toEqual({ 'cloud.google.com/gke-accelerator': 'nvidia-l4' });
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod).toMatchObject({ priorityClassName: 'training', serviceAccountName: 'trainer' });
    expect(job.metadata.labels['kueue.x-k8s.io/queue-name']).toBe('team-a');
  });

  it('installs dependencies with pip before the code runs', async () => {
    const id = await cluster
      .connect()
      .submitJob({ code: 'import numpy', dependencies: ['numpy>=1.26', 'rich'] });
    expect((await rawJob(id)).spec.template.spec.containers[0].command).toEqual([
      'sh',
      '-c',
      'python -m pip install --no-cache-dir --quiet -r /neural/requirements.txt && exec python -u /neural/main.py',
    ]);
    expect((await rawConfigMap(id)).data['requirements.txt']).toBe('numpy>=1.26\nrich\n');
  });

  it('refuses bad input before anything is sent, naming the field', async () => {
    const connector = cluster.connect();
    const before = cluster.fake.requests.length;
    const attempts = [
      { code: 'x', resourceConfig: { customParams: { nodeSelektor: { a: 'b' } } } },
      { code: 'x', resourceConfig: { customParams: { tolerations: [{ operator: 'Sometimes' }] } } },
      { code: 'x', resourceConfig: { customParams: { image: '' } } },
      { code: 'x'.repeat(1_100_000) },
    ];
    const fields = [];
    for (const attempt of attempts) {
      const error = await connector.submitJob(attempt).catch((e: unknown) => e);
      expect(InvalidParameterError.isInstance(error)).toBe(true);
      fields.push((error as InvalidParameterError).issues[0]?.field);
    }
    expect(fields).toEqual([
      'resourceConfig.customParams.nodeSelektor',
      'resourceConfig.customParams.tolerations.0.operator',
      'resourceConfig.customParams.image',
      'code',
    ]);
    expect(cluster.fake.requests.length).toBe(before);
    expect(
      () => new KubernetesConnector({ kubeconfig: cluster.fake.kubeconfig(), endpoint: 'https://x' }),
    ).toThrow(InvalidParameterError);
    expect(() => new KubernetesConnector({ kubeconfig: cluster.fake.kubeconfig(), context: 'nope' })).toThrow(
      /context: must name a context of the kubeconfig \(fake\)/,
    );
  });
});

describe('status from the Job conditions, the pod phase and the container states', () => {
  const run = async (code: string, resourceConfig = {}) => {
    const connector = cluster.connect();
    const id = await connector.submitJob({ code, resourceConfig });
    return { connector, id };
  };

  it('pending, running, succeeded, with the output and the run time', async () => {
    const { connector, id } = await run('print("epoch 1")\nprint("done")\n# @fake duration=2s');
    expect(await connector.getJobStatus(id)).toBe(JobStatus.PENDING);
    await cluster.clock.advance(200);
    expect(await connector.getJobStatus(id)).toBe(JobStatus.RUNNING);
    await cluster.clock.advance(2_000);
    const result = await connector.getJobResult(id);
    expect(result).toMatchObject({
      status: JobStatus.SUCCEEDED,
      rawState: 'Complete',
      output: 'epoch 1\ndone\n',
      durationSeconds: 2,
    });
    expect(await connector.getLogs(id)).toBe('epoch 1\ndone\n');
  });

  it('image pull failures and unschedulable pods are pending, with the reason in rawState', async () => {
    const pull = await run('# @k8s image-pull');
    const gpus = await run('# @fake duration=1s', { gpuEnabled: true, gpuCount: 16 });
    await cluster.clock.advance(5_000);
    const pulling = await pull.connector.getJobResult(pull.id);
    expect(pulling.status).toBe(JobStatus.PENDING);
    expect(pulling.rawState).toMatch(/^Pending: ImagePullBackOff \(Back-off pulling image/);
    const waiting = await gpus.connector.getJobResult(gpus.id);
    expect(waiting.status).toBe(JobStatus.PENDING);
    expect(waiting.rawState).toMatch(
      /^Pending: Unschedulable \(0\/2 nodes are available: .*Insufficient nvidia.com\/gpu/,
    );
  });

  it('a Kueue-suspended Job is pending until admitted', async () => {
    const { connector, id } = await run('# @fake duration=1s', { customParams: { queueName: 'team-a' } });
    expect(await connector.getJobResult(id)).toMatchObject({
      status: JobStatus.PENDING,
      rawState: 'Suspended',
    });
    await cluster.clock.advance(400);
    expect(await connector.getJobStatus(id)).toBe(JobStatus.RUNNING);
  });

  it('DeadlineExceeded, BackoffLimitExceeded, eviction and OOMKilled fail, with that reason leading the error', async () => {
    const cases = [
      {
        code: '# @fake forever',
        resourceConfig: { maxRuntimeHours: 1 / 3600 },
        error: /^DeadlineExceeded: Job was active longer than specified deadline/,
      },
      {
        code: 'print("loading")\n# @fake duration=1s fail="ValueError: bad shape"',
        resourceConfig: {},
        error: /^BackoffLimitExceeded: .*exited with code 1\n.*ValueError: bad shape$/s,
      },
      {
        code: '# @k8s evicted\n# @fake duration=1s',
        resourceConfig: {},
        error: /^Evicted: The node was low on resource: memory/,
      },
      {
        code: '# @k8s oom\n# @fake duration=1s',
        resourceConfig: {},
        error: /^OOMKilled: the container exceeded its memory limit \(exit code 137/,
      },
    ];
    const started = await Promise.all(cases.map((c) => run(c.code, c.resourceConfig)));
    await cluster.clock.advance(3_000);
    for (const [index, { connector, id }] of started.entries()) {
      const result = await connector.getJobResult(id);
      expect(result.status).toBe(JobStatus.FAILED);
      expect(result.error).toMatch(cases[index]?.error as RegExp);
    }
  });

  it('maps a Job whose conditions Kubernetes wrote (SuccessCriteriaMet, FailureTarget) as the Job controller of 1.31+ does', () => {
    const at = new Date();
    expect(
      mapKubernetesState(
        { status: { conditions: [{ type: 'SuccessCriteriaMet', status: 'True', lastTransitionTime: at }] } },
        undefined,
      ).status,
    ).toBe(JobStatus.SUCCEEDED);
    expect(
      mapKubernetesState(
        { status: { conditions: [{ type: 'FailureTarget', status: 'True', reason: 'PodFailurePolicy' }] } },
        undefined,
      ),
    ).toMatchObject({ status: JobStatus.FAILED, rawState: 'Failed: PodFailurePolicy' });
    expect(mapKubernetesState({ spec: { suspend: true, template: {} } }, undefined).status).toBe(
      JobStatus.PENDING,
    );
  });
});

describe('cancel, list and idempotency', () => {
  it('cancel deletes a running Job with foreground propagation and it then reads cancelled, with its logs', async () => {
    const connector = cluster.connect();
    const id = await connector.submitJob({ code: 'print("working")\n# @fake forever' });
    await cluster.clock.advance(1_000);
    expect(await connector.cancelJob(id)).toBe(true);
    const deletes = cluster.fake.requests.filter(
      (r) => r.method === 'DELETE' && r.path.endsWith(`/jobs/${id}`),
    );
    expect(deletes).toHaveLength(1);
    expect((await cluster.raw(`/apis/batch/v1/namespaces/default/jobs/${id}`)).status).toBe(404);
    expect((await cluster.raw(`/api/v1/namespaces/default/configmaps/${id}`)).status).toBe(404); // the code went with it
    expect(await connector.getJobResult(id)).toMatchObject({
      status: JobStatus.CANCELLED,
      output: 'working\n',
    });
    expect(await connector.cancelJob(id)).toBe(false);
  });

  it('cancel is false for a finished Job, which stays as it was', async () => {
    const connector = cluster.connect();
    const id = await connector.submitJob({ code: 'print("ok")\n# @fake duration=100ms' });
    await cluster.clock.advance(1_000);
    expect(await connector.cancelJob(id)).toBe(false);
    expect(await connector.getJobStatus(id)).toBe(JobStatus.SUCCEEDED);
  });

  it('the same idempotency key gives the same Job, even after a cancel; a 409 on create is that case', async () => {
    const connector = cluster.connect();
    const first = await connector.submitJob({ code: '# @fake forever', idempotencyKey: 'once-only' });
    const again = await connector.submitJob({ code: '# @fake forever', idempotencyKey: 'once-only' });
    expect(again).toBe(first);
    const creates = cluster.fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/jobs'));
    expect(creates.slice(-2).map((r) => r.status)).toEqual([201, 409]);
    await cluster.clock.advance(500);
    await connector.cancelJob(first);
    expect(await connector.submitJob({ code: '# @fake forever', idempotencyKey: 'once-only' })).toBe(first);
    expect(await connector.getJobStatus(first)).toBe(JobStatus.CANCELLED);
  });

  it('a submit whose answer was lost finds the Job it made when retried, so none is lost or made twice', async () => {
    const connector = cluster.connect({ retry: { initialDelayMs: 0, maxDelayMs: 0, maxAttempts: 20 } });
    const before = new Set(cluster.fake.cluster.jobKeys);
    const from = cluster.fake.requests.length;
    cluster.fake.setFaults({ rate: 0.5, kinds: ['drop-after', 'drop-before'] });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await connector.submitJob({ code: '# @fake duration=1s' }));
    cluster.fake.setFaults({});
    const made = cluster.fake.cluster.jobKeys.filter((key) => !before.has(key));
    expect(made.sort()).toEqual(ids.map((id) => `default/${id}`).sort());
    const dropped = cluster.fake.requests
      .slice(from)
      .filter((r) => r.method === 'POST' && r.path.endsWith('/jobs') && r.fault === 'drop-after');
    expect(dropped.length).toBeGreaterThan(0);
  });

  it('listJobs: this connector jobs by label, newest first, with the status filter and limit', async () => {
    const connector = cluster.connect({ namespace: 'default' });
    const ids: string[] = [];
    for (const code of ['# @fake duration=100ms', '# @fake forever', '# @k8s image-pull']) {
      await cluster.clock.advance(300); // submitted at distinct times: newest first is then one order
      ids.push(await connector.submitJob({ code, jobName: 'listed' }));
    }
    await cluster.clock.advance(300);
    await cluster.raw('/apis/batch/v1/namespaces/default/jobs', {
      method: 'POST',
      body: JSON.stringify({
        metadata: { name: 'not-ours' },
        spec: {
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } },
        },
      }),
    });
    const listed = await connector.listJobs({ limit: 3 });
    expect(listed.map((job) => job.id)).toEqual([...ids].reverse());
    expect(listed.map((job) => job.status)).toEqual([
      JobStatus.PENDING,
      JobStatus.RUNNING,
      JobStatus.SUCCEEDED,
    ]);
    expect(listed[0]?.name).toBe('listed');
    const all = await connector.listJobs({ limit: 1000 });
    expect(all.some((job) => job.id === 'not-ours')).toBe(false);
    const running = await connector.listJobs({ statusFilter: JobStatus.RUNNING, limit: 1000 });
    expect(running.length).toBeGreaterThan(0);
    expect(running.every((job) => job.status === JobStatus.RUNNING)).toBe(true);
    await connector.cancelJob(ids[1] as string);
    const cancelled = await connector.listJobs({ statusFilter: JobStatus.CANCELLED, limit: 1000 });
    expect(cancelled.map((job) => job.id)).toContain(ids[1]);
  });
});

describe('credentials, permissions and errors', () => {
  it('authenticate is a SelfSubjectAccessReview: true when Jobs may be created, false for refused credentials', async () => {
    expect(await cluster.connect().authenticate()).toBe(true);
    expect(await cluster.connect({ token: 'a-token-nobody-issued' }).authenticate()).toBe(false);
    const review = cluster.fake.requests.filter((r) => r.path.endsWith('/selfsubjectaccessreviews'));
    expect(review.length).toBeGreaterThan(0);
  });

  it('401 is AuthenticationError; 404 is JobNotFoundError; ids that are no Job name are not sent', async () => {
    const refused = cluster.connect({ token: 'a-token-nobody-issued' });
    await expect(refused.listJobs()).rejects.toBeInstanceOf(AuthenticationError);
    const connector = cluster.connect();
    await expect(connector.getJobStatus('neural-0123456789abcdef0123')).rejects.toBeInstanceOf(
      JobNotFoundError,
    );
    const before = cluster.fake.requests.length;
    await expect(connector.getJobStatus('Not A Job Name')).rejects.toBeInstanceOf(JobNotFoundError);
    expect(cluster.fake.requests.length).toBe(before);
  });

  it('429 and 5xx are retried until they pass', async () => {
    const connector = cluster.connect({ retry: { initialDelayMs: 0, maxDelayMs: 0, maxAttempts: 10 } });
    const id = await connector.submitJob({ code: '# @fake duration=1s' });
    cluster.fake.setFaults({
      rate: 0.6,
      kinds: ['rate-limit', 'internal', 'unavailable'],
      retryAfterSeconds: 0,
    });
    for (let i = 0; i < 10; i++) expect(await connector.getJobStatus(id)).toBeTypeOf('string');
    cluster.fake.setFaults({});
    const statuses = new Set(cluster.fake.requests.map((r) => r.status));
    expect([...statuses]).toEqual(expect.arrayContaining([429, 500, 503]));
  });

  it('a 429 that outlasts the retries is a RateLimitError carrying Retry-After', async () => {
    const connector = cluster.connect({ retry: { maxAttempts: 1 } });
    cluster.fake.setFaults({ rate: 1, kinds: ['rate-limit'], retryAfterSeconds: 7 });
    const error = await connector.listJobs().catch((e: unknown) => e);
    cluster.fake.setFaults({});
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).retryAfterMs).toBe(7_000);
  });

  it('the kubeconfig and its token never show in the connector, its logs or its errors', async () => {
    const lines: string[] = [];
    const logger = {
      debug: (m: string, f?: object) => lines.push(m + JSON.stringify(f ?? {})),
      info: (m: string, f?: object) => lines.push(m + JSON.stringify(f ?? {})),
      warn: (m: string, f?: object) => lines.push(m + JSON.stringify(f ?? {})),
      error: (m: string, f?: object) => lines.push(m + JSON.stringify(f ?? {})),
    };
    const connector = cluster.connect({ token: 'token-of-the-trainer', logger });
    const id = await connector.submitJob({ code: 'print(1)' });
    await connector.getJobResult(id);
    const error = await cluster
      .connect({ token: 'token-of-the-trainer', retry: { maxAttempts: 1 } })
      .getJobStatus('neural-missing')
      .catch((e: unknown) => e);
    expect(CloudException.isInstance(error)).toBe(true);
    const shown = [JSON.stringify(connector), String(error), (error as Error).stack ?? '', ...lines].join(
      '\n',
    );
    expect(shown).not.toContain('token-of-the-trainer');
    expect(shown).toContain('[REDACTED]');
  });
});
