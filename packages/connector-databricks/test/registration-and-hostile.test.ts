import { CloudConnectionError, JobStatus } from '@neural/integrations-core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { connectorRegistration, DatabricksConnector } from '../src/index.js';
import { useFakeWorkspace } from './support/workspace.js';

const workspace = useFakeWorkspace();
const { fake, server } = workspace;

describe('registration', () => {
  it('registers under "databricks" and makes a validated connector', () => {
    expect(connectorRegistration.kind).toBe('databricks');
    const connector = connectorRegistration.factory({ endpoint: fake.endpoint, token: 't' }, {});
    expect(connector).toBeInstanceOf(DatabricksConnector);
    expect(() => connectorRegistration.factory({ endpoint: 'ftp://x', token: 't' }, {})).toThrow(/endpoint/);
  });
});

describe('answers Databricks never gives', () => {
  it.each([
    [
      'an HTML page',
      () => new HttpResponse('<html>maintenance</html>', { headers: { 'content-type': 'text/html' } }),
    ],
    ['a run without an id', () => HttpResponse.json({ state: { life_cycle_state: 'RUNNING' } })],
    ['a run id of the wrong type', () => HttpResponse.json({ run_id: 'seven' })],
  ])('%s is a CloudConnectionError INVALID_RESPONSE, never a TypeError', async (_what, answer) => {
    server.use(http.get(`${fake.endpoint}/api/2.1/jobs/runs/get`, answer));
    const connector = workspace.pat({ retry: { maxAttempts: 1 } });
    const error = await connector.getJobStatus('1000000').catch((caught: unknown) => caught);
    expect(CloudConnectionError.isInstance(error)).toBe(true);
    expect((error as CloudConnectionError).code).toBe('INVALID_RESPONSE');
  });
});

describe('Jobs API 2.2 answers', () => {
  it.each([
    [{ state: 'QUEUED' }, JobStatus.PENDING, 'QUEUED'],
    [{ state: 'RUNNING' }, JobStatus.RUNNING, 'RUNNING'],
    [
      { state: 'TERMINATED', termination_details: { code: 'SUCCESS', type: 'SUCCESS' } },
      JobStatus.SUCCEEDED,
      'TERMINATED/SUCCESS',
    ],
    [
      { state: 'TERMINATED', termination_details: { code: 'USER_CANCELED', type: 'SUCCESS' } },
      JobStatus.CANCELLED,
      'TERMINATED/CANCELED',
    ],
    [
      { state: 'TERMINATED', termination_details: { code: 'RUN_EXECUTION_ERROR', type: 'CLIENT_ERROR' } },
      JobStatus.FAILED,
      'TERMINATED/FAILED',
    ],
  ])('a run with only status %j reads %s', async (status, expected, rawState) => {
    server.use(
      http.get(`${fake.endpoint}/api/2.1/jobs/runs/get`, () => HttpResponse.json({ run_id: 7, status })),
    );
    const result = await workspace.pat().getJobResult('7');
    expect(result.status).toBe(expected);
    expect(result.rawState).toBe(rawState);
  });
});
