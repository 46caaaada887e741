/**
 * The fake workspace speaks the published API: every request the connector sent it and every answer it gave,
 * over a scenario that touches each route, is validated against the Databricks API definition stored in
 * fixtures/databricks-api.json (transcribed from the Jobs API 2.1 OpenAPI document and the SDK service
 * definitions; sources in the file).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { FakeExchange } from '../src/fake/index.js';
import { useFakeWorkspace } from './support/workspace.js';

const spec = JSON.parse(readFileSync(new URL('./fixtures/databricks-api.json', import.meta.url), 'utf8')) as {
  operations: Record<
    string,
    { method: string; request?: string; response?: string; query?: string; error?: string }
  >;
};
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(spec, 'databricks');

function validate(schemaName: string, value: unknown): string[] {
  const check = ajv.getSchema(`databricks#/schemas/${schemaName}`);
  if (!check) throw new Error(`no schema ${schemaName} in the fixture`);
  return check(value) ? [] : (check.errors ?? []).map((e) => `${schemaName}${e.instancePath} ${e.message}`);
}

/** Every way `exchange` departs from the API definition. */
function departures(exchange: FakeExchange): string[] {
  const operation = spec.operations[exchange.operationId];
  if (!operation) return [`${exchange.operationId} is not in the API definition`];
  const problems: string[] = [];
  if (operation.method !== exchange.method)
    problems.push(`${exchange.operationId}: method ${exchange.method}`);
  if (operation.request) problems.push(...validate(operation.request, exchange.requestJson));
  if (operation.query) problems.push(...validate(operation.query, exchange.query));
  if (exchange.status === 200 && operation.response)
    problems.push(...validate(operation.response, exchange.responseJson));
  if (exchange.status >= 400) problems.push(...validate(operation.error ?? 'Error', exchange.responseJson));
  return problems.map((problem) => `${exchange.operationId} ${exchange.method} ${exchange.path}: ${problem}`);
}

const workspace = useFakeWorkspace({ queueMs: 10, pendingMs: 100, runMs: 1000, terminatingMs: 50 });

describe('the fake workspace against the Databricks API definition', () => {
  it('every request and answer of a scenario touching each route conforms', async () => {
    const { fake, clock } = workspace;
    const connector = workspace.oauth({ filesRoot: '/Volumes/main/default/spec' });
    expect(await connector.authenticate()).toBe(true);
    const python = await connector.submitJob({
      code: 'print("spec")\n# @fake log="epoch 1"',
      jobName: 'spec-python',
      environment: { SEED: '1' },
      dependencies: ['numpy>=1.23'],
      resourceConfig: { instanceType: 'standard', maxRuntimeHours: 1, customParams: { numWorkers: 2 } },
      idempotencyKey: 'spec:python',
    });
    const notebook = await connector.submitJob({
      code: '# @fake fail="boom"',
      jobName: 'spec-notebook',
      environment: { MODE: 'nb' },
      resourceConfig: { customParams: { existingClusterId: '0101-000000-fakecl01', taskType: 'notebook' } },
    });
    const gpu = await connector.submitJob({
      code: '# @fake forever',
      resourceConfig: {
        gpuEnabled: true,
        gpuCount: 1,
        customParams: { autoscale: { minWorkers: 1, maxWorkers: 2 } },
      },
    });
    for (const step of [0, 20, 200, 2000]) {
      await clock.advance(step);
      for (const id of [python, notebook, gpu]) {
        await connector.getJobStatus(id);
        await connector.getJobResult(id);
        await connector.getLogs(id);
      }
    }
    expect(await connector.cancelJob(gpu)).toBe(true);
    expect(await connector.cancelJob(python)).toBe(false);
    await connector.listJobs({ limit: 2 });
    await connector.listJobs({ statusFilter: 'running' });
    await connector.listJobs({ statusFilter: 'failed' });
    await expect(connector.getJobStatus('424242')).rejects.toThrow(/not found/i);
    const dir = await mkdtemp(join(tmpdir(), 'dbx-spec-'));
    await writeFile(join(dir, 'model.bin'), Buffer.from([1, 2, 3]));
    await connector.uploadFile(join(dir, 'model.bin'), 'models/model.bin');
    await connector.downloadFile('models/model.bin', join(dir, 'back.bin'));
    await connector.deployModel('main.default.spec_model/2', 'spec-endpoint', {
      resourceConfig: { gpuEnabled: true },
    });
    expect(await connector.deleteEndpoint('spec-endpoint')).toBe(true);
    expect(await connector.deleteEndpoint('spec-endpoint')).toBe(false);
    await expect(
      connector.deployModel('main.default.spec_model', 'spec-endpoint', {
        resourceConfig: { customParams: { workloadSize: 'Large' } },
      }),
    ).resolves.toContain('/serving-endpoints/spec-endpoint/invocations');

    const exchanges = fake.model.exchanges;
    const seen = new Set(exchanges.map((exchange) => exchange.operationId));
    for (const operationId of Object.keys(spec.operations).filter((id) => id !== 'ServingEndpointsGet')) {
      expect(seen, `the scenario reaches ${operationId}`).toContain(operationId);
    }
    // Every state the scenario passed through is one the API defines (checked by the schemas below).
    const lifeCycles = new Set(
      exchanges.flatMap((exchange) => {
        const state = (exchange.responseJson as { state?: { life_cycle_state?: string } } | undefined)?.state;
        return exchange.operationId === 'JobsRunsGet' && state?.life_cycle_state
          ? [state.life_cycle_state]
          : [];
      }),
    );
    expect([...lifeCycles].sort()).toEqual(['PENDING', 'QUEUED', 'RUNNING', 'TERMINATED']);
    expect(exchanges.flatMap(departures)).toEqual([]);
  });

  it('the check catches an answer that departs from the definition', () => {
    const bad: FakeExchange = {
      operationId: 'JobsRunsGet',
      method: 'GET',
      path: '/api/2.1/jobs/runs/get',
      query: { run_id: '1' },
      requestJson: undefined,
      status: 200,
      responseJson: { run_id: 1, state: { life_cycle_state: 'FINISHED' } },
      fault: undefined,
    };
    expect(departures(bad).join('\n')).toMatch(/life_cycle_state must be equal to one of the allowed values/);
    const extraField = {
      ...bad,
      operationId: 'JobsRunsSubmit',
      method: 'POST',
      requestJson: { tasks: [], color: 'red' },
      responseJson: { run_id: 1 },
    };
    expect(departures(extraField).join('\n')).toMatch(/must NOT have additional properties/);
  });
});
