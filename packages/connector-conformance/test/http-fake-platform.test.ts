/**
 * HttpConnector against the fake platform in-process (MSW intercepting fetch; the socket variant runs in
 * @neural/connector-http's own tests): every clause that applies passes.
 */
import { HttpConnector } from '@neural/connector-http';
import { createFakePlatform } from '@neural/fake-platform';
import { setupServer } from 'msw/node';
import { describe, expect, it } from 'vitest';
import { defineConformanceTarget, runConformance } from '../src/index.js';
import { FAST_TIMING, INVALID_KEY, VALID_KEY } from './support/target.js';

describe('@neural/connector-http on the in-process fake platform', () => {
  it('passes every clause that applies to it', async () => {
    const platform = createFakePlatform({ apiKey: VALID_KEY, defaultQueueMs: 5, defaultStartingMs: 5 });
    const server = setupServer(...platform.handlers);
    const target = defineConformanceTarget<{ apiKey: string }>({
      name: 'HttpConnector (in-process fake platform)',
      setup: () => server.listen({ onUnhandledRequest: 'error' }),
      teardown: () => server.close(),
      create: (credentials) =>
        new HttpConnector(
          { apiKey: credentials.apiKey, endpoint: platform.baseUrl },
          { retry: { initialDelayMs: 1 }, allowInsecureHttp: true },
        ),
      credentials: { valid: { apiKey: VALID_KEY }, invalid: { apiKey: INVALID_KEY } },
      jobs: {
        succeeds: {
          code: '# @fake duration=30ms\nprint("hello conformance")',
          expectedOutput: 'hello conformance',
        },
        fails: { code: '# @fake duration=20ms\n# @fake fail="deliberate failure"' },
        runsLong: { code: '# @fake forever' },
      },
      timing: { ...FAST_TIMING, pollIntervalMs: 5, maxPollIntervalMs: 20, jobTimeoutMs: 5_000 },
    });
    const report = await runConformance(target);
    expect(report.clauses.filter((c) => c.outcome === 'failed').map((c) => c.failure?.message)).toEqual([]);
    expect(report.clauses.filter((c) => c.outcome === 'skipped').map((c) => [c.id, c.reason])).toEqual([
      ['optional.unclaimed-not-supported', 'the connector claims every optional method'],
    ]);
  });
});
