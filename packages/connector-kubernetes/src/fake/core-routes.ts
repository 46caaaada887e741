/** The core `v1` routes of the fake API server: pods and their logs, ConfigMaps, nodes. */
import type { FakeKubernetesCluster } from './cluster.js';
import { podLog } from './pod-log-response.js';
import { readBody } from './request-body.js';
import { json, type Route } from './routes.js';

/** The pod, pod log, ConfigMap and node routes, answered by `cluster`. */
export function coreRoutes(cluster: FakeKubernetesCluster): Route[] {
  return [
    listPods(cluster, '/api/v1/namespaces/:namespace/pods', true),
    listPods(cluster, '/api/v1/pods', false),
    {
      method: 'get',
      path: '/api/v1/namespaces/:namespace/pods/:name',
      verb: 'get',
      resource: 'pods',
      group: '',
      namespaced: true,
      run: (ctx) => json(cluster.getPod(ctx.namespace, ctx.name)),
    },
    {
      method: 'get',
      path: '/api/v1/namespaces/:namespace/pods/:name/log',
      verb: 'get',
      resource: 'pods/log',
      group: '',
      namespaced: true,
      run: (ctx) => podLog(cluster, ctx),
    },
    {
      method: 'post',
      path: '/api/v1/namespaces/:namespace/configmaps',
      verb: 'create',
      resource: 'configmaps',
      group: '',
      namespaced: true,
      run: async (ctx) => json(cluster.createConfigMap(ctx.namespace, await readBody(ctx.request)), 201),
    },
    {
      method: 'get',
      path: '/api/v1/namespaces/:namespace/configmaps',
      verb: 'list',
      resource: 'configmaps',
      group: '',
      namespaced: true,
      run: (ctx) => json(cluster.listConfigMaps(ctx.namespace, ctx.url.searchParams.get('labelSelector'))),
    },
    {
      method: 'get',
      path: '/api/v1/namespaces/:namespace/configmaps/:name',
      verb: 'get',
      resource: 'configmaps',
      group: '',
      namespaced: true,
      run: (ctx) => json(cluster.getConfigMap(ctx.namespace, ctx.name)),
    },
    {
      method: 'delete',
      path: '/api/v1/namespaces/:namespace/configmaps/:name',
      verb: 'delete',
      resource: 'configmaps',
      group: '',
      namespaced: true,
      run: (ctx) => json(cluster.deleteConfigMap(ctx.namespace, ctx.name)),
    },
    {
      method: 'get',
      path: '/api/v1/nodes',
      verb: 'list',
      resource: 'nodes',
      group: '',
      namespaced: false,
      run: () => json(cluster.listNodes()),
    },
  ];
}

/** A pod list route: of one namespace, or (`namespaced: false`) of every namespace. */
function listPods(cluster: FakeKubernetesCluster, path: string, namespaced: boolean): Route {
  return {
    method: 'get',
    path,
    verb: 'list',
    resource: 'pods',
    group: '',
    namespaced,
    run: (ctx) =>
      json(
        cluster.listPods(
          namespaced ? ctx.namespace : undefined,
          ctx.url.searchParams.get('labelSelector'),
          ctx.url.searchParams.get('fieldSelector'),
        ),
      ),
  };
}
