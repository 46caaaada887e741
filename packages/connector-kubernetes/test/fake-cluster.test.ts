/**
 * The fake's simulated controllers, through the raw API: what the Job controller, scheduler and kubelet do on
 * the injected clock, RBAC, faults, and pod logs with `follow`.
 */
import { describe, expect, it } from 'vitest';
import { createFakeKubernetes, FakeKubernetesCluster } from '../src/fake/index.js';
import { readScenario } from '../src/fake/scenario.js';
import { matchesLabelSelector } from '../src/fake/selectors.js';
import { useInProcessCluster } from './support/in-process.js';

const cluster = useInProcessCluster({
  defaultQueueMs: 100,
  defaultStartingMs: 100,
  denied: [{ verb: 'list', resource: 'nodes', group: '' }],
});

// biome-ignore lint/suspicious/noExplicitAny: API answers are read loosely here; openapi.test.ts checks their shape.
type Json = Record<string, any>;

async function createJob(name: string, code: string, spec: Json = {}, podSpec: Json = {}) {
  await cluster.raw('/api/v1/namespaces/default/configmaps', {
    method: 'POST',
    body: JSON.stringify({ metadata: { name }, data: { 'main.py': code } }),
  });
  const { status, body } = await cluster.raw('/apis/batch/v1/namespaces/default/jobs', {
    method: 'POST',
    body: JSON.stringify({
      metadata: { name },
      spec: {
        backoffLimit: 0,
        ...spec,
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [
              { name: 'main', image: 'python:3.12-slim', terminationMessagePolicy: 'FallbackToLogsOnError' },
            ],
            volumes: [{ name: 'code', configMap: { name } }],
            ...podSpec,
          },
        },
      },
    }),
  });
  expect(status).toBe(201);
  return body as Json;
}

const pod = async (job: string) =>
  ((await cluster.raw(`/api/v1/namespaces/default/pods?labelSelector=job-name%3D${job}`)).body as Json)
    .items[0] as Json;
const job = async (name: string) =>
  (await cluster.raw(`/apis/batch/v1/namespaces/default/jobs/${name}`)).body as Json;
const condition = (object: Json, type: string) =>
  (object.status.conditions ?? []).find((c: Json) => c.type === type && c.status === 'True');

