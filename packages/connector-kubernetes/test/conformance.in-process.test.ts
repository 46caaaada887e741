/** The conformance suite: KubernetesConnector, through the official client, against the fake in this process (MSW). */
import { describeConformance } from '@neural/connector-conformance/vitest';
import { setupServer } from 'msw/node';
import { createFakeKubernetes } from '../src/fake/index.js';
import { kubernetesTarget } from './conformance.target.js';

const fake = createFakeKubernetes({
  tokens: { 'conformance-token-KNOWN-secret': 'conformance' },
  defaultQueueMs: 5,
  defaultStartingMs: 5,
});
const server = setupServer(...fake.handlers);

describeConformance(
  kubernetesTarget('kubernetes on the in-process fake', (token) => fake.kubeconfig({ token }), {
    setup: () => server.listen({ onUnhandledRequest: 'error' }),
    teardown: () => server.close(),
    requeue: (jobId) => fake.cluster.requeueJob('default', jobId),
  }),
);
