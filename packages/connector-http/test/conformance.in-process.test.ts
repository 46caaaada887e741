/**
 * The conformance suite, run against HttpConnector talking to the fake platform in this process: MSW
 * intercepts fetch and hands each request to the platform's handlers. (conformance.test.ts runs the same
 * suite over a real socket.)
 */
import { defineConformanceTarget } from '@neural/connector-conformance';
import { describeConformance } from '@neural/connector-conformance/vitest';
import { createFakePlatform } from '@neural/fake-platform';
import { setupServer } from 'msw/node';
import { HttpConnector } from '../src/index.js';

const VALID_KEY = 'sk-conformance-in-process-KNOWN';
const platform = createFakePlatform({ apiKey: VALID_KEY, defaultQueueMs: 5, defaultStartingMs: 5 });
const server = setupServer(...platform.handlers);

describeConformance(
  defineConformanceTarget<{ apiKey: string }>({
    name: 'http-connector on the in-process fake platform',
    setup: () => server.listen({ onUnhandledRequest: 'error' }),
    teardown: () => server.close(),
    create: (credentials) =>
      new HttpConnector(
        { apiKey: credentials.apiKey, endpoint: platform.url },
        { retry: { initialDelayMs: 1 }, allowInsecureHttp: true },
      ),
    credentials: { valid: { apiKey: VALID_KEY }, invalid: { apiKey: 'sk-refused-by-the-platform' } },
    jobs: {
      succeeds: {
        code: '# @fake duration=30ms\nprint("hello conformance")',
        expectedOutput: 'hello conformance',
      },
      fails: { code: '# @fake duration=20ms\n# @fake fail="deliberate failure"' },
      runsLong: { code: '# @fake forever' },
      // The fake platform prints its code's print() literals (it runs no code, so no printsEnv).
      echo: (text: string) => `print(${JSON.stringify(text)})`,
    },
    timing: { jobTimeoutMs: 5_000, pollIntervalMs: 5, maxPollIntervalMs: 20, abortGraceMs: 300 },
  }),
);
