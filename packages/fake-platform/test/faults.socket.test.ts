import { createManualClock } from '@neural/integrations-core/testing';
import { setupServer } from 'msw/node';
import { describe, expect, it } from 'vitest';
import { createFakePlatform, type FaultKind, startFakePlatformServer } from '../src/index.js';
import { API_KEY, client } from './helpers.js';

const mswServer = setupServer();

describe('fault injection over the socket server', () => {
  it('destroys the socket for dropped connections, after storing the job for drop-after', async () => {
    const platform = await startFakePlatformServer({
      apiKey: API_KEY,
      clock: createManualClock(),
      faults: { routes: { submitJob: { rate: 1, kinds: ['drop-after'] } } },
    });
    try {
      const api = client({ url: platform.url, apiKey: API_KEY });
      await expect(api.authed('/v1/jobs', { body: { code: 'x' } })).rejects.toThrow(TypeError);
      expect(platform.model.jobCount).toBe(1);
      expect(platform.model.requests.at(-1)).toMatchObject({ operationId: 'submitJob', fault: 'drop-after' });
      expect(platform.model.requests.at(-1)?.status).toBeUndefined();
    } finally {
      await platform.close();
    }
  });

  it('gives the same fault sequence for the same seed as in-process', async () => {
    const options = {
      apiKey: API_KEY,
      seed: 3,
      faults: { rate: 0.5, kinds: ['internal', 'rate-limit'] as FaultKind[] },
    };
    const socket = await startFakePlatformServer({ ...options, clock: createManualClock() });
    const inProcess = createFakePlatform({ ...options, clock: createManualClock() });
    mswServer.resetHandlers(...inProcess.handlers);
    mswServer.listen({ onUnhandledRequest: 'bypass' });
    try {
      for (const api of [client({ url: socket.url, apiKey: API_KEY }), client(inProcess)]) {
        for (let i = 0; i < 20; i++) await api.call('/v1/auth/token', { body: { apiKey: API_KEY } });
      }
      const faults = (requests: Array<{ fault?: FaultKind }>) => requests.map((r) => r.fault ?? null);
      expect(faults(socket.model.requests)).toEqual(faults(inProcess.requests));
    } finally {
      mswServer.close();
      await socket.close();
    }
  });
});

describe('startFakePlatformServer options', () => {
  it('refuses a bad port or an unknown option before listening, naming the field', async () => {
    await expect(startFakePlatformServer({ port: 70_000 })).rejects.toThrow(/port/);
    await expect(startFakePlatformServer({ tokenTtl: 5 } as never)).rejects.toThrow(/tokenTtl/);
  });
});
