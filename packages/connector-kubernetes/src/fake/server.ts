import { startFetchServer } from '@neural/fake-platform';
import { getResponse } from 'msw';
import type { FakeKubernetesCluster } from './cluster.js';
import { createFakeKubernetes, type FakeKubernetes } from './handlers.js';
import type { FakeKubernetesOptions } from './options.js';

/** Options of {@link startFakeKubernetesServer}: every fake option but `url`, plus where to listen. */
export type FakeKubernetesServerOptions = Omit<FakeKubernetesOptions, 'url'> & {
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
  const { port, host, ...rest } = options;
  let fake: FakeKubernetes | undefined;
  // The handlers are asked for on each request: the fake needs the server's URL, known once it listens.
  const server = await startFetchServer(
    (request) => getResponse((fake as FakeKubernetes).handlers, request),
    { ...(port === undefined ? {} : { port }), ...(host === undefined ? {} : { host }) },
  );
  fake = createFakeKubernetes({ ...rest, url: server.url });
  return { url: server.url, fake, cluster: fake.cluster, close: server.close };
}
