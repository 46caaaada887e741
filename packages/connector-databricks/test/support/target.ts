/**
 * The conformance target of the Databricks connector against a fake workspace at `endpoint`. Skipped clauses and
 * why: `printsEnv` (the fake runs no code, it reads what the code prints from its literals), `followLogs` and
 * `waitForStatusChange` (Databricks has no log stream and no long-poll: not claimed), `getResourceUsage` (no
 * workspace-wide usage API: not claimed), requeue (a one-time run is never requeued).
 */
import { type ConformanceTarget, defineConformanceTarget } from '@neural/connector-conformance';
import { DatabricksConnector, type DatabricksCredentials } from '../../src/index.js';

export function databricksTarget(
  name: string,
  credentials: { valid: DatabricksCredentials; invalid: DatabricksCredentials },
  hooks: Pick<ConformanceTarget<DatabricksCredentials>, 'setup' | 'teardown'> = {},
): ConformanceTarget<DatabricksCredentials> {
  return defineConformanceTarget<DatabricksCredentials>({
    name,
    ...hooks,
    create: (credentials) =>
      new DatabricksConnector(credentials, {
        retry: { initialDelayMs: 1 },
        filesRoot: '/Volumes/main/default/conformance',
      }),
    credentials,
    jobs: {
      succeeds: {
        code: '# @fake duration=30ms\nprint("hello conformance")',
        expectedOutput: 'hello conformance',
      },
      fails: { code: '# @fake duration=20ms\n# @fake fail="deliberate failure"' },
      runsLong: { code: '# @fake forever' },
      // The fake prints its code's print() literals; a JSON string is a valid Python string literal.
      echo: (text: string) => `print(${JSON.stringify(text)})`,
    },
    // A registered model in Unity Catalog, version 1.
    modelPath: 'main.default.conformance_model/1',
    unknownJobId: '999999999',
    timing: { jobTimeoutMs: 5_000, pollIntervalMs: 5, maxPollIntervalMs: 20, abortGraceMs: 300 },
  });
}
