/** The conformance suite: SageMakerConnector, through the official AWS SDK clients, against the fake in this process (MSW). */
import { describeConformance } from '@neural/connector-conformance/vitest';
import { setupServer } from 'msw/node';
import { createFakeAws } from '../src/fake/index.js';
import { CONFORMANCE_FAKE, sagemakerTarget } from './conformance.target.js';

const fake = createFakeAws({ ...CONFORMANCE_FAKE, accessKeys: { ...CONFORMANCE_FAKE.accessKeys } });
const server = setupServer(...fake.handlers);

describeConformance(
  sagemakerTarget('sagemaker on the in-process fake', () => fake.url, {
    setup: () => server.listen({ onUnhandledRequest: 'error' }),
    teardown: () => server.close(),
  }),
);
