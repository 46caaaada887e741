/**
 * The conformance suite, and nothing else, against HttpConnector talking to the fake platform in this process
 * (MSW hands each fetch to the platform's handlers): what Stryker's mutants of the connector must get past.
 */
import { defineConformanceTarget } from '@neural/connector-conformance';
import { describeConformance } from '@neural/connector-conformance/vitest';
import { HttpConnector } from '@neural/connector-http';
import { createFakePlatform } from '@neural/fake-platform';
import { setupServer } from 'msw/node';
import { FAST_TIMING } from './timing.js';

const VALID_KEY = 'sk-mutation-http-valid';
const platform = createFakePlatform({ apiKey: VALID_KEY, defaultQueueMs: 5, defaultStartingMs: 5 });
const server = setupServer(...platform.handlers);

describeConformance(
  defineConformanceTarget<{ apiKey: string }>({
    name: 'HttpConnector on the in-process fake platform',
    setup: () => server.listen({ onUnhandledRequest: 'error' }),
    teardown: () => server.close(),
    create: (credentials) =>
      new HttpConnector(
        { apiKey: credentials.apiKey, endpoint: platform.url },
        // One quick retry at most: a mutant that breaks a request should fail, not be retried for seconds.
        { retry: { maxAttempts: 2, initialDelayMs: 1 }, allowInsecureHttp: true },
      ),
    credentials: { valid: { apiKey: VALID_KEY }, invalid: { apiKey: 'sk-mutation-http-refused' } },
    jobs: {
      succeeds: {
        code: '# @fake duration=30ms\nprint("hello conformance")',
        expectedOutput: 'hello conformance',
      },
      fails: { code: '# @fake duration=20ms\n# @fake fail="deliberate failure"' },
      runsLong: { code: '# @fake forever' },
      // As in the connector's own conformance run: the fake prints its code's print() literals, so the clauses'
      // distinct-output situations (quotes, newlines, non-ASCII, concurrent jobs) run here too.
      echo: (text: string) => `print(${JSON.stringify(text)})`,
    },
    timing: FAST_TIMING,
  }),
);
