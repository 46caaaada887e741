/** The `batch/v1` routes of the fake API server: Jobs (create, list or watch, read, delete). */
import type { FakeKubernetesCluster } from './cluster.js';
import { readBody } from './request-body.js';
import { json, type Route } from './routes.js';
import { watchJobs } from './watch-response.js';

/** The Job routes, answered by `cluster`. */
export function batchRoutes(cluster: FakeKubernetesCluster): Route[] {
  return [
    {
      method: 'post',
      path: '/apis/batch/v1/namespaces/:namespace/jobs',
      verb: 'create',
      resource: 'jobs',
      group: 'batch',
      namespaced: true,
      run: async (ctx) => json(cluster.createJob(ctx.namespace, await readBody(ctx.request)), 201),
    },
    {
      method: 'get',
      path: '/apis/batch/v1/namespaces/:namespace/jobs',
      verb: 'list',
      resource: 'jobs',
      group: 'batch',
      namespaced: true,
      run: (ctx) => {
        const params = ctx.url.searchParams;
        if (params.get('watch') === 'true' || params.get('watch') === '1') return watchJobs(cluster, ctx);
        return json(
          cluster.listJobs(ctx.namespace, params.get('labelSelector'), params.get('fieldSelector')),
        );
      },
    },
    {
      method: 'get',
      path: '/apis/batch/v1/namespaces/:namespace/jobs/:name',
      verb: 'get',
      resource: 'jobs',
      group: 'batch',
      namespaced: true,
      run: (ctx) => json(cluster.getJob(ctx.namespace, ctx.name)),
    },
    {
      method: 'delete',
      path: '/apis/batch/v1/namespaces/:namespace/jobs/:name',
      verb: 'delete',
      resource: 'jobs',
      group: 'batch',
      namespaced: true,
      run: async (ctx) => {
        const text = await ctx.request.text();
        const body = text.trim() === '' ? {} : (JSON.parse(text) as { propagationPolicy?: string });
        const policy = ctx.url.searchParams.get('propagationPolicy') ?? body.propagationPolicy ?? null;
        return json(cluster.deleteJob(ctx.namespace, ctx.name, policy));
      },
    },
  ];
}
