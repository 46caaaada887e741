/**
 * The conformance suite, run against DatabricksConnector talking to the fake workspace in this process (MSW
 * intercepts fetch), signed in with a personal access token. conformance.server.test.ts runs the same target
 * over a loopback socket, signed in as an OAuth service principal.
 */
import { describeConformance } from '@neural/connector-conformance/vitest';
import { setupServer } from 'msw/node';
import { createFakeDatabricks } from '../src/fake/index.js';
import { databricksTarget } from './support/target.js';

const fake = createFakeDatabricks({ pendingMs: 10, runMs: 30, terminatingMs: 5 });
const server = setupServer(...fake.handlers);

describeConformance(
  databricksTarget(
    'databricks-connector (personal access token) on the in-process fake workspace',
    {
      valid: fake.patCredentials,
      invalid: { endpoint: fake.endpoint, token: 'dapi-refused-by-the-workspace' },
    },
    {
      setup: () => server.listen({ onUnhandledRequest: 'error' }),
      teardown: () => server.close(),
    },
  ),
);