describe('the Job controller, scheduler and kubelet', () => {
  it('a job runs its pod through Pending, Running and Succeeded on the clock, and the Job completes', async () => {
    await createJob('life', 'print("a")\nprint("b")\n# @fake duration=1s');
    expect((await pod('life')).status.phase).toBe('Pending');
    await cluster.clock.advance(100);
    expect((await pod('life')).status.containerStatuses[0].state.waiting.reason).toBe('ContainerCreating');
    await cluster.clock.advance(100);
    expect((await pod('life')).status.phase).toBe('Running');
    expect((await job('life')).status.ready).toBe(1);
    await cluster.clock.advance(1_000);
    const done = await pod('life');
    expect(done.status.phase).toBe('Succeeded');
    expect(done.status.containerStatuses[0].state.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    });
    expect(condition(await job('life'), 'Complete')).toBeDefined();
    const log = await cluster.raw(`/api/v1/namespaces/default/pods/${done.metadata.name}/log?container=main`);
    expect(log.body).toBe('a\nb\n');
  });

  it('a failing, OOM-killed or evicted pod fails its Job (backoffLimit 0) with the reasons Kubernetes gives', async () => {
    await createJob('crash', '# @fake duration=100ms fail="bad input"');
    await createJob('oom', '# @k8s oom\n# @fake duration=100ms');
    await createJob('evict', '# @k8s evicted\n# @fake duration=100ms');
    await cluster.clock.advance(1_000);
    const crash = await pod('crash');
    expect(crash.status.containerStatuses[0].state.terminated).toMatchObject({
      exitCode: 1,
      reason: 'Error',
      message: 'Error: bad input',
    });
    expect((await pod('oom')).status.containerStatuses[0].state.terminated).toMatchObject({
      exitCode: 137,
      reason: 'OOMKilled',
    });
    expect((await pod('evict')).status).toMatchObject({ phase: 'Failed', reason: 'Evicted' });
    for (const name of ['crash', 'oom', 'evict']) {
      expect(condition(await job(name), 'Failed')).toMatchObject({ reason: 'BackoffLimitExceeded' });
    }
  });

  it('activeDeadlineSeconds fails the Job with DeadlineExceeded', async () => {
    await createJob('slow', '# @fake forever', { activeDeadlineSeconds: 2 });
    await cluster.clock.advance(1_000);
    expect((await pod('slow')).status.phase).toBe('Running');
    await cluster.clock.advance(1_500);
    expect(condition(await job('slow'), 'Failed')).toMatchObject({ reason: 'DeadlineExceeded' });
    expect((await pod('slow')).status.reason).toBe('DeadlineExceeded');
  });

  it('image pull failures and unschedulable pods stay Pending with the reason', async () => {
    await createJob('pull', '# @k8s image-pull');
    await createJob('nowhere', '# @k8s unschedulable');
    await createJob(
      'too-big',
      '# @fake duration=1s',
      {},
      {
        containers: [
          { name: 'main', image: 'python:3.12-slim', resources: { limits: { 'nvidia.com/gpu': '64' } } },
        ],
      },
    );
    await cluster.clock.advance(500);
    expect((await pod('pull')).status.containerStatuses[0].state.waiting.reason).toBe('ErrImagePull');
    await cluster.clock.advance(5_000);
    expect((await pod('pull')).status.containerStatuses[0].state.waiting.reason).toBe('ImagePullBackOff');
    for (const name of ['nowhere', 'too-big']) {
      const scheduled = (await pod(name)).status.conditions.find((c: Json) => c.type === 'PodScheduled');
      expect(scheduled).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    }
    expect((await pod('too-big')).status.conditions[0].message).toContain('Insufficient nvidia.com/gpu');
  });

  it('a pod waits for the ConfigMap it mounts', async () => {
    await cluster.raw('/apis/batch/v1/namespaces/default/jobs', {
      method: 'POST',
      body: JSON.stringify({
        metadata: { name: 'late-code' },
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'main', image: 'python:3.12-slim' }],
              volumes: [{ name: 'code', configMap: { name: 'late-code' } }],
            },
          },
        },
      }),
    });
    await cluster.clock.advance(5_000);
    expect((await pod('late-code')).status.phase).toBe('Pending');
    await cluster.raw('/api/v1/namespaces/default/configmaps', {
      method: 'POST',
      body: JSON.stringify({ metadata: { name: 'late-code' }, data: { 'main.py': '# @fake duration=1s' } }),
    });
    await cluster.clock.advance(250);
    expect((await pod('late-code')).status.phase).toBe('Running');
  });

  it('a Kueue-queued Job is suspended until admitted', async () => {
    const created = await cluster.raw('/apis/batch/v1/namespaces/default/jobs', {
      method: 'POST',
      body: JSON.stringify({
        metadata: { name: 'queued', labels: { 'kueue.x-k8s.io/queue-name': 'team-a' } },
        spec: {
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } },
        },
      }),
    });
    expect((created.body as Json).spec.suspend).toBe(true);
    expect(await pod('queued')).toBeUndefined();
    await cluster.clock.advance(cluster.fake.cluster.options.kueueAdmissionMs);
    expect((await job('queued')).spec.suspend).toBe(false);
    expect(await pod('queued')).toBeDefined();
  });

  it('a Foreground delete takes the pods and the owned ConfigMaps with the Job', async () => {
    const created = await createJob('gone', '# @fake forever');
    await cluster.raw('/api/v1/namespaces/default/configmaps', {
      method: 'POST',
      body: JSON.stringify({
        metadata: {
          name: 'gone-owned',
          ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'gone', uid: created.metadata.uid }],
        },
      }),
    });
    await cluster.clock.advance(500);
    await cluster.raw('/apis/batch/v1/namespaces/default/jobs/gone?propagationPolicy=Foreground', {
      method: 'DELETE',
    });
    expect(await pod('gone')).toBeUndefined();
    expect((await cluster.raw('/api/v1/namespaces/default/configmaps/gone-owned')).status).toBe(404);
    expect((await cluster.raw('/apis/batch/v1/namespaces/default/jobs/gone')).status).toBe(404);
  });
});

