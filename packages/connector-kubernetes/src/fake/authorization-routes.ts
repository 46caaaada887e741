/** The `authorization.k8s.io/v1` route of the fake API server: SelfSubjectAccessReviews. */
import type { FakeKubernetesCluster } from './cluster.js';
import { readBody } from './request-body.js';
import { json, type Route } from './routes.js';

/** The access-review route, answered by `cluster` from its RBAC rules. */
export function authorizationRoutes(cluster: FakeKubernetesCluster): Route[] {
  return [
    {
      method: 'post',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      verb: 'create',
      resource: 'selfsubjectaccessreviews',
      group: 'authorization.k8s.io',
      namespaced: false,
      run: async (ctx) => json(cluster.reviewAccess(ctx.user, await readBody(ctx.request)), 201),
    },
  ];
}
