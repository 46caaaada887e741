/** The conformance suite: KubernetesConnector against the fake Kubernetes API over a loopback socket. */
import { describeConformance } from '@neural/connector-conformance/vitest';
import { type FakeKubernetesServer, startFakeKubernetesServer } from '../src/fake/index.js';
import { kubernetesTarget } from './conformance.target.js';

let server: FakeKubernetesServer | undefined;

describeConformance(
  kubernetesTarget(
    'kubernetes on the fake over a socket',
    (token) => {
      if (!server) throw new Error('the fake Kubernetes server is not running');
      return server.fake.kubeconfig({ token });
    },
    {
      async setup() {
        server = await startFakeKubernetesServer({
          tokens: { 'conformance-token-KNOWN-secret': 'conformance' },
          defaultQueueMs: 10,
          defaultStartingMs: 10,
        });
      },
      teardown: () => server?.close(),
      requeue: (jobId) => server?.cluster.requeueJob('default', jobId),
    },
  ),
);
