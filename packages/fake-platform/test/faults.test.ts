import { InvalidParameterError } from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFakePlatform, type FakePlatformOptions, type FaultKind } from '../src/index.js';
import { API_KEY, client, expectProblem, isSettled, until } from './helpers.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function open(options: FakePlatformOptions = {}) {
  const clock = createManualClock();
  const platform = createFakePlatform({ apiKey: API_KEY, clock, ...options });
  server.resetHandlers(...platform.handlers);
  return { platform, clock, api: client(platform) };
}

describe('fault injection', () => {
  async function faultSequence(seed: number): Promise<Array<FaultKind | undefined>> {
    const { platform, api } = open({ seed });
    const token = await api.token();
    platform.setFaults({ rate: 0.5, kinds: ['internal', 'unavailable', 'rate-limit', 'token-expired'] });
    for (let i = 0; i < 40; i++) {
      // A fresh token each time, so an injected token expiry does not cascade into the next request.
      await api.call('/v1/usage', {
        token: i === 0 ? token : await platform.model.issueToken(API_KEY).accessToken,
      });
    }
    return platform.requests.filter((r) => r.operationId === 'getUsage').map((r) => r.fault);
  }

  it('is reproducible: the same seed gives the same faults, another seed others', async () => {
    const first = await faultSequence(7);
    const again = await faultSequence(7);
    const other = await faultSequence(8);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(first.filter(Boolean).length).toBeGreaterThan(5);
    expect(first.filter((kind) => kind === undefined).length).toBeGreaterThan(5);
  });

  it('answers 500 INTERNAL, 503 UNAVAILABLE and 429 RATE_LIMITED with Retry-After, without acting', async () => {
    const { platform, api } = open();
    const cases: Array<[FaultKind, number, string]> = [
      ['internal', 500, 'INTERNAL'],
      ['unavailable', 503, 'UNAVAILABLE'],
      ['rate-limit', 429, 'RATE_LIMITED'],
    ];
    for (const [kind, status, code] of cases) {
      platform.setFaults({ retryAfterSeconds: 3, routes: { submitJob: { rate: 1, kinds: [kind] } } });
      const res = await api.authed('/v1/jobs', { body: { code: 'x' } });
      if (kind === 'rate-limit') expect(res.headers.get('retry-after')).toBe('3');
      await expectProblem(res, status, code);
    }
    expect(platform.model.jobCount).toBe(0);
    // Per-route settings leave the other routes alone.
    expect((await api.authed('/v1/usage')).status).toBe(200);
  });

  it('drops the connection before acting: the client sees a network error and no job exists', async () => {
    const { platform, api } = open();
    await api.token();
    platform.setFaults({ routes: { submitJob: { rate: 1, kinds: ['drop-before'] } } });
    await expect(api.authed('/v1/jobs', { body: { code: 'x' } })).rejects.toThrow(TypeError);
    expect(platform.model.jobCount).toBe(0);
  });

  it('drops the connection after acting: the job was stored, and a retry with the same key finds it', async () => {
    const { platform, api } = open();
    await api.token();
    platform.setFaults({ routes: { submitJob: { rate: 1, kinds: ['drop-after'] } } });
    const headers = { 'Idempotency-Key': 'retry-me' };
    await expect(api.authed('/v1/jobs', { body: { code: 'x' }, headers })).rejects.toThrow(TypeError);
    expect(platform.model.jobCount).toBe(1);
    platform.setFaults({});
    const retry = await api.authed('/v1/jobs', { body: { code: 'x' }, headers });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(((await retry.json()) as { id: string }).id).toBe(platform.model.jobIds[0]);
    expect(platform.model.jobCount).toBe(1);
  });

  it('expires the caller token: TOKEN_EXPIRED now and on the next call, until a new token is taken', async () => {
    const { platform, api } = open();
    const token = await api.token();
    platform.setFaults({ routes: { getUsage: { rate: 1, kinds: ['token-expired'] } } });
    await expectProblem(await api.call('/v1/usage', { token }), 401, 'TOKEN_EXPIRED');
    platform.setFaults({});
    await expectProblem(await api.call('/v1/usage', { token }), 401, 'TOKEN_EXPIRED');
    expect((await api.call('/v1/usage', { token: await api.token() })).status).toBe(200);
  });

  it('adds latency on the latency clock, so a test drives it instead of waiting', async () => {
    const latencyClock = createManualClock();
    const { platform, api } = open({ latencyClock });
    const token = await api.token();
    platform.setFaults({ latencyMs: 40 });
    const pending = api.call('/v1/usage', { token });
    await until(() => latencyClock.pendingSleepers === 1);
    expect(await isSettled(pending)).toBe(false);
    await latencyClock.advance(40);
    expect((await pending).status).toBe(200);
  });

  it('refuses bad fault options with InvalidParameterError naming the field', () => {
    expect(() => createFakePlatform({ faults: { rate: 2 } })).toThrow(InvalidParameterError);
    expect(() => createFakePlatform({ faults: { rate: 2 } })).toThrow(/faults\.rate/);
    expect(() => createFakePlatform({ faults: { kinds: ['explode' as FaultKind] } })).toThrow(
      /faults\.kinds/,
    );
    const { platform } = open();
    expect(() => platform.setFaults({ latencyMs: -1 })).toThrow(/latencyMs/);
  });
});
