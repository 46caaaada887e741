import { systemClock } from '@neural/integrations-core';
import { http, type RequestHandler } from 'msw';
import { authorizationRoutes } from './authorization-routes.js';
import { batchRoutes } from './batch-routes.js';
import { FakeKubernetesCluster, type KubeRequestRecord } from './cluster.js';
import { coreRoutes } from './core-routes.js';
import { fakeKubeconfig } from './kubeconfig.js';
import type { FakeKubernetesOptions, KubeFaultOptions } from './options.js';
import { serveRoute, unknownPath } from './serve.js';

/** The fake Kubernetes API, ready to serve: MSW handlers over one {@link FakeKubernetesCluster}. */
export interface FakeKubernetes {
  /** The MSW handlers, for `setupServer(...fake.handlers)`; the last one answers unknown paths with a 404. */
  readonly handlers: RequestHandler[];
  /** The cluster behind the handlers. */
  readonly cluster: FakeKubernetesCluster;
  /** The API server's URL (a kubeconfig's `server`). */
  readonly url: string;
  /** A bearer token the API server accepts. */
  readonly token: string;
  /** Every request answered so far. */
  readonly requests: readonly KubeRequestRecord[];
  /** A kubeconfig (YAML) for this API server and {@link FakeKubernetes.token}, namespace `default`. */
  kubeconfig(options?: { token?: string; namespace?: string }): string;
  /** Replaces the fault settings. */
  setFaults(faults: KubeFaultOptions): void;
}

/**
 * Builds the fake Kubernetes API: the routes `KubernetesConnector` (and `kubectl` for the same operations)
 * uses, answering as the API server does (objects, lists, `Status` errors, RBAC refusals, pod logs with
 * `follow`), with the cluster's simulated controllers behind them.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createFakeKubernetes } from '@neural/connector-kubernetes/fake';
 *
 * const fake = createFakeKubernetes();
 * setupServer(...fake.handlers).listen();
 * // new KubernetesConnector({ kubeconfig: fake.kubeconfig() })
 * ```
 */
export function createFakeKubernetes(options: FakeKubernetesOptions = {}): FakeKubernetes {
  const cluster = new FakeKubernetesCluster(options);
  const origin = cluster.options.url.replace(/\/+$/, '');
  const latencyClock = cluster.options.latencyClock ?? systemClock;
  const token = Object.keys(cluster.options.tokens)[0] as string;

  // The routes by API group: batch/v1, core v1, authorization.k8s.io/v1.
  const routes = [...batchRoutes(cluster), ...coreRoutes(cluster), ...authorizationRoutes(cluster)];
  const handlers: RequestHandler[] = routes.map((route) =>
    http[route.method](`${origin}${route.path}`, ({ request, params }) =>
      serveRoute(cluster, latencyClock, route, request, params),
    ),
  );
  handlers.push(http.all(`${origin}/*`, ({ request }) => unknownPath(cluster, request)));

  return {
    handlers,
    cluster,
    url: origin,
    token,
    get requests() {
      return cluster.requests;
    },
    kubeconfig: ({ token: chosen = token, namespace = 'default' } = {}) =>
      fakeKubeconfig(origin, chosen, namespace),
    setFaults: (faults) => cluster.setFaults(faults),
  };
}
