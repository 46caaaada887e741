/**
 * The conformance suite against the fake workspace on a loopback socket: the same target as the in-process
 * run, over real HTTP (streamed uploads and downloads), signed in as an OAuth service principal.
 */
import { describeConformance } from '@neural/connector-conformance/vitest';
import { type FakeDatabricksServer, startFakeDatabricksServer } from '../src/fake/index.js';
import { databricksTarget } from './support/target.js';

// Started at import: the target needs the server's URL (its port) when the suite is declared.
const server: FakeDatabricksServer = await startFakeDatabricksServer({
  pendingMs: 10,
  runMs: 30,
  terminatingMs: 5,
});

describeConformance(
  databricksTarget(
    'databricks-connector (OAuth service principal) on the fake workspace over a socket',
    {
      valid: server.oauthCredentials,
      invalid: { ...server.oauthCredentials, clientSecret: 'dose-refused-secret' },
    },
    { teardown: () => server.close() },
  ),
);
