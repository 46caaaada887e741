import { afterEach, describe, expect, it } from 'vitest';
import { type FetchServer, startFetchServer } from '../src/index.js';

let server: FetchServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('startFetchServer', () => {
  it('hands each request to the handler with its method, URL, headers and body, and writes the answer back', async () => {
    server = await startFetchServer(async (request) =>
      Response.json(
        {
          method: request.method,
          url: request.url,
          key: request.headers.get('x-key'),
          body: await request.text(),
        },
        { status: 201, headers: { 'x-fake': 'yes' } },
      ),
    );
    const response = await fetch(`${server.url}/jobs?limit=2`, {
      method: 'POST',
      headers: { 'x-key': 'k-1' },
      body: 'hello',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-fake')).toBe('yes');
    expect(await response.json()).toEqual({
      method: 'POST',
      url: `${server.url}/jobs?limit=2`,
      key: 'k-1',
      body: 'hello',
    });
  });

  it('answers 404 when the handler has no answer, and drops the connection for Response.error()', async () => {
    server = await startFetchServer(async (request) =>
      new URL(request.url).pathname === '/drop' ? Response.error() : undefined,
    );
    expect((await fetch(`${server.url}/nothing`)).status).toBe(404);
    await expect(fetch(`${server.url}/drop`)).rejects.toThrow();
  });

  it('cuts the connection mid-body when the answer body errors', async () => {
    server = await startFetchServer(async () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('partial'));
          controller.error(new Error('cut'));
        },
      });
      return new Response(body);
    });
    const response = await fetch(server.url);
    await expect(response.text()).rejects.toThrow();
  });
});
