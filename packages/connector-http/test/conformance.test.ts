/** The conformance suite, run against HttpConnector talking to the fake platform over a real socket. */
import { defineConformanceTarget } from '@neural/connector-conformance';
import { describeConformance } from '@neural/connector-conformance/vitest';
import { type FakePlatformServer, startFakePlatformServer } from '@neural/fake-platform';
import { HttpConnector } from '../src/index.js';

const API_KEY = 'sk-conformance-KNOWN-secret';
let server: FakePlatformServer | undefined;

const target = defineConformanceTarget({
  name: 'http-connector on the fake platform',
  async setup() {
    server = await startFakePlatformServer({
      port: 0,
      apiKey: API_KEY,
      defaultQueueMs: 10,
      defaultStartingMs: 10,
    });
  },
  async teardown() {
    await server?.close();
  },
  create: (credentials: { apiKey: string }) =>
    new HttpConnector(
      { apiKey: credentials.apiKey, endpoint: server?.url ?? 'http://127.0.0.1:1' },
      { retry: { initialDelayMs: 5 } },
    ),
  credentials: { valid: { apiKey: API_KEY }, invalid: { apiKey: 'sk-refused-by-the-platform' } },
  jobs: {
    succeeds: { code: '# @fake duration=100ms\nprint("conformance ok")', expectedOutput: 'conformance ok' },
    fails: { code: '# @fake duration=100ms\n# @fake fail="deliberate failure"' },
    runsLong: { code: '# @fake forever' },
    // The fake platform prints its code's print() literals (it runs no code, so no printsEnv).
    echo: (text: string) => `print(${JSON.stringify(text)})`,
  },
  timing: { jobTimeoutMs: 10_000, pollIntervalMs: 20, maxPollIntervalMs: 100 },
});

describeConformance(target);