describe('pod logs with follow', () => {
  it('streams lines as the clock reaches them, with timestamps, and ends with the container', async () => {
    await createJob('stream', 'print("one")\nprint("two")\nprint("three")\n# @fake duration=4s');
    await cluster.clock.advance(200);
    const name = (await pod('stream')).metadata.name;
    const response = await fetch(
      `${cluster.fake.url}/api/v1/namespaces/default/pods/${name}/log?follow=true&timestamps=true`,
      {
        headers: { authorization: `Bearer ${cluster.fake.token}` },
      },
    );
    const reader = response.body?.getReader() as ReadableStreamDefaultReader<Uint8Array>;
    const first = reader.read();
    await cluster.clock.advance(1_000);
    expect(new TextDecoder().decode((await first).value)).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z one\n$/,
    );
    const rest: string[] = [];
    const drained = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        rest.push(new TextDecoder().decode(value));
      }
    })();
    for (let i = 0; i < 10; i++) await cluster.clock.advance(500);
    await drained;
    expect(rest.join('').replace(/^\S+ /gm, '')).toBe('two\nthree\n');
  });

  it('sinceTime has whole seconds, as the API server parses it', async () => {
    const start = cluster.clock.now();
    // Queued 100 ms, starting 100 ms, then the lines at a third and two thirds of 3 s: start + 1.2 s and + 2.2 s.
    await createJob('since', 'print("early")\nprint("late")\n# @fake duration=3s');
    await cluster.clock.advance(5_000);
    const name = (await pod('since')).metadata.name;
    const since = new Date(start + 2_200).toISOString(); // dropped to its whole second, still after "early"
    const log = await cluster.raw(`/api/v1/namespaces/default/pods/${name}/log?sinceTime=${since}`);
    expect(log.body).toBe('late\n');
  });

  it('before the container starts the log is a 400 naming the wait', async () => {
    await createJob('waiting', '# @k8s image-pull');
    await cluster.clock.advance(300);
    const name = (await pod('waiting')).metadata.name;
    const log = await cluster.raw(`/api/v1/namespaces/default/pods/${name}/log`);
    expect(log.status).toBe(400);
    expect((log.body as Json).message).toContain('is waiting to start: ErrImagePull');
  });
});

