import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { parseOrThrow } from '@neural/integrations-core';
import { getResponse, type RequestHandler } from 'msw';
import { z } from 'zod';
import type { FakePlatformModel } from './model/index.js';
import { type FakePlatformOptions, FakePlatformOptionsSchema } from './options.js';
import { createFakePlatform, type FakePlatform, undecodablePathProblem } from './platform.js';
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

/** A RegExp for an msw path pattern (`:param` one segment, `*` the rest), to pre-select handlers cheaply. */
function pathPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) =>
      segment === '*'
        ? '.*'
        : segment.startsWith(':')
          ? '[^/]+'
          : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}/?$`);
}

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
    !BODYLESS.has(method) &&
    (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0);
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
  if (!response.body) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  const reader = response.body.getReader();
  if (response.headers.get('content-type') === 'application/x-ndjson') {
    // A follower must see the headers before the first event, which may be a long way off.
    res.writeHead(response.status, headers);
    res.flushHeaders();
  } else {
    // Headers and the first chunk leave in one packet: sending them apart costs a delayed-ACK round trip.
    const first = await reader.read();
    if (first.done) {
      res.writeHead(response.status, headers);
      res.end();
      return;
    }
    if (!('content-length' in headers) && !('transfer-encoding' in headers)) {
      const next = await reader.read();
      if (next.done) {
        headers['content-length'] = String(first.value.byteLength);
        res.writeHead(response.status, headers);
        res.end(first.value);
        return;
      }
      res.writeHead(response.status, headers);
      res.write(first.value);
      res.write(next.value);
    } else {
      res.writeHead(response.status, headers);
      res.write(first.value);
    }
  }
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
export async function startFakePlatformServer(
  options: FakePlatformServerOptions = {},
): Promise<FakePlatformServer> {
  const { port, host, ...platformOptions } = options;
  const listen = parseOrThrow(ListenSchema, { port, host }, 'fake platform server options');
  // Refuse bad platform options before a port is taken (the real base URL is only known after listening).
  parseOrThrow(
    FakePlatformOptionsSchema,
    { ...platformOptions, baseUrl: 'http://127.0.0.1' },
    'fake platform options',
  );
  let platform: FakePlatform | undefined;
  // Handlers by method, so a request only runs the matchers that could answer it.
  const byMethod = new Map<string, Array<{ pattern: RegExp; handler: RequestHandler }>>();
  const fallback: RequestHandler[] = [];
  let origin = '';

  const server: Server = createServer({ noDelay: true, keepAlive: true }, (req, res) => {
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
      // Pre-select the one handler whose path matches, so msw compiles and runs a single matcher.
      const pathname = new URL(request.url).pathname;
      const undecodable = undecodablePathProblem(pathname);
      if (undecodable) throw undecodable;
      const candidates = (byMethod.get(method) ?? []).filter(({ pattern }) => pattern.test(pathname));
      response =
        (candidates.length > 0
          ? await getResponse(
              candidates.map(({ handler }) => handler),
              request,
            )
          : undefined) ?? (await getResponse(fallback, request));
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
    const info = handler.info as { method?: unknown; path?: unknown };
    const method = String(info.method ?? '').toUpperCase();
    if (method === 'ALL' || method === '' || typeof info.path !== 'string') {
      fallback.push(handler);
      continue;
    }
    const list = byMethod.get(method) ?? [];
    list.push({ pattern: pathPattern(new URL(info.path).pathname), handler });
    byMethod.set(method, list);
  }

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
