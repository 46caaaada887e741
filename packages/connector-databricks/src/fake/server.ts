/**
 * The fake workspace on a loopback socket, for connectors in another process (or a test that wants real HTTP):
 * each request becomes a fetch `Request` answered by the same MSW handlers, and a dropped-connection fault
 * destroys the socket.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { getResponse } from 'msw';
import { createFakeDatabricks, type FakeDatabricks } from './handlers.js';
import type { FakeDatabricksOptions } from './options.js';

/** A running fake workspace. */
export interface FakeDatabricksServer extends FakeDatabricks {
  /** `http://127.0.0.1:<port>`, the `host` to give a connector. */
  readonly url: string;
  /** Stops accepting connections and resolves once the socket is closed. */
  close(): Promise<void>;
}

/** Starts the fake workspace on `127.0.0.1` (a free port unless `port` is given). */
export async function startFakeDatabricksServer(
  options: Omit<FakeDatabricksOptions, 'host'> & { port?: number | undefined } = {},
): Promise<FakeDatabricksServer> {
  const { port = 0, ...fakeOptions } = options;
  let fake: FakeDatabricks | undefined;
  const server = createServer((req, res) => {
    void serve(fake as FakeDatabricks, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake = createFakeDatabricks({ ...fakeOptions, host: url });
  return {
    ...fake,
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function serve(fake: FakeDatabricks, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const url = `${fake.host}${req.url ?? '/'}`;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(url, {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      ...(hasBody ? { duplex: 'half' } : {}),
    } as RequestInit);
    const response = await getResponse(fake.handlers, request);
    if (!response) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error_code: 'ENDPOINT_NOT_FOUND', message: 'No API found for this route.' }));
      return;
    }
    if (response.type === 'error') {
      req.socket.destroy();
      return;
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (req.method === 'HEAD' || !response.body) {
      res.end();
      return;
    }
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
    res.end();
  } catch {
    res.destroy();
  }
}
