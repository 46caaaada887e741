import { type ConformanceTarget, defineConformanceTarget } from '@neural/connector-conformance';
import { HttpConnector } from '@neural/connector-http';
import { MockConnector } from '@neural/connector-mock';
import { createFakePlatform, type FakePlatformServer, startFakePlatformServer } from '@neural/fake-platform';
import { getResponse } from 'msw';

// Short jobs and quick polling: the platforms here are in memory, so the whole suite takes seconds.
const jobs = {
  succeeds: {
    code: "# @fake queue=5ms\n# @fake duration=40ms\nprint('hello conformance')",
    expectedOutput: 'hello conformance',
  },
  fails: { code: '# @fake duration=20ms\n# @fake fail="exit status 3"\nraise SystemExit(3)' },
  runsLong: { code: '# @fake forever\nimport time\ntime.sleep(3600)' },
  // Both platforms "print" the code's print() literals: concurrent jobs get outputs the suite can tell apart.
  echo: (text: string) => `print(${JSON.stringify(text)})`,
};
const timing = { jobTimeoutMs: 10_000, pollIntervalMs: 5, maxPollIntervalMs: 50 };
const VALID_KEY = 'sk-demo-valid-key-0001';
const INVALID_KEY = 'sk-demo-refused-key-0002';

/** MockConnector: everything in memory. */
export function mockTarget(): ConformanceTarget<{ apiKey: string }> {
  return defineConformanceTarget<{ apiKey: string }>({
    name: 'MockConnector (in memory)',
    create: (credentials) =>
      new MockConnector({ credentials, acceptApiKey: VALID_KEY, queueMs: 5, durationMs: 40 }),
    credentials: { valid: { apiKey: VALID_KEY }, invalid: { apiKey: INVALID_KEY } },
    jobs,
    timing,
  });
}

/**
 * HttpConnector on the fake platform in this process: its `fetch` hands each request straight to the
 * platform's MSW handlers, so no socket is opened and nothing global is patched.
 */
export function httpInProcessTarget(): ConformanceTarget<{ apiKey: string }> {
  const platform = createFakePlatform({ apiKey: VALID_KEY });
  const fetchInProcess: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    return (await getResponse(platform.handlers, request)) ?? new Response('no handler', { status: 404 });
  };
  return defineConformanceTarget<{ apiKey: string }>({
    name: 'HttpConnector → fake platform (in process, MSW handlers)',
    create: ({ apiKey }) =>
      new HttpConnector(
        { apiKey, endpoint: platform.url },
        { fetch: fetchInProcess, allowInsecureHttp: true, retry: { initialDelayMs: 5 } },
      ),
    credentials: { valid: { apiKey: VALID_KEY }, invalid: { apiKey: INVALID_KEY } },
    jobs,
    timing,
    teardown: () => platform.model.dispose(),
  });
}

/** HttpConnector on the fake platform's standalone server, over a real loopback socket. */
export function httpSocketTarget(): ConformanceTarget<{ apiKey: string }> {
  let server: FakePlatformServer | undefined;
  return defineConformanceTarget<{ apiKey: string }>({
    name: 'HttpConnector → fake platform (standalone server, loopback socket)',
    async setup() {
      server = await startFakePlatformServer({ apiKey: VALID_KEY });
    },
    async teardown() {
      await server?.close();
    },
    create: ({ apiKey }) =>
      new HttpConnector(
        { apiKey, endpoint: server?.url ?? 'http://127.0.0.1:1' },
        { retry: { initialDelayMs: 5 } },
      ),
    credentials: { valid: { apiKey: VALID_KEY }, invalid: { apiKey: INVALID_KEY } },
    jobs,
    timing,
  });
}
