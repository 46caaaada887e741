/**
 * Serves the responses recorded from a real slurmrestd 22.05 (test/fixtures, see scripts/record-fixtures.mjs)
 * through MSW, so the connector is tested against real payloads without a cluster.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpResponse, http } from 'msw';

export const URL_BASE = 'http://slurm.test:6820';
export const API = `${URL_BASE}/slurm/v0.0.38`;
export const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdW4iOiJyb290In0.SECRET-SIGNATURE-0123456789';
export const CREDENTIALS: { endpoint: string; user: string; token: string } = {
  endpoint: URL_BASE,
  user: 'root',
  token: TOKEN,
};

export interface Fixture {
  request: { method: string; path: string; body?: unknown };
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: recorded JSON is edited freely by tests.
  body: any;
}

export function fixture(name: string): Fixture {
  return JSON.parse(
    readFileSync(join(import.meta.dirname, '..', 'fixtures', `${name}.json`), 'utf8'),
  ) as Fixture;
}

export function reply(f: Fixture) {
  return typeof f.body === 'string'
    ? new HttpResponse(f.body, { status: f.status, headers: { 'content-type': 'text/plain' } })
    : HttpResponse.json(f.body, { status: f.status });
}

/** The recorded job `name`, with its output files moved into `workdir` and the id changed to `id`. */
export function recordedJob(name: string, id: string, workdir: string) {
  const f = fixture(name);
  const job = f.body.jobs[0];
  job.job_id = Number(id);
  job.standard_output = join(workdir, 'neural-%j.out');
  job.standard_error = join(workdir, 'neural-%j.err');
  job.current_working_directory = workdir;
  return f;
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

/** A cluster of recorded jobs: 1 completed, 2 failed, 3 running, 4 pending, 5 cancelled. */
export function createRecordedCluster() {
  const workdir = mkdtempSync(join(tmpdir(), 'neural-slurm-test-'));
  const jobs = new Map<string, Fixture>([
    ['1', recordedJob('job-completed', '1', workdir)],
    ['2', recordedJob('job-failed', '2', workdir)],
    ['3', recordedJob('job-running', '3', workdir)],
    ['4', recordedJob('job-pending', '4', workdir)],
    ['5', recordedJob('job-cancelled', '5', workdir)],
  ]);
  writeFileSync(join(workdir, 'neural-1.out'), 'hello from slurm\n');
  writeFileSync(join(workdir, 'neural-1.err'), '');
  writeFileSync(join(workdir, 'neural-2.out'), '');
  writeFileSync(join(workdir, 'neural-2.err'), 'about to fail\n');
  writeFileSync(join(workdir, 'neural-3.out'), 'epoch 1\n');
  const seen: SeenRequest[] = [];
  const record = async (request: Request) => {
    const url = new URL(request.url);
    const text = await request.clone().text();
    seen.push({
      method: request.method,
      path: url.pathname,
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    });
  };
  const handlers = [
    http.get(`${API}/ping`, async ({ request }) => {
      await record(request);
      return reply(fixture('ping'));
    }),
    http.post(`${API}/job/submit`, async ({ request }) => {
      await record(request);
      return reply(fixture('submit'));
    }),
    http.get(`${API}/jobs`, async ({ request }) => {
      await record(request);
      const f = fixture('jobs');
      f.body.jobs = [...jobs.values()].map((job) => job.body.jobs[0]);
      return reply(f);
    }),
    http.get(`${API}/nodes`, async ({ request }) => {
      await record(request);
      return reply(fixture('nodes'));
    }),
    http.get(`${API}/job/:id`, async ({ request, params }) => {
      await record(request);
      const job = jobs.get(String(params.id));
      return reply(job ?? fixture('not-found'));
    }),
    http.delete(`${API}/job/:id`, async ({ request, params }) => {
      await record(request);
      const job = jobs.get(String(params.id));
      if (!job) return reply(fixture('cancel-not-found'));
      const state = job.body.jobs[0].job_state;
      if (['PENDING', 'RUNNING'].includes(state)) {
        job.body.jobs[0].job_state = 'CANCELLED';
        job.body.jobs[0].exit_code = 15;
      }
      return reply(fixture('cancel'));
    }),
  ];
  return { workdir, jobs, seen, handlers };
}
