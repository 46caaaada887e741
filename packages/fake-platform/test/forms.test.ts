/**
 * The in-process form (MSW handlers) and the standalone server answer the same script of requests with the
 * same bytes: status, the headers a client reads, and body (the origin and access tokens replaced: each form
 * has its own origin, and tokens are random by design).
 */
import { createManualClock } from '@neural/integrations-core/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFakePlatform,
  type FakePlatformOptions,
  type FaultOptions,
  startFakePlatformServer,
} from '../src/index.js';
import { API_KEY } from './helpers.js';

const mswServer = setupServer();
beforeAll(() => mswServer.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => mswServer.close());

const COMPARED_HEADERS = [
  'content-type',
  'cache-control',
  'retry-after',
  'idempotent-replayed',
  'x-checksum-sha256',
] as const;

interface Answer {
  readonly step: string;
  readonly status: number;
  readonly headers: Record<string, string | null>;
  readonly body: string;
}

interface Form {
  readonly url: string;
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

const OPTIONS = { apiKey: API_KEY, seed: 7 } satisfies FakePlatformOptions;

/** The body with what legitimately differs between two runs replaced: the origin and the random tokens. */
function normalise(body: string, form: Form): string {
  return body.replaceAll(form.url, '<origin>').replace(/fpt_[\w-]+/g, '<token>');
}

async function inProcess(): Promise<Form> {
  const clock = createManualClock();
  const platform = createFakePlatform({ ...OPTIONS, clock });
  mswServer.resetHandlers(...platform.handlers);
  return {
    url: platform.url,
    advance: (ms) => clock.advance(ms),
    close: async () => {
      platform.model.dispose();
      mswServer.resetHandlers();
    },
  };
}

async function overSocket(): Promise<Form> {
  const clock = createManualClock();
  const server = await startFakePlatformServer({ ...OPTIONS, clock, port: 0 });
  return { url: server.url, advance: (ms) => clock.advance(ms), close: () => server.close() };
}

/** Runs the script against `form` and returns every answer, in order. */
async function runScript(form: Form): Promise<Answer[]> {
  const answers: Answer[] = [];
  let token = '';
  const send = async (step: string, path: string, init: RequestInit & { auth?: boolean } = {}) => {
    const headers = new Headers(init.headers);
    if (init.auth !== false && token) headers.set('authorization', `Bearer ${token}`);
    const res = await fetch(`${form.url}${path}`, { ...init, headers });
    const raw = await res.text();
    const picked: Record<string, string | null> = {};
    for (const name of COMPARED_HEADERS) picked[name] = res.headers.get(name);
    answers.push({ step, status: res.status, headers: picked, body: normalise(raw, form) });
    return raw;
  };
  const json = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  await send('bad api key', '/v1/auth/token', json({ apiKey: 'wrong-key-000000' }));
  await send('token body not JSON', '/v1/auth/token', { method: 'POST', body: '{' });
  token = JSON.parse(await send('token', '/v1/auth/token', json({ apiKey: API_KEY }))).accessToken;
  await send('no token', '/v1/jobs/job_missing', { auth: false });
  await send('bad token', '/v1/jobs', { headers: { authorization: 'Bearer nope' }, auth: false });
  await send('invalid submit', '/v1/jobs', json({ code: 42 }));
  const submitted = await send('submit', '/v1/jobs', {
    ...json({ code: '# @fake queue=0ms duration=250ms\n# @fake log="epoch 1" log="epoch 2"\n' }),
    headers: { 'content-type': 'application/json', 'idempotency-key': 'key-1' },
  });
  await send('submit replayed', '/v1/jobs', {
    ...json({ code: '# @fake queue=0ms duration=250ms\n# @fake log="epoch 1" log="epoch 2"\n' }),
    headers: { 'content-type': 'application/json', 'idempotency-key': 'key-1' },
  });
  const id = encodeURIComponent(JSON.parse(submitted).id);
  await send('get job', `/v1/jobs/${id}`);
  await send('get job, trailing slash', `/v1/jobs/${id}/`);
  await send('missing job', '/v1/jobs/job_missing');
  await send('list, bad limit', '/v1/jobs?limit=abc');
  await send('unknown route', '/v1/nowhere');
  await send('wrong method', `/v1/jobs/${id}`, { method: 'DELETE' });
  await send('undecodable path', '/v1/jobs/%ff');
  await form.advance(60_000);
  await send('finished job', `/v1/jobs/${id}`);
  await send('list', '/v1/jobs?limit=5');
  await send('logs', `/v1/jobs/${id}/logs?offset=1`);
  await send('log stream (NDJSON)', `/v1/jobs/${id}/logs/stream`);
  await send('result', `/v1/jobs/${id}/result`);
  await send('upload', '/v1/files/data/train.csv', { method: 'PUT', body: 'a,b\n1,2\n'.repeat(10_000) });
  await send('upload, bad checksum', '/v1/files/data/x.csv', {
    method: 'PUT',
    body: 'x',
    headers: { 'x-checksum-sha256': '0'.repeat(64) },
  });
  await send('download', '/v1/files/data/train.csv');
  await send('missing file', '/v1/files/data/none.csv');
  await send('create endpoint', '/v1/endpoints', json({ name: 'ep-1', modelPath: 'models/m.pt' }));
  await send('delete endpoint', '/v1/endpoints/ep-1', { method: 'DELETE' });
  await send('usage', '/v1/usage');
  await send('control disabled', '/v1/_control/reset', { method: 'POST' });
  return answers;
}

async function faultScript(form: Form): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < 12; i++) {
    const res = await fetch(`${form.url}/v1/auth/token`, json({ apiKey: API_KEY })).then(
      async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.text() }),
      () => ({ status: 0, retryAfter: null, body: 'connection dropped' }),
    );
    answers.push({
      step: `token #${i}`,
      status: res.status,
      headers: { 'retry-after': res.retryAfter },
      body: normalise(res.body, form),
    });
  }
  return answers;
}

function json(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

describe('the in-process form and the standalone server', () => {
  it('answer the same requests with the same status, headers and body', async () => {
    const msw = await inProcess();
    const expected = await runScript(msw).finally(() => msw.close());
    const socket = await overSocket();
    const actual = await runScript(socket).finally(() => socket.close());
    expect(expected.map((a) => a.status)).toContain(404);
    expect(expected.find((a) => a.step === 'log stream (NDJSON)')?.body).toContain('epoch 2');
    expect(actual).toEqual(expected);
  });

  it('draw the same faults for the same seed', async () => {
    const faults: FaultOptions = {
      rate: 0.6,
      kinds: ['rate-limit', 'internal', 'unavailable', 'drop-before'],
    };
    const clock = createManualClock();
    const platform = createFakePlatform({ ...OPTIONS, clock, faults });
    mswServer.resetHandlers(...platform.handlers);
    const expected = await faultScript({
      url: platform.url,
      advance: (ms) => clock.advance(ms),
      close: async () => {},
    });
    platform.model.dispose();
    mswServer.resetHandlers();
    const server = await startFakePlatformServer({ ...OPTIONS, clock: createManualClock(), faults, port: 0 });
    const actual = await faultScript({
      url: server.url,
      advance: async () => {},
      close: async () => {},
    }).finally(() => server.close());
    expect(new Set(expected.map((a) => a.status)).size).toBeGreaterThan(2);
    expect(actual).toEqual(expected);
  });
});
