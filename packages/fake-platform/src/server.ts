import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { parseOrThrow } from '@neural/integrations-core';
import { getResponse, type RequestHandler } from 'msw';
import { z } from 'zod';
import type { FakePlatformModel } from './model.js';
import type { FakePlatformOptions } from './options.js';
import { createFakePlatform, type FakePlatform } from './platform.js';
import { PlatformProblem, problemResponse } from './problems.js';

/** Options of {@link startFakePlatformServer}: where to listen, plus every platform option but `baseUrl`. */
export type FakePlatformServerOptions = Omit<FakePlatformOptions, 'baseUrl'> & {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind (default `127.0.0.1`; `0.0.0.0` in a container). */
  host?: string;
};

/** A running standalone fake platform. */
export interface FakePlatformServer {
  /** `http://host:port`, the endpoint to give a connector (without `/v1`). */
  readonly url: string;
  /** The bound port. */
  readonly port: number;
  /** The API key the token exchange accepts. */
  readonly apiKey: string;
  /** The in-memory platform (inspect requests, advance the clock, finish jobs). */
  readonly model: FakePlatformModel;
  /** The platform (handlers and helpers) the server serves. */
  readonly platform: FakePlatform;
  /** Stops accepting connections, ends open streams and long-polls, and resolves once the socket is closed. */
  close(): Promise<void>;
}

const ListenSchema = z.object({
  port: z
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be from 0 to 65535')
    .max(65535, 'must be from 0 to 65535')
    .default(0),
  host: z.string().min(1, 'must not be empty').default('127.0.0.1'),
});

const BODYLESS = new Set(['GET', 'HEAD']);

/** The address clients should use: a wildcard bind is reached through loopback. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function toFetchRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.startsWith(':')) continue;
    headers.append(name, raw[i + 1] as string);
  }
  const method = req.method ?? 'GET';
  const hasBody =
    !BODYLESS.has(method) && (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0);
  return new Request(new URL(req.url ?? '/', origin), {
    method,
    headers,
    signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  res.flushHeaders();
  const reader = response.body.getReader();
  const onClose = () => {
    reader.cancel().catch(() => {});
  };
  res.once('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
      if (res.destroyed) return;
    }
    res.end();
  } catch {
    // The body failed mid-stream: cut the connection so the client sees a broken stream, never a clean end.
    res.destroy();
  } finally {
    res.off('close', onClose);
  }
}

/**
 * Serves the fake platform's MSW handlers over a real `node:http` socket, without Express: each request is
 * turned into a fetch `Request` whose body is the socket stream, answered by msw's `getResponse`, and the
 * `Response` is streamed back. A dropped-connection fault (`HttpResponse.error()`) destroys the socket.
 *
 * @example
 * ```ts
 * const server = await startFakePlatformServer({ port: 0 });
 * const res = await fetch(`${server.url}/v1/auth/token`, {
 *   method: 'POST',
 *   body: JSON.stringify({ apiKey: server.apiKey }),
 * });
 * await server.close();
 * ```
 */
export async function startFakePlatformServer(options: FakePlatformServerOptions = {}): Promise<FakePlatformServer> {
  const { port, host, ...platformOptions } = options;
  const listen = parseOrThrow(ListenSchema, { port, host }, 'fake platform server options');
  let platform: FakePlatform | undefined;
  // Handlers by method, so a request only runs the matchers that could answer it.
  let byMethod = new Map<string, RequestHandler[]>();
  let fallback: RequestHandler[] = [];
  let origin = '';

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const abort = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    req.once('error', () => abort.abort());
    let response: Response | undefined;
    try {
      if (!platform) throw new PlatformProblem('UNAVAILABLE', 'The platform is starting');
      const request = toFetchRequest(req, origin, abort.signal);
      const method = request.method.toUpperCase();
      response =
        (await getResponse(byMethod.get(method) ?? [], request)) ?? (await getResponse(fallback, request));
      if (!response) throw new PlatformProblem('ROUTE_NOT_FOUND', `No route ${method} ${req.url}`);
    } catch (error) {
      response = problemResponse(error);
    }
    if (response.type === 'error') {
      req.socket.destroy();
      return;
    }
    if (!req.complete) {
      // The handler answered without reading the whole body; drain it so keep-alive stays usable.
      req.resume();
    }
    try {
      await writeResponse(response, res);
    } catch {
      res.destroy();
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${reachableHost(listen.host)}:${address.port}`;
  origin = url;
  try {
    platform = createFakePlatform({ ...platformOptions, baseUrl: url });
  } catch (error) {
    server.close();
    throw error;
  }
  for (const handler of platform.handlers) {
    const method = String((handler.info as { method?: unknown }).method ?? '').toUpperCase();
    if (method === 'ALL' || method === '') {
      fallback.push(handler);
      continue;
    }
    const list = byMethod.get(method) ?? [];
    list.push(handler);
    byMethod.set(method, list);
  }
  byMethod = new Map(byMethod);
  fallback = [...fallback];

  const ready = platform;
  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    apiKey: ready.apiKey,
    model: ready.model,
    platform: ready,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        ready.model.dispose();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
