import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { getResponse } from 'msw';
import type { FakeKubernetesCluster } from './cluster.js';
import { createFakeKubernetes, type FakeKubernetes } from './handlers.js';
import type { FakeKubernetesOptions } from './options.js';

/** Options of {@link startFakeKubernetesServer}: every fake option but `baseUrl`, plus where to listen. */
export type FakeKubernetesServerOptions = Omit<FakeKubernetesOptions, 'baseUrl'> & {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
};

/** A fake Kubernetes API server listening on a real socket. */
export interface FakeKubernetesServer {
  /** `http://127.0.0.1:<port>`: the kubeconfig's `server`. */
  readonly url: string;
  /** The fake (handlers, cluster, kubeconfig) it serves. */
  readonly fake: FakeKubernetes;
  /** The cluster behind it. */
  readonly cluster: FakeKubernetesCluster;
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
 * Starts the fake Kubernetes API on a loopback socket, so any client (the official one over `http`, `kubectl`
 * with the kubeconfig from `server.fake.kubeconfig()`) can reach it.
 *
 * @example
 * ```ts
 * const server = await startFakeKubernetesServer();
 * const connector = new KubernetesConnector({ kubeconfig: server.fake.kubeconfig() });
 * // …
 * await server.close();
 * ```
 */
export async function startFakeKubernetesServer(
  options: FakeKubernetesServerOptions = {},
): Promise<FakeKubernetesServer> {
  const { port = 0, host = '127.0.0.1', ...rest } = options;
  const sockets = new Set<import('node:net').Socket>();
  let fake: FakeKubernetes | undefined;
  const server = createServer((req, res) => {
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    const current = fake as FakeKubernetes;
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
  fake = createFakeKubernetes({ ...rest, baseUrl: url });
  return {
    url,
    fake,
    cluster: fake.cluster,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
