/**
 * A small in-memory platform that speaks docs/platform-api.md, as MSW handlers: enough to test HttpConnector
 * alone. The full fake (@neural/fake-platform) is tested against in fake-platform.test.ts.
 */
import { createHash } from 'node:crypto';
import { HttpResponse, http } from 'msw';

export const BASE = 'https://platform.test';
export const API = `${BASE}/v1`;
export const API_KEY = 'sk-live-KNOWN-SECRET-0123456789';

export interface MiniJob {
  id: string;
  name: string | null;
  state: string;
  createdAt: string;
  body: unknown;
  logs: string;
  output?: string;
  error?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  search: string;
  headers: Record<string, string>;
}

export function problem(status: number, code: string, detail = code, extra: Record<string, unknown> = {}) {
  return HttpResponse.json(
    {
      type: `https://neural.dev/problems/${code.toLowerCase()}`,
      title: code,
      status,
      detail,
      code,
      ...extra,
    },
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}

export function createMiniPlatform(options: { tokenTtlSeconds?: number } = {}) {
  const jobs = new Map<string, MiniJob>();
  const idempotency = new Map<string, { body: string; jobId: string }>();
  const tokens = new Map<string, 'valid' | 'expired'>();
  const files = new Map<string, Buffer>();
  const endpoints = new Set<string>();
  const requests: RecordedRequest[] = [];
  let sequence = 0;
  let tokenSequence = 0;

  const toWire = (job: MiniJob) => ({
    id: job.id,
    name: job.name,
    state: job.state,
    createdAt: job.createdAt,
    startedAt: null,
    finishedAt: null,
    resources: {},
  });
  const terminal = (state: string) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(state);

  /** Returns a problem response when the request is not authorised. */
  const unauthorised = (request: Request) => {
    const header = request.headers.get('authorization') ?? '';
    const token = header.replace(/^Bearer /, '');
    const state = tokens.get(token);
    if (state === 'valid') return undefined;
    if (state === 'expired') return problem(401, 'TOKEN_EXPIRED');
    return problem(401, 'UNAUTHENTICATED');
  };
  const findJob = (id: string) => jobs.get(id);

  const handlers = [
    http.all(`${API}/*`, ({ request }) => {
      const headers: Record<string, string> = {};
      request.headers.forEach((value, key) => {
        headers[key] = value;
      });
      const url = new URL(request.url);
      requests.push({ method: request.method, path: url.pathname, search: url.search, headers });
    }),
    http.post(`${API}/auth/token`, async ({ request }) => {
      const body = (await request.json()) as { apiKey?: string };
      if (body.apiKey !== API_KEY) return problem(401, 'INVALID_API_KEY', 'The API key was not accepted');
      const accessToken = `tok-${++tokenSequence}-abcdefghijklmnop`;
      tokens.set(accessToken, 'valid');
      const expiresIn = options.tokenTtlSeconds ?? 3600;
      return HttpResponse.json({
        accessToken,
        tokenType: 'Bearer',
        expiresIn,
        expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString(),
      });
    }),
    http.post(`${API}/jobs`, async ({ request }) => {
      const denied = unauthorised(request);
      if (denied) return denied;
      const text = await request.text();
      const body = JSON.parse(text) as { code?: unknown; name?: string };
      if (typeof body.code !== 'string') {
        return problem(422, 'INVALID_REQUEST', 'code is required', {
          errors: [{ field: 'code', rule: 'must be a string' }],
        });
      }
      const key = request.headers.get('idempotency-key');
      if (key) {
        const seen = idempotency.get(key);
        if (seen && seen.body !== text) return problem(409, 'IDEMPOTENCY_KEY_REUSED');
        if (seen) {
          return HttpResponse.json(toWire(jobs.get(seen.jobId)!), {
            status: 200,
            headers: { 'idempotent-replayed': 'true' },
          });
        }
      }
      const id = `job_${String(++sequence).padStart(4, '0')}`;
      const job: MiniJob = {
        id,
        name: body.name ?? null,
        state: 'QUEUED',
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString(),
        body,
        logs: '',
      };
      jobs.set(id, job);
      if (key) idempotency.set(key, { body: text, jobId: id });
      return HttpResponse.json(toWire(job), { status: 201 });
    }),
    http.get(`${API}/jobs`, ({ request }) => {
      const denied = unauthorised(request);
      if (denied) return denied;
      const url = new URL(request.url);
      const limit = Number(url.searchParams.get('limit') ?? 10);
      const states = url.searchParams.get('state')?.split(',');
      const cursor = url.searchParams.get('cursor');
      const all = [...jobs.values()]
        .filter((job) => !states || states.includes(job.state))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString()) : 0;
      const page = all.slice(start, start + limit);
      const next =
        start + limit < all.length ? Buffer.from(String(start + limit)).toString('base64url') : null;
      return HttpResponse.json({ jobs: page.map(toWire), nextCursor: next });
    }),
    http.get(`${API}/jobs/:id`, ({ request, params }) => {
      const denied = unauthorised(request);
      if (denied) return denied;
      const job = findJob(String(params.id));
      return job ? HttpResponse.json(toWire(job)) : problem(404, 'JOB_NOT_FOUND');
    }),
    http.post(`${API}/jobs/:id/cancel`, ({ request, params }) => {
      const denied = unauthorised(request);
      if (denied) return denied;
      const job = findJob(String(params.id));
      if (!job) return problem(404, 'JOB_NOT_FOUND');
      if (terminal(job.state)) return HttpResponse.json({ cancelled: false, job: toWire(job) });
      job.state = 'CANCELLED';
      return HttpResponse.json({ cancelled: true, job: toWire(job) });
    }),
    http.get(`${API}/jobs/:id/result`, ({ request, params }) => {
      const denied = unauthorised(request);
      if (denied) return denied;
      const job = findJob(String(params.id));
      if (!job) return problem(404, 'JOB_NOT_FOUND');
      return HttpResponse.json({
        jobId: job.id,
        state: job.state,
        ...(job.output !== undefined ? { output: job.output } : {}),
        ...(job.error !== undefined ? { error: job.error } : {}),
        metrics: { loss: 0.25 },
        artifacts: ['model.pt'],
        durationSeconds: 2.5,
      });
    }),
    http.get(`${API}/jobs/:id/logs`, ({ request, params }) => {
      const denied = unauthorised(request);
      if (denied) return denied;
      const job = findJob(String(params.id));
      if (!job) return problem(404, 'JOB_NOT_FOUND');
      const offset = Number(new URL(request.url).searchParams.get('offset') ?? 0);
      // Pages of at most 8 characters, to exercise paging.
      const content = job.logs.slice(offset, offset + 8);
      const nextOffset = offset + content.length;
      return HttpResponse.json({
        content,
        nextOffset,
        complete: terminal(job.state) && nextOffset >= job.logs.length,
      });
    }),
    http.get(`${API}/jobs/:id/logs/stream`, ({ request, params }) => {
      const denied = unauthorised(request);
      if (denied) return denied;
      const job = findJob(String(params.id));
      if (!job) return problem(404, 'JOB_NOT_FOUND');
      const offset = Number(new URL(request.url).searchParams.get('offset') ?? 0);
      const lines = job.logs
        .slice(offset)
        .split(/(?<=\n)/)
        .filter(Boolean);
      let position = offset;
      const events = lines.map((content) => {
        const event = { type: 'log', offset: position, content };
        position += content.length;
        return event;
      });
      if (terminal(job.state)) events.push({ type: 'end', state: job.state } as never);
      return new HttpResponse(events.map((event) => `${JSON.stringify(event)}\n`).join(''), {
        headers: { 'content-type': 'application/x-ndjson' },
      });
    }),
    http.put(`${API}/files/*`, async ({ request }) => {
      const denied = unauthorised(request);
      if (denied) return denied;
      const path = decodeURIComponent(new URL(request.url).pathname.slice('/v1/files/'.length));
      if (path.startsWith('/') || path.split('/').includes('..')) return problem(400, 'INVALID_PATH');
      const bytes = Buffer.from(await request.arrayBuffer());
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const claimed = request.headers.get('x-checksum-sha256');
      if (claimed && claimed !== sha256) return problem(422, 'CHECKSUM_MISMATCH');
      files.set(path, bytes);
      return HttpResponse.json({ path, size: bytes.length, sha256 }, { status: 201 });
    }),
    http.get(`${API}/files/*`, ({ request }) => {
      const denied = unauthorised(request);
      if (denied) return denied;
      const path = decodeURIComponent(new URL(request.url).pathname.slice('/v1/files/'.length));
      const bytes = files.get(path);
      if (!bytes) return problem(404, 'FILE_NOT_FOUND');
      return new HttpResponse(bytes, {
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(bytes.length),
          'x-checksum-sha256': createHash('sha256').update(bytes).digest('hex'),
        },
      });
    }),
    http.post(`${API}/endpoints`, async ({ request }) => {
      const denied = unauthorised(request);
      if (denied) return denied;
      const body = (await request.json()) as { name: string; modelPath: string };
      if (endpoints.has(body.name)) return problem(409, 'ENDPOINT_EXISTS');
      endpoints.add(body.name);
      return HttpResponse.json(
        { name: body.name, url: `${BASE}/serve/${body.name}`, modelPath: body.modelPath, status: 'ready' },
        { status: 201 },
      );
    }),
    http.delete(`${API}/endpoints/:name`, ({ request, params }) => {
      const denied = unauthorised(request);
      if (denied) return denied;
      if (!endpoints.delete(String(params.name))) return problem(404, 'ENDPOINT_NOT_FOUND');
      return new HttpResponse(null, { status: 204 });
    }),
    http.get(`${API}/usage`, ({ request }) => {
      const denied = unauthorised(request);
      if (denied) return denied;
      const running = [...jobs.values()].filter((job) => job.state === 'RUNNING').length;
      const pending = [...jobs.values()].filter((job) => job.state === 'QUEUED').length;
      return HttpResponse.json({
        totalGpus: 8,
        usedGpus: 2,
        availableGpus: 6,
        totalCpus: 64,
        usedCpus: 8,
        runningJobs: running,
        pendingJobs: pending,
      });
    }),
  ];

  return {
    handlers,
    jobs,
    files,
    endpoints,
    requests,
    /** Requests to a path, excluding the token exchange. */
    requestsTo(method: string, path: string) {
      return requests.filter((request) => request.method === method && request.path === path);
    },
    expireAllTokens() {
      for (const token of tokens.keys()) tokens.set(token, 'expired');
    },
    get tokensIssued() {
      return tokenSequence;
    },
    addJob(fields: Partial<MiniJob> & { state: string }) {
      const id = fields.id ?? `job_${String(++sequence).padStart(4, '0')}`;
      const job: MiniJob = {
        id,
        name: null,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString(),
        body: {},
        logs: '',
        ...fields,
      };
      jobs.set(id, job);
      return job;
    },
    reset() {
      jobs.clear();
      idempotency.clear();
      tokens.clear();
      files.clear();
      endpoints.clear();
      requests.length = 0;
      tokenSequence = 0;
      sequence = 0;
    },
  };
}

export type MiniPlatform = ReturnType<typeof createMiniPlatform>;
