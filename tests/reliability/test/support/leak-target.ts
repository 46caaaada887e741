/**
 * A conformance target whose API key is a leak canary: HttpConnector on the in-process fake platform, which
 * accepts the canary as its key (and refuses the canary with a suffix). Used in process by the secrets test,
 * and loaded by the `neural-conformance` CLI (default export), which reads the canary from the environment.
 */
import { type ConformanceTarget, defineConformanceTarget } from '@neural/connector-conformance';
import { HttpConnector } from '@neural/connector-http';
import { createFakePlatform } from '@neural/fake-platform';
import type { Logger } from '@neural/integrations-core';
import { getResponse } from 'msw';

const jobs = {
  succeeds: {
    code: "# @fake queue=5ms\n# @fake duration=20ms\nprint('hello canary')",
    expectedOutput: 'hello canary',
  },
  fails: { code: '# @fake duration=10ms\n# @fake fail="exit status 3"\nraise SystemExit(3)' },
  runsLong: { code: '# @fake forever\nimport time\ntime.sleep(3600)' },
};

/** The target, with every token the platform issues reported to `onToken` (so a test can search for it too). */
export function leakTarget(
  secret: string,
  options: { onToken?: (token: string) => void; logger?: Logger } = {},
): ConformanceTarget<{ apiKey: string }> {
  const platform = createFakePlatform({ apiKey: secret });
  const fetchInProcess: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const response =
      (await getResponse(platform.handlers, request)) ?? new Response('no handler', { status: 404 });
    if (request.url.endsWith('/v1/auth/token') && response.ok) {
      const { accessToken } = (await response.clone().json()) as { accessToken?: string };
      if (accessToken) options.onToken?.(accessToken);
    }
    return response;
  };
  return defineConformanceTarget<{ apiKey: string }>({
    name: 'HttpConnector with a canary key',
    create: ({ apiKey }) =>
      new HttpConnector(
        { apiKey, endpoint: platform.url },
        {
          fetch: fetchInProcess,
          allowInsecureHttp: true,
          retry: { initialDelayMs: 5 },
          logger: options.logger,
        },
      ),
    credentials: { valid: { apiKey: secret }, invalid: { apiKey: `${secret}-refused` } },
    jobs,
    timing: { jobTimeoutMs: 10_000, pollIntervalMs: 5, maxPollIntervalMs: 50 },
    teardown: () => platform.model.dispose(),
  });
}

const canary = process.env.NEURAL_LEAK_CANARY;
export default canary ? leakTarget(canary) : undefined;
