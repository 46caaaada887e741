import { defineConformanceTarget } from '@neural/connector-conformance';
import { HttpConnector } from '@neural/connector-http';
import { FakePlatformContainer, type StartedFakePlatformContainer } from '../src/index.js';

/** The suite's credentials: the endpoint is the container's, known only once it runs, so only the key varies. */
export interface ContainerCredentials {
  readonly apiKey: string;
}

const API_KEY = 'fake-conformance-key-0001';

/**
 * The HttpConnector conformance target, against one fake platform container that `setup` starts and
 * `teardown` stops and removes.
 */
export async function containerConformanceTarget(image: string) {
  let platform: StartedFakePlatformContainer | undefined;
  const endpoint = (): string => {
    if (!platform) throw new Error('the fake platform container is not running (setup did not complete)');
    return platform.getUrl();
  };
  return defineConformanceTarget<ContainerCredentials>({
    name: 'http connector against the fake platform container',
    async setup() {
      platform = await new FakePlatformContainer(image).withApiKey(API_KEY).start();
    },
    async teardown() {
      await platform?.stop();
      platform = undefined;
    },
    create: (credentials) =>
      new HttpConnector(
        { apiKey: credentials.apiKey, endpoint: endpoint() },
        // TESTCONTAINERS_HOST_OVERRIDE may name a bridge address rather than loopback; the fake needs no TLS.
        { allowInsecureHttp: true, timeoutMs: 10_000, retry: { maxAttempts: 3, initialDelayMs: 20 } },
      ),
    credentials: { valid: { apiKey: API_KEY }, invalid: { apiKey: 'fake-wrong-key-0000' } },
    jobs: {
      succeeds: {
        code: "# @fake queue=20ms\n# @fake duration=100ms\nprint('hello from the fake platform container')\n",
        expectedOutput: 'hello from the fake platform container',
      },
      fails: { code: '# @fake queue=20ms\n# @fake duration=50ms\n# @fake fail="failing on purpose"\n' },
      runsLong: { code: '# @fake queue=20ms\n# @fake forever\n' },
    },
    timing: { jobTimeoutMs: 15_000, pollIntervalMs: 20, maxPollIntervalMs: 100, abortGraceMs: 2_000 },
  });
}
