/**
 * The conformance suite against a real Databricks workspace, when one is given through the environment:
 * `DATABRICKS_HOST` and either `DATABRICKS_TOKEN` or `DATABRICKS_CLIENT_ID` and `DATABRICKS_CLIENT_SECRET`
 * (the SDKs' variable names), plus `DATABRICKS_FILES_ROOT` (a volume folder the principal may write) and
 * `DATABRICKS_MODEL` (a registered model, `catalog.schema.model/version`) for the optional clauses.
 * Skipped, with that reason in its title, everywhere else. It starts real job clusters: it costs money and
 * takes tens of minutes (see the README's cost caveats).
 */
import { describe, it } from 'vitest';
import { DatabricksConnector, type DatabricksCredentials } from '../src/index.js';

const env = process.env;
const endpoint = env.DATABRICKS_HOST;
const valid: DatabricksCredentials | undefined = !endpoint
  ? undefined
  : env.DATABRICKS_TOKEN
    ? { endpoint, token: env.DATABRICKS_TOKEN }
    : env.DATABRICKS_CLIENT_ID && env.DATABRICKS_CLIENT_SECRET
      ? { endpoint, clientId: env.DATABRICKS_CLIENT_ID, clientSecret: env.DATABRICKS_CLIENT_SECRET }
      : undefined;

if (!valid) {
  describe.skip('conformance: databricks (live) [no workspace: set DATABRICKS_HOST and DATABRICKS_TOKEN, or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET]', () => {
    it('runs the conformance suite', () => undefined);
  });
} else {
  const { defineConformanceTarget } = await import('@neural/connector-conformance');
  const { describeConformance } = await import('@neural/connector-conformance/vitest');
  const invalid: DatabricksCredentials =
    'token' in valid && valid.token
      ? { endpoint: valid.endpoint, token: 'dapi-refused' }
      : { ...valid, clientSecret: 'refused' };
  describeConformance(
    defineConformanceTarget<DatabricksCredentials>({
      name: `databricks (live, ${new URL(valid.endpoint).hostname})`,
      create: (credentials) =>
        new DatabricksConnector(credentials, {
          ...(env.DATABRICKS_FILES_ROOT ? { filesRoot: env.DATABRICKS_FILES_ROOT } : {}),
        }),
      credentials: { valid, invalid },
      jobs: {
        succeeds: { code: "print('hello conformance')", expectedOutput: 'hello conformance' },
        fails: { code: 'raise SystemExit(3)' },
        runsLong: { code: 'import time\ntime.sleep(3600)' },
        echo: (text) => `print(${JSON.stringify(text)})`,
        printsEnv: (name) => `import os\nprint(os.environ[${JSON.stringify(name)}])`,
      },
      ...(env.DATABRICKS_MODEL ? { modelPath: env.DATABRICKS_MODEL } : {}),
      unknownJobId: '999999999999',
      // A job cluster takes minutes to start.
      timing: { jobTimeoutMs: 30 * 60_000, pollIntervalMs: 10_000, maxPollIntervalMs: 30_000 },
    }),
  );
}
