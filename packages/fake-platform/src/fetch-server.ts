import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';

/**
 * Answers one request the way a fetch handler does (MSW's `getResponse(handlers, request)`, for instance);
 * `undefined` is a 404. A `Response.error()` drops the connection, and a body that errors mid-stream cuts it:
 * what a fake platform's injected faults look like from a real socket.
 */
export type FetchHandler = (request: Request) => Promise<Response | undefined>;

/** Where {@link startFetchServer} listens. */
export interface FetchServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  readonly host?: string;
}

/** A fetch handler listening on a real socket. */
export interface FetchServer {
  /** `http://<host>:<port>`, the base URL clients reach the handler at. */
  readonly url: string;
  /** Stops listening, ends open connections (and so open log streams), and resolves once closed. */
  close(): Promise<void>;
}

/**
 * Serves a fetch handler on a loopback socket, so that any client (an official SDK, a CLI, another process)
 * can reach a fake that is written as request handlers. The handler is asked for on each request, so a fake
 * whose handlers need the server's URL can be made after this resolves.
 *
 * @example
 * ```ts
 * let handlers: RequestHandler[] = [];
 * const server = await startFetchServer((request) => getResponse(handlers, request));
 * handlers = createFake({ url: server.url }).handlers;
 * ```
 */
export async function startFetchServer(
  handle: FetchHandler,
  options: FetchServerOptions = {},
): Promise<FetchServer> {
  const { port = 0, host = '127.0.0.1' } = options;
  const sockets = new Set<Socket>();
  let url = '';
  const server = createServer((req, res) => {
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    void handle(toRequest(req, url, abort.signal))
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
  url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
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
