/** The conformance suite: SageMakerConnector against the fake AWS services over a loopback socket. */
import { describeConformance } from '@neural/connector-conformance/vitest';
import { type FakeAwsServer, startFakeAwsServer } from '../src/fake/index.js';
import { CONFORMANCE_FAKE, sagemakerTarget } from './conformance.target.js';

let server: FakeAwsServer | undefined;

describeConformance(
  sagemakerTarget(
    'sagemaker on the fake over a socket',
    () => {
      if (!server) throw new Error('the fake AWS server is not running');
      return server.url;
    },
    {
      async setup() {
        server = await startFakeAwsServer({
          ...CONFORMANCE_FAKE,
          accessKeys: { ...CONFORMANCE_FAKE.accessKeys },
        });
      },
      teardown: () => server?.close(),
    },
  ),
);
