/**
 * Bad input, everywhere (connectors that talk to a platform): HttpConnector, SlurmConnector and LocalConnector
 * accept a generated submitJob request or listJobs options exactly where core's parsers do, and for a
 * rejected one NOTHING reaches the platform (requests counted at the fetch / MSW layer, files under the root).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpConnector } from '@neural/connector-http';
import { LocalConnector } from '@neural/connector-local';
import { SlurmConnector } from '@neural/connector-slurm';
import type { SubmitJobRequest } from '@neural/integrations-core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checkListJobs, checkSubmit } from './support/input-properties.js';
import { runs } from './support/properties.js';

describe('HttpConnector against a platform that counts requests', () => {
  let requests = 0;
  let nextId = 0;
  const server = setupServer(
    http.all('https://counting.test/*', () => {
      requests++;
      return undefined;
    }),
    http.post('https://counting.test/v1/auth/token', () =>
      HttpResponse.json({ accessToken: 'token-for-counting', expiresIn: 3600 }),
    ),
    http.post('https://counting.test/v1/jobs', () =>
      HttpResponse.json(
        { id: `job-${++nextId}`, name: null, state: 'QUEUED', createdAt: new Date(0).toISOString() },
        { status: 201 },
      ),
    ),
    http.get('https://counting.test/v1/jobs', () => HttpResponse.json({ jobs: [], nextCursor: null })),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  const connector = new HttpConnector(
    { apiKey: 'counting-key', endpoint: 'https://counting.test' },
    { retry: { maxAttempts: 1 } },
  );

  it('submitJob: nothing reaches the platform for a rejected request', async () => {
    await checkSubmit(
      {
        submit: (request) => connector.submitJob(request as SubmitJobRequest),
        sent: async () => requests,
        mayAlsoRefuse: [],
      },
      runs(1200),
    );
  });

  it('listJobs: nothing reaches the platform for rejected options', async () => {
    await checkListJobs(
      (options) => connector.listJobs(options as never),
      () => requests,
      runs(1000),
    );
  });
});

describe('SlurmConnector against a fetch that counts requests', () => {
  let requests = 0;
  let nextId = 100;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    requests++;
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? 'GET';
    if (method === 'POST' && url.pathname.endsWith('/job/submit'))
      return Response.json({ errors: [], job_id: ++nextId, step_id: 'BATCH', job_submit_user_msg: '' });
    if (url.pathname.endsWith('/jobs')) return Response.json({ errors: [], jobs: [] });
    return Response.json({ errors: [{ error_number: 2017, error: 'unexpected' }] }, { status: 500 });
  };
  let workdir: string;
  let connector: SlurmConnector;
  beforeAll(async () => {
    workdir = await mkdtemp(join(tmpdir(), 'reliability-slurm-'));
    connector = new SlurmConnector(
      { endpoint: 'http://slurm.test:6820', user: 'root', token: 'eyJhbGciOiJIUzI1NiJ9.e30.sig' },
      { fetch, workdir, retry: { maxAttempts: 1 } },
    );
  });
  afterAll(() => rm(workdir, { recursive: true, force: true }));

  it('submitJob: nothing reaches slurmrestd for a rejected request', async () => {
    await checkSubmit(
      {
        submit: (request) => connector.submitJob(request as SubmitJobRequest),
        sent: async () => requests,
        mayAlsoRefuse: ['dependencies', 'resourceConfig'],
      },
      runs(2000),
    );
  });

  it('listJobs: nothing reaches slurmrestd for rejected options', async () => {
    await checkListJobs(
      (options) => connector.listJobs(options as never),
      () => requests,
      runs(1500),
    );
  });
});

describe('LocalConnector with a temporary root', () => {
  let root: string;
  let connector: LocalConnector;
  const spawned: string[] = [];
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'reliability-local-'));
    connector = new LocalConnector({ root, interpreter: ['/bin/true'] });
  });
  afterAll(async () => {
    await Promise.allSettled(spawned.map((id) => connector.cancelJob(id)));
    await rm(root, { recursive: true, force: true });
  });

  it('submitJob: a rejected request writes nothing under the root and starts no process', async () => {
    // Only submit creates job folders and idempotency records; a finished job's own writes stay inside its folder.
    const count = (folder: string) =>
      readdir(join(root, folder)).then(
        (names) => names.length,
        () => 0,
      );
    const entries = async () => (await count('jobs')) + (await count('idempotency'));
    await checkSubmit(
      {
        submit: async (request) => {
          const id = await connector.submitJob(request as SubmitJobRequest);
          spawned.push(id);
          return id;
        },
        sent: entries,
        mayAlsoRefuse: [
          'dependencies',
          'resourceConfig.cpuCount',
          'resourceConfig.memoryGb',
          'idempotencyKey',
        ],
      },
      // Each accepted case spawns a real process: fewer runs than the in-memory connectors.
      runs(300),
    );
  });

  it('listJobs: options accepted or refused exactly as core parses them', async () => {
    await checkListJobs(
      (options) => connector.listJobs(options as never),
      async () => (await readdir(root)).length,
      runs(200),
    );
  });
});
