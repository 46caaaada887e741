/** Credentials that may not even ask (RBAC refuses the SelfSubjectAccessReview): authenticate() is false. */
import { expect, it } from 'vitest';
import { useInProcessCluster } from './support/in-process.js';

const cluster = useInProcessCluster({
  denied: [{ verb: 'create', resource: 'selfsubjectaccessreviews', group: 'authorization.k8s.io' }],
});

it('authenticate() answers false when the access review itself is refused with a 403', async () => {
  const connector = cluster.connect();
  expect(await connector.authenticate()).toBe(false);
  expect(cluster.fake.requests.at(-1)?.status).toBe(403);
});
