import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseOrThrow } from '@neural/integrations-core';
import { z } from 'zod';
import type { FakePlatformModel, PlatformRequest } from './model/index.js';
import { type FakePlatformOptions, FakePlatformOptionsSchema } from './options.js';
import {
  createFakePlatform,
  type FakePlatform,
  type PlatformDispatch,
  platformDispatch,
} from './platform.js';
import type { PlatformAnswer } from './platform-answer.js';
import { PlatformProblem, problemResponse } from './problems.js';

/** Options of {@link startFakePlatformServer}: where to listen, plus every platform option but `url`. */
export type FakePlatformServerOptions = Omit<FakePlatformOptions, 'url'> & {
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

/**
 * The request body as a pull-based web stream: the socket is read only as fast as the platform consumes the
 * body, so an upload stored slower than it arrives waits in the kernel, not in memory. Cancelling leaves
 * the socket open for keep-alive.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  const chunks = req.iterator({ destroyOnReturn: false }) as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      },
      async cancel() {
        await chunks.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

/** Request headers as fetch reads them: names lower-cased, repeats joined with `, `, iterated by name. */
class SocketHeaders {
  readonly #values = new Map<string, string>();

  constructor(raw: readonly string[]) {
    for (let i = 0; i < raw.length; i += 2) {
      const name = (raw[i] as string).toLowerCase();
      if (name.startsWith(':')) continue;
      const value = (raw[i + 1] as string).trim();
      const previous = this.#values.get(name);
      this.#values.set(name, previous === undefined ? value : `${previous}, ${value}`);
    }
  }

  get(name: string): string | null {
    return this.#values.get(name.toLowerCase()) ?? null;
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const name of [...this.#values.keys()].sort()) callback(this.#values.get(name) as string, name);
  }
}

/**
 * The socket's request as the platform reads it. Not a fetch `Request`: constructing one (its `Headers`, its
 * own AbortController) costs more than answering a status query, and nothing here needs the rest of it.
 */
function toPlatformRequest(req: IncomingMessage, origin: string): PlatformRequest {
  const method = req.method ?? 'GET';
  const hasBody =
    !BODYLESS.has(method) &&
    (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0);
  const body = hasBody ? bodyStream(req) : null;
  return {
    url: new URL(req.url ?? '/', origin).href,
    method,
    headers: new SocketHeaders(req.rawHeaders),
    body,
    text: () => (body ? new Response(body).text() : Promise.resolve('')),
  };
}

/** Resolves once `res` can take more data or is closed, leaving no listener behind. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

async function writeResponse(response: PlatformAnswer, res: ServerResponse): Promise<void> {
  if (!(response instanceof Response)) {
    res.writeHead(response.status, {
      ...response.headers,
      'content-length': String(Buffer.byteLength(response.text)),
    });
    res.end(response.text);
    return;
  }
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
      if (!res.write(value)) await drained(res);
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
 * Serves the fake platform over a real `node:http` socket, without Express or msw: each request becomes one
 * light {@link PlatformRequest} (never cloned) whose body is pulled from the socket, routed by the same route table and
 * answered by the same behaviours as the platform's MSW handlers, and the `Response` is streamed back. A
 * dropped-connection fault (`HttpResponse.error()`) destroys the socket.
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
    { ...platformOptions, url: 'http://127.0.0.1' },
    'fake platform options',
  );
  let dispatch: PlatformDispatch | undefined;
  let origin = '';

  const server: Server = createServer({ noDelay: true, keepAlive: true }, (req, res) => {
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The signal is made only when a route waits on it: an AbortController costs more than most answers.
    let abort: AbortController | undefined;
    let gone = false;
    const end = () => {
      gone = true;
      abort?.abort();
    };
    res.once('close', () => {
      if (!res.writableFinished) end();
    });
    req.once('error', end);
    const signal = () => {
      if (!abort) {
        abort = new AbortController();
        if (gone) abort.abort();
      }
      return abort.signal;
    };
    let response: PlatformAnswer;
    try {
      if (!dispatch) throw new PlatformProblem('UNAVAILABLE', 'The platform is starting');
      response = await dispatch(toPlatformRequest(req, origin), signal);
    } catch (error) {
      response = problemResponse(error);
    }
    if (response instanceof Response && response.type === 'error') {
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
  let ready: FakePlatform;
  try {
    ready = createFakePlatform({ ...platformOptions, url });
  } catch (error) {
    server.close();
    throw error;
  }
  dispatch = platformDispatch(ready);

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
