/**
 * The standalone server streams bodies both ways without holding them: an upload is read from the socket only
 * as fast as the platform takes it, and a slow download does not pile up listeners on the response.
 */
import { createManualClock } from '@neural/integrations-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakePlatformServer } from '../src/index.js';
import { API_KEY, client, until } from './helpers.js';

const MiB = 1024 * 1024;

const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
afterEach(() => {
  process.off('warning', onWarning);
  warnings.length = 0;
});

describe('the standalone server, streaming', () => {
  it('reads an upload only as fast as the platform takes it', async () => {
    const latencyClock = createManualClock();
    const server = await startFakePlatformServer({
      apiKey: API_KEY,
      latencyClock,
      maxFileBytes: 128 * MiB,
    });
    try {
      const api = client({ url: server.url, apiKey: API_KEY });
      const token = await api.token();
      server.model.setFaults({ latencyMs: 1_000 });
      const total = 64 * MiB;
      let sent = 0;
      const chunk = new Uint8Array(MiB);
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (sent >= total) return controller.close();
            sent += chunk.byteLength;
            controller.enqueue(chunk);
          },
        },
        { highWaterMark: 0 },
      );
      const upload = api.call('/v1/files/big.bin', { method: 'PUT', body, token });
      // The platform sleeps its injected latency before the route reads the body: while it does, the client
      // can only fill the socket's buffers, never send the whole file into the server's memory.
      await until(() => latencyClock.pendingSleepers > 0);
      await expect(until(() => sent >= total, 20_000)).rejects.toThrow('condition not reached');
      expect(sent).toBeLessThan(total / 2);
      await latencyClock.advance(1_000);
      const res = await upload;
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ path: 'big.bin', size: total });
    } finally {
      await server.close();
    }
  });

  it('writes a download to a slow reader without adding a listener per wait', async () => {
    process.on('warning', onWarning);
    const server = await startFakePlatformServer({ apiKey: API_KEY, maxFileBytes: 64 * MiB });
    try {
      const size = 32 * MiB;
      const chunks = Array.from({ length: 512 }, (_, i) => new Uint8Array(size / 512).fill(i % 256));
      await server.model.putFile('big.bin', new Blob(chunks).stream(), null);
      const api = client({ url: server.url, apiKey: API_KEY });
      const res = await api.authed('/v1/files/big.bin');
      expect(res.status).toBe(200);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.byteLength;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      expect(received).toBe(size);
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
