import { createManualClock } from '@neural/integrations-core/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakePlatform, type JobJson } from '../src/index.js';
import { API_KEY, client } from './helpers.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('a client that retries with idempotency keys under 30% faults of every kind', () => {
  it('leaves exactly one job per submit: none lost, none duplicated', async () => {
    const clock = createManualClock();
    const platform = createFakePlatform({
      apiKey: API_KEY,
      clock,
      seed: 42,
      faults: { rate: 0.3, latencySpikeMs: 0 },
    });
    server.resetHandlers(...platform.handlers);
    const api = client(platform);
    let token = '';
    const refresh = async () => {
      for (;;) {
        const res = await api.call('/v1/auth/token', { body: { apiKey: API_KEY } }).catch(() => undefined);
        if (res?.status === 200) {
          token = ((await res.json()) as { accessToken: string }).accessToken;
          return;
        }
      }
    };
    await refresh();
    const submitted = new Map<string, string>();
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const key = `chaos-${i}`;
      for (let attempt = 0; attempt < 50; attempt++) {
        const res = await api
          .call('/v1/jobs', {
            token,
            body: { code: `print('${i}')`, name: key },
            headers: { 'Idempotency-Key': key },
          })
          .catch(() => undefined);
        if (res === undefined) continue; // dropped connection: retry with the same key
        if (res.status === 401) {
          await refresh();
          continue;
        }
        if (res.status === 201 || res.status === 200) {
          submitted.set(key, ((await res.json()) as JobJson).id);
          break;
        }
        expect([429, 500, 503]).toContain(res.status);
      }
    }
    const faults = new Set(platform.requests.map((r) => r.fault).filter(Boolean));
    expect([...faults].sort()).toEqual(
      [
        'drop-after',
        'drop-before',
        'internal',
        'latency',
        'rate-limit',
        'token-expired',
        'unavailable',
      ].sort(),
    );
    expect(submitted.size).toBe(200);
    expect(platform.model.jobCount).toBe(200);

    await clock.advance(3_000);
    platform.setFaults({});
    await refresh();
    let cursor: string | null = null;
    do {
      const res = await api.call(`/v1/jobs?limit=37${cursor ? `&cursor=${cursor}` : ''}`, { token });
      const page = (await res.json()) as { jobs: JobJson[]; nextCursor: string | null };
      for (const job of page.jobs) {
        expect(seen.has(job.id)).toBe(false);
        seen.add(job.id);
        expect(job.state).toBe('COMPLETED');
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect([...seen].sort()).toEqual([...submitted.values()].sort());
  });
});
