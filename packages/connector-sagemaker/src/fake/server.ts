import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { getResponse } from 'msw';
import type { FakeAwsAccount } from './account.js';
import { createFakeAws, type FakeAws } from './handlers.js';
import type { FakeAwsOptions } from './options.js';

/** Options of {@link startFakeAwsServer}: every fake option but `baseUrl`, plus where to listen. */
export type FakeAwsServerOptions = Omit<FakeAwsOptions, 'baseUrl'> & {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
};

/** The fake AWS services listening on a real socket. */
export interface FakeAwsServer {
  /** `http://127.0.0.1:<port>`: the connector's `endpoint`. */
  readonly url: string;
  /** The fake (handlers, account, requests) it serves. */
  readonly fake: FakeAws;
  /** The account behind it. */
  readonly account: FakeAwsAccount;
  /** Stops listening, ends open log streams, and resolves once the socket is closed. */
  close(): Promise<void>;
}

function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method,
    headers,
    signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  if (response.type === 'error') {
    res.destroy(); // a dropped connection, as the fault asked
    return;
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  res.flushHeaders();
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  res.once('close', () => {
    reader.cancel().catch(() => {});
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
    res.end();
  } catch {
    res.destroy(); // the stream broke (an injected cut): the client sees the connection drop mid-body
  }
}

/**
 * Starts the fake AWS services on a loopback socket, so any client (the official AWS SDK clients, the AWS CLI
 * with `--endpoint-url`) can reach them.
 *
 * @example
 * ```ts
 * const server = await startFakeAwsServer();
 * const connector = new SageMakerConnector(server.fake.credentials(), { endpoint: server.url, roleArn, bucket: 'neural-sagemaker' });
 * // …
 * await server.close();
 * ```
 */
export async function startFakeAwsServer(options: FakeAwsServerOptions = {}): Promise<FakeAwsServer> {
  const { port = 0, host = '127.0.0.1', ...rest } = options;
  const sockets = new Set<import('node:net').Socket>();
  let fake: FakeAws | undefined;
  const server = createServer((req, res) => {
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    const current = fake as FakeAws;
    const request = toRequest(req, current.url, abort.signal);
    void getResponse(current.handlers, request)
      .then((response) => writeResponse(response ?? new Response(null, { status: 404 }), res))
      .catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  fake = createFakeAws({ ...rest, baseUrl: url });
  return {
    url,
    fake,
    account: fake.account,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
