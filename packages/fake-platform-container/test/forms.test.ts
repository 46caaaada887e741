import { startFakePlatformServer } from '@neural/fake-platform';
import { describe, expect, it } from 'vitest';
import { FakePlatformContainer } from '../src/index.js';
import { containerSuiteTitle, fakePlatformImage, noContainerEngine } from './support.js';

// The container answers a script of requests with the same bytes as the standalone server started here (which
// @neural/fake-platform's own tests hold to the in-process MSW form): status, the headers a client reads, and
// body, with what legitimately differs replaced (origin, random tokens, wall-clock times).

const API_KEY = 'fake-container-key-0001';
const SEED = 11;
const COMPARED_HEADERS = ['content-type', 'cache-control', 'retry-after', 'x-checksum-sha256'] as const;

interface Answer {
  readonly step: string;
  readonly status: number;
  readonly headers: Record<string, string | null>;
  readonly body: string;
}

function normalise(body: string, origin: string): string {
  return (
    body
      .replaceAll(origin, '<origin>')
      .replace(/fpt_[\w-]+/g, '<token>')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>')
      // A job id is a ULID: ten characters of wall-clock time, then the seeded random part.
      .replace(/job_[0-9A-Z]{10}([0-9A-Z]{16})/g, 'job_<time>$1')
  );
}

async function runScript(origin: string): Promise<Answer[]> {
  const answers: Answer[] = [];
  let token = '';
  const send = async (step: string, path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (token && !headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
    const res = await fetch(`${origin}${path}`, { ...init, headers });
    const raw = await res.text();
    const picked: Record<string, string | null> = {};
    for (const name of COMPARED_HEADERS) picked[name] = res.headers.get(name);
    answers.push({ step, status: res.status, headers: picked, body: normalise(raw, origin) });
    return raw;
  };
  const post = (body: unknown, method = 'POST'): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  await send('bad api key', '/v1/auth/token', post({ apiKey: 'wrong-key-000000' }));
  await send('no token', '/v1/jobs/job_missing');
  token = JSON.parse(await send('token', '/v1/auth/token', post({ apiKey: API_KEY }))).accessToken;
  await send('invalid submit', '/v1/jobs', post({ code: 42 }));
  const submitted = await send(
    'submit',
    '/v1/jobs',
    post({ code: '# @fake queue=0ms duration=250ms\n# @fake log="epoch 1" log="epoch 2"\n' }),
  );
  const id = encodeURIComponent(JSON.parse(submitted).id);
  await send('get job', `/v1/jobs/${id}`);
  await send('missing job', '/v1/jobs/job_missing');
  await send('list, bad limit', '/v1/jobs?limit=abc');
  await send('unknown route', '/v1/nowhere');
  await send('undecodable path', '/v1/jobs/%ff');
  await send('advance the clock', '/v1/_control/advance', post({ ms: 60_000 }));
  await send('finished job', `/v1/jobs/${id}`);
  await send('logs', `/v1/jobs/${id}/logs`);
  await send('log stream (NDJSON)', `/v1/jobs/${id}/logs/stream`);
  await send('upload', '/v1/files/data/train.csv', { method: 'PUT', body: 'a,b\n1,2\n'.repeat(10_000) });
  await send('download', '/v1/files/data/train.csv');
  await send('missing file', '/v1/files/data/none.csv');
  await send('set faults', '/v1/_control/faults', post({ rate: 1, kinds: ['rate-limit'] }, 'PUT'));
  await send('rate limited', `/v1/jobs/${id}`);
  return answers;
}

describe.skipIf(noContainerEngine)(
  containerSuiteTitle('the container and the standalone server answer alike'),
  () => {
    it('answers the same requests with the same status, headers and body', async () => {
      const server = await startFakePlatformServer({ apiKey: API_KEY, seed: SEED, enableControl: true });
      const expected = await runScript(server.url).finally(() => server.close());
      const container = await new FakePlatformContainer(fakePlatformImage)
        .withApiKey(API_KEY)
        .withSeed(SEED)
        .withControl()
        .start();
      const actual = await runScript(container.getUrl()).finally(() => container.stop());
      expect(expected.find((a) => a.step === 'log stream (NDJSON)')?.body).toContain('epoch 2');
      expect(expected.find((a) => a.step === 'rate limited')?.status).toBe(429);
      expect(actual).toEqual(expected);
    });
  },
);