describe('RBAC, faults and validation', () => {
  it('refuses a denied permission with a 403 naming it', async () => {
    const { status, body } = await cluster.raw('/api/v1/nodes');
    expect(status).toBe(403);
    expect((body as Json).message).toBe(
      'nodes is forbidden: User "system:serviceaccount:default:neural" cannot list resource "nodes" in API group "" at the cluster scope',
    );
  });

  it('injects faults at the configured rate, reproducibly for a seed', () => {
    const decide = () => {
      const model = new FakeKubernetesCluster({ seed: 9, faults: { rate: 0.3 } });
      return Array.from({ length: 200 }, () => model.decideFault());
    };
    const first = decide();
    expect(first).toEqual(decide());
    const share = first.filter(Boolean).length / first.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.4);
  });

  it('a drop-after fault stores the create and then drops the connection', async () => {
    cluster.fake.setFaults({ rate: 1, kinds: ['drop-after'] });
    await expect(
      fetch(`${cluster.fake.url}/api/v1/namespaces/default/configmaps`, {
        method: 'POST',
        headers: { authorization: `Bearer ${cluster.fake.token}` },
        body: JSON.stringify({ metadata: { name: 'stored-anyway' } }),
      }),
    ).rejects.toThrow();
    cluster.fake.setFaults({});
    expect((await cluster.raw('/api/v1/namespaces/default/configmaps/stored-anyway')).status).toBe(200);
  });

  it('reads label selectors as the API server does', () => {
    const labels = { app: 'x', tier: 'batch' };
    expect(matchesLabelSelector('app=x,tier==batch', labels)).toBe(true);
    expect(matchesLabelSelector('app!=x', labels)).toBe(false);
    expect(matchesLabelSelector('tier,!missing', labels)).toBe(true);
    expect(matchesLabelSelector('missing', labels)).toBe(false);
  });

  it('reads # @k8s scenarios next to # @fake directives, and reports unknown ones', () => {
    expect(
      readScenario('# @k8s oom\n# @fake duration=2s', { queueMs: 0, startingMs: 0, durationMs: 1 }),
    ).toMatchObject({
      scenario: 'oom',
      durationMs: 2000,
      issues: [],
    });
    expect(readScenario('# @k8s melt', { queueMs: 0, startingMs: 0, durationMs: 1 }).issues[0]).toContain(
      '@k8s melt is not one of',
    );
  });
});

describe('what the container prints', () => {
  it('print-env prints an environment variable, and a print with newlines is one stamped line per line', async () => {
    await cluster.raw('/api/v1/namespaces/default/configmaps', {
      method: 'POST',
      body: JSON.stringify({
        metadata: { name: 'env' },
        data: { 'main.py': 'print("two\\nlines")\n# @k8s print-env=GREETING\n# @fake duration=1s' },
      }),
    });
    await cluster.raw('/apis/batch/v1/namespaces/default/jobs', {
      method: 'POST',
      body: JSON.stringify({
        metadata: { name: 'env' },
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [
                {
                  name: 'main',
                  image: 'python:3.12-slim',
                  env: [{ name: 'GREETING', value: 'grüß "dich"' }],
                },
              ],
              volumes: [{ name: 'code', configMap: { name: 'env' } }],
            },
          },
        },
      }),
    });
    await cluster.clock.advance(2_000);
    const name = (await pod('env')).metadata.name;
    const log = await cluster.raw(`/api/v1/namespaces/default/pods/${name}/log?timestamps=true`);
    const lines = (log.body as string).trimEnd().split('\n');
    expect(lines.map((line) => line.replace(/^\S+ /, ''))).toEqual(['grüß "dich"', 'two', 'lines']);
    expect(lines.every((line) => /^\d{4}-\S+Z /.test(line))).toBe(true);
  });

  it('requeueJob suspends the Job as a Kueue preemption does, and it runs again in a new pod', async () => {
    await createJob('preempted', '# @fake forever');
    await cluster.clock.advance(500);
    const first = (await pod('preempted')).metadata.name;
    cluster.fake.cluster.requeueJob('default', 'preempted');
    expect(await pod('preempted')).toBeUndefined();
    expect(condition(await job('preempted'), 'Suspended')).toBeDefined();
    await cluster.clock.advance(cluster.fake.cluster.options.kueueAdmissionMs + 500);
    const second = await pod('preempted');
    expect(second.metadata.name).not.toBe(first);
    expect(second.status.phase).toBe('Running');
  });
});

describe('the fake’s options', () => {
  it('answers on `url`, and refuses the old `baseUrl` by its new name before anything is built', async () => {
    const fake = createFakeKubernetes({ url: 'http://cluster.options.test' });
    expect(fake.kubeconfig()).toContain('server: http://cluster.options.test');
    expect(() => createFakeKubernetes({ baseUrl: 'http://old.test' } as never)).toThrow(
      /baseUrl: is now `url`/,
    );
  });
});
