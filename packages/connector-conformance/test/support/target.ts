import { type Clock, type Connector, systemClock } from '@neural/integrations-core';
import { type ConformanceTarget, defineConformanceTarget } from '../../src/index.js';
import { InMemoryPlatform, ReferenceConnector, type ReferenceCredentials } from './reference-connector.js';

export const VALID_KEY = 'sk-live-conformance-valid-0001';
export const INVALID_KEY = 'sk-live-conformance-wrong-0002';

/** Millisecond-scale jobs and polls: the whole suite runs in well under a few seconds. */
export const FAST_TIMING = {
  jobTimeoutMs: 2_000,
  pollIntervalMs: 2,
  maxPollIntervalMs: 5,
  terminalRepolls: 3,
  abortGraceMs: 300,
  clauseTimeoutMs: 8_000,
};

export const JOBS = {
  succeeds: {
    code: "# @fake queue=5ms\n# @fake duration=20ms\nprint('hello conformance')",
    expectedOutput: 'hello conformance',
  },
  fails: { code: '# @fake duration=10ms\n# @fake fail="exit status 3"\nraise SystemExit(3)' },
  runsLong: { code: '# @fake forever\nimport time\ntime.sleep(3600)' },
};

/** Python that prints `text` exactly: a JSON string is a valid Python string literal. */
export const echo = (text: string) => `print(${JSON.stringify(text)})`;

/** Python that prints one environment variable. */
export const printsEnv = (name: string) => `import os\nprint(os.environ[${JSON.stringify(name)}])`;

/**
 * A target over a fresh in-memory platform, making connectors with `make` (the reference one by default). The
 * platform's jobs run on `clock`: a run on an injected clock passes the same one here.
 */
export function memoryTarget(
  make: (credentials: ReferenceCredentials, platform: InMemoryPlatform) => Connector = (
    credentials,
    platform,
  ) => new ReferenceConnector(credentials, platform),
  overrides: Partial<ConformanceTarget<ReferenceCredentials>> = {},
  clock: Clock = systemClock,
): ConformanceTarget<ReferenceCredentials> {
  const platform = new InMemoryPlatform(VALID_KEY, clock);
  return defineConformanceTarget<ReferenceCredentials>({
    name: 'in-memory reference',
    create: (credentials) => make(credentials, platform),
    credentials: { valid: { apiKey: VALID_KEY }, invalid: { apiKey: INVALID_KEY } },
    jobs: { ...JOBS, echo, printsEnv },
    requeue: (jobId) => platform.requeue(jobId),
    timing: FAST_TIMING,
    ...overrides,
  });
}
