/**
 * Every object the fake answers with, checked against the Kubernetes API's published OpenAPI definitions
 * (test/fixtures/kubernetes-openapi: a subset, with its source and commit). Objects are closed for the test,
 * so a field the fake invents or misspells fails as surely as a wrong type or a missing required field.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { useInProcessCluster } from './support/in-process.js';

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: unknown;
  [key: string]: unknown;
}

const document = JSON.parse(
  readFileSync(new URL('./fixtures/kubernetes-openapi/schemas.json', import.meta.url), 'utf8'),
) as { components: { schemas: Record<string, SchemaNode> } };

function closed(schemas: Record<string, SchemaNode>): Record<string, SchemaNode> {
  const copy = structuredClone(schemas);
  for (const schema of Object.values(copy)) {
    if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined) {
      schema.additionalProperties = false;
    }
  }
  return copy;
}

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/);
ajv.addFormat('int32', {
  type: 'number',
  validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31,
});
ajv.addFormat('int64', { type: 'number', validate: Number.isInteger });
ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
ajv.addSchema({ components: { schemas: closed(document.components.schemas) } }, 'k8s');

const validators = new Map<string, ValidateFunction>();
function validate(definition: string, value: unknown): string[] {
  let check = validators.get(definition);
  if (!check) {
    check = ajv.compile({ $ref: `k8s#/components/schemas/${definition}` });
    validators.set(definition, check);
  }
  return check(value)
    ? []
    : (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

const JOB = 'io.k8s.api.batch.v1.Job';
const JOB_LIST = 'io.k8s.api.batch.v1.JobList';
const POD_LIST = 'io.k8s.api.core.v1.PodList';
const POD = 'io.k8s.api.core.v1.Pod';
const CONFIG_MAP_LIST = 'io.k8s.api.core.v1.ConfigMapList';
const NODE_LIST = 'io.k8s.api.core.v1.NodeList';
const STATUS = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
const REVIEW = 'io.k8s.api.authorization.v1.SelfSubjectAccessReview';

const cluster = useInProcessCluster({
  denied: [{ verb: 'delete', resource: 'configmaps', group: '' }],
  nodes: [
    { name: 'cpu-1', cpu: '4', memory: '16Gi', labels: { 'node.kubernetes.io/instance-type': 'standard' } },
    {
      name: 'gpu-1',
      cpu: '8',
      memory: '32Gi',
      extended: { 'nvidia.com/gpu': 2 },
      taints: [{ key: 'nvidia.com/gpu', value: 'present' }],
    },
  ],
});

describe('the schemas themselves', () => {
  it('reject what the API never sends, so the checks below can fail', () => {
    expect(validate(JOB, { metadata: { name: 'x' }, spec: {} })).not.toEqual([]); // template is required
    expect(validate(JOB, { metadata: { name: 'x', invented: true } })).not.toEqual([]);
    expect(validate(STATUS, { kind: 'Status', code: '404' })).not.toEqual([]);
    expect(validate(POD, { status: { containerStatuses: [{ name: 'main' }] } })).not.toEqual([]);
  });
});

describe('every object the fake returns matches the published definitions', () => {
  it('Jobs, pods, ConfigMaps and lists, at every stage of every scenario', async () => {
    const connector = cluster.connect();
    const scenarios = [
      {
        code: 'print("ok")\n# @fake duration=3s',
        jobName: 'ok',
        resourceConfig: { cpuCount: 1, memoryGb: 2, diskSizeGb: 5 },
      },
      { code: '# @fake duration=2s fail="boom"', jobName: 'fails' },
      { code: '# @k8s oom\n# @fake duration=2s' },
      { code: '# @k8s evicted\n# @fake duration=2s' },
      { code: '# @k8s image-pull' },
      { code: '# @k8s unschedulable' },
      { code: '# @fake forever', resourceConfig: { maxRuntimeHours: 0.001 } },
      { code: '# @fake forever', resourceConfig: { gpuEnabled: true, gpuCount: 8 } },
      {
        code: '# @fake duration=1s',
        resourceConfig: {
          gpuEnabled: true,
          gpuCount: 1,
          customParams: {
            tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
            queueName: 'team-a',
            priorityClassName: 'high',
            serviceAccountName: 'trainer',
          },
        },
      },
      { code: '# @fake forever', jobName: 'to-cancel' },
      { code: 'print("x")', dependencies: ['numpy>=1.26'], environment: { SEED: '1' } },
    ];
    const ids: string[] = [];
    for (const job of scenarios) ids.push(await connector.submitJob(job));
    const seen = new Set<string>();
    for (let step = 0; step < 8; step++) {
      for (const [path, definition] of [
        ['/apis/batch/v1/namespaces/default/jobs', JOB_LIST],
        ['/api/v1/namespaces/default/pods', POD_LIST],
        ['/api/v1/pods', POD_LIST],
        ['/api/v1/namespaces/default/configmaps', CONFIG_MAP_LIST],
      ] as const) {
        const { status, body } = await cluster.raw(path);
        expect(status).toBe(200);
        expect(validate(definition, body), `${path} at step ${step}`).toEqual([]);
        for (const item of (body as { items: Array<{ status?: { phase?: string } }> }).items) {
          seen.add(`${definition}:${item.status?.phase ?? JSON.stringify(item.status ?? {}).slice(0, 40)}`);
        }
      }
      for (const id of ids) {
        const { status, body } = await cluster.raw(`/apis/batch/v1/namespaces/default/jobs/${id}`);
        // A cancelled Job is deleted: its read is a 404 Status.
        expect(validate(status === 404 ? STATUS : JOB, body), id).toEqual([]);
      }
      if (step === 3) await connector.cancelJob(ids[9] as string);
      await cluster.clock.advance(700);
    }
    // The run went through the phases the checks are meant to cover.
    for (const phase of ['Pending', 'Running', 'Succeeded', 'Failed']) {
      expect(
        [...seen].some((entry) => entry === `${POD_LIST}:${phase}`),
        phase,
      ).toBe(true);
    }
  });

  it('watch events carry Jobs', async () => {
    await cluster.raw('/apis/batch/v1/namespaces/default/jobs', {
      method: 'POST',
      body: JSON.stringify({
        metadata: { name: 'watched' },
        spec: {
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } },
        },
      }),
    });
    // timeoutSeconds=0: the API server sends what changed since resourceVersion 0, then ends the watch.
    const { body } = await cluster.raw(
      '/apis/batch/v1/namespaces/default/jobs?watch=true&resourceVersion=0&timeoutSeconds=0',
    );
    // One event is one JSON document, which raw() has already parsed; several are lines.
    const events = (typeof body === 'string' ? body : JSON.stringify(body))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(['ADDED', 'MODIFIED', 'DELETED']).toContain(event.type);
      expect(validate(JOB, event.object)).toEqual([]);
    }
  });

  it('nodes', async () => {
    const { status, body } = await cluster.raw('/api/v1/nodes');
    expect(status).toBe(200);
    expect(validate(NODE_LIST, body)).toEqual([]);
  });

  it('SelfSubjectAccessReviews, allowed and refused', async () => {
    for (const verb of ['create', 'delete']) {
      const { status, body } = await cluster.raw('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        method: 'POST',
        body: JSON.stringify({
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { namespace: 'default', verb, resource: 'configmaps' } },
        }),
      });
      expect(status).toBe(201);
      expect(validate(REVIEW, body)).toEqual([]);
      expect((body as { status: { allowed: boolean } }).status.allowed).toBe(verb === 'create');
    }
  });

  it('Status errors: 400, 401, 403, 404, 409, 422, 429, 500, 503', async () => {
    const job = {
      metadata: { name: 'dup' },
      spec: {
        template: {
          spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'python:3.12-slim' }] },
        },
      },
    };
    const post = (body: unknown) =>
      cluster.raw('/apis/batch/v1/namespaces/default/jobs', { method: 'POST', body: JSON.stringify(body) });
    await post(job);
    const answers = [
      await post(job), // 409
      await post({ ...job, metadata: { name: 'Not_A_Name' } }), // 422
      await cluster.raw('/apis/batch/v1/namespaces/default/jobs', { method: 'POST', body: '{not json' }), // 400
      await cluster.raw('/apis/batch/v1/namespaces/default/jobs/missing'), // 404
      await cluster.raw('/apis/batch/v1/namespaces/default/jobs', { token: 'not-a-known-token' }), // 401
      await cluster.raw('/api/v1/namespaces/default/configmaps/x', { method: 'DELETE' }), // 403
      await cluster.raw('/api/v1/namespaces/nowhere/pods'), // 404 namespace
      await cluster.raw('/apis/unknown.group/v1/things'), // 404 route
    ];
    cluster.fake.setFaults({ rate: 1, kinds: ['rate-limit'] });
    answers.push(await cluster.raw('/api/v1/nodes'));
    cluster.fake.setFaults({ rate: 1, kinds: ['internal'] });
    answers.push(await cluster.raw('/api/v1/nodes'));
    cluster.fake.setFaults({ rate: 1, kinds: ['unavailable'] });
    answers.push(await cluster.raw('/api/v1/nodes'));
    cluster.fake.setFaults({});
    expect(answers.map((answer) => answer.status)).toEqual([
      409, 422, 400, 404, 401, 403, 404, 404, 429, 500, 503,
    ]);
    for (const answer of answers) {
      expect(validate(STATUS, answer.body), JSON.stringify(answer.body)).toEqual([]);
      expect((answer.body as { code: number }).code).toBe(answer.status);
    }
  });

  it('deletes: the Job being deleted (Foreground), and the Status of a finished delete', async () => {
    const job = {
      metadata: { name: 'to-delete' },
      spec: {
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } },
      },
    };
    await cluster.raw('/apis/batch/v1/namespaces/default/jobs', {
      method: 'POST',
      body: JSON.stringify(job),
    });
    const foreground = await cluster.raw(
      '/apis/batch/v1/namespaces/default/jobs/to-delete?propagationPolicy=Foreground',
      {
        method: 'DELETE',
      },
    );
    expect(foreground.status).toBe(200);
    expect(validate(JOB, foreground.body)).toEqual([]);
    expect(
      (foreground.body as { metadata: { deletionTimestamp?: string } }).metadata.deletionTimestamp,
    ).toBeDefined();
    await cluster.raw('/apis/batch/v1/namespaces/default/jobs', {
      method: 'POST',
      body: JSON.stringify(job),
    });
    const background = await cluster.raw('/apis/batch/v1/namespaces/default/jobs/to-delete', {
      method: 'DELETE',
    });
    expect(validate(STATUS, background.body)).toEqual([]);
  });
});
