/** The conformance suite, and nothing else, against MockConnector: what Stryker's mutants of it must get past. */
import { defineConformanceTarget } from '@neural/connector-conformance';
import { describeConformance } from '@neural/connector-conformance/vitest';
import { MockConnector } from '@neural/connector-mock';
import { FAST_TIMING } from './timing.js';

const VALID_KEY = 'sk-mutation-mock-valid';

describeConformance(
  defineConformanceTarget<{ apiKey: string }>({
    name: 'MockConnector',
    create: (credentials) =>
      new MockConnector({ credentials, acceptApiKey: VALID_KEY, queueMs: 5, durationMs: 20 }),
    credentials: { valid: { apiKey: VALID_KEY }, invalid: { apiKey: 'sk-mutation-mock-refused' } },
    jobs: {
      succeeds: {
        code: "# @fake queue=5ms\n# @fake duration=20ms\nprint('hello conformance')",
        expectedOutput: 'hello conformance',
      },
      fails: { code: '# @fake duration=10ms\n# @fake fail="exit status 3"\nraise SystemExit(3)' },
      runsLong: { code: '# @fake forever\nimport time\ntime.sleep(3600)' },
      // As in the connector's own conformance run: the fake prints its code's print() literals, so the clauses'
      // distinct-output situations (quotes, newlines, non-ASCII, concurrent jobs) run here too.
      echo: (text: string) => `print(${JSON.stringify(text)})`,
    },
    timing: FAST_TIMING,
  }),
);
