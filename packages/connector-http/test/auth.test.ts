import { inspect } from 'node:util';
import {
  AuthenticationError,
  CloudConnectionError,
  consoleLogger,
  type Logger,
  OperationAbortedError,
} from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { HttpConnector } from '../src/index.js';
import { API, API_KEY, problem } from './support/mini-platform.js';
import { useMiniPlatform } from './support/setup.js';

const { platform, server, connect } = useMiniPlatform({ tokenTtlSeconds: 600 });

function recordingLogger() {
  const lines: string[] = [];
  const logger: Logger = consoleLogger({
    level: 'debug',
    console: {
      debug: (line: string) => lines.push(line),
      info: (line: string) => lines.push(line),
      warn: (line: string) => lines.push(line),
      error: (line: string) => lines.push(line),
    },
  });
  return { logger, lines };
}

describe('authentication', () => {
  it('authenticate() is true for the right key and exchanges it for a bearer token', async () => {
    const connector = connect();
    expect(await connector.authenticate()).toBe(true);
    expect(connector.authenticated).toBe(true);
    await connector.getResourceUsage();
    expect(platform.requestsTo('GET', '/v1/usage')[0]?.headers.authorization).toMatch(/^Bearer tok-1-/);
  });

  it('authenticate() is false for a wrong key, never a thrown error', async () => {
    const connector = connect({}, 'sk-wrong-key');
    expect(await connector.authenticate()).toBe(false);
    expect(connector.authenticated).toBe(false);
  });

  it('other operations with a wrong key throw AuthenticationError, and are not retried', async () => {
    const connector = connect({}, 'sk-wrong-key');
    const error = await connector.getJobStatus('job_1').catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).code).toBe('INVALID_API_KEY');
    expect(platform.requestsTo('POST', '/v1/auth/token')).toHaveLength(1);
  });

  it('caches the token across calls', async () => {
    const connector = connect();
    await connector.getResourceUsage();
    await connector.getResourceUsage();
    await connector.listJobs();
    expect(platform.tokensIssued).toBe(1);
  });

  it('concurrent callers share one in-flight token request', async () => {
    const connector = connect();
    await Promise.all(Array.from({ length: 10 }, () => connector.getResourceUsage()));
    expect(platform.requestsTo('POST', '/v1/auth/token')).toHaveLength(1);
  });

  it('refreshes the token the configured margin before it expires, on the injected clock', async () => {
    const clock = createManualClock();
    const connector = connect({ clock, tokenRefreshMarginMs: 60_000 });
    await connector.getResourceUsage();
    await clock.advance(600_000 - 60_001);
    await connector.getResourceUsage();
    expect(platform.tokensIssued).toBe(1);
    await clock.advance(2);
    await connector.getResourceUsage();
    expect(platform.tokensIssued).toBe(2);
    const [first, second] = platform.requestsTo('GET', '/v1/usage').slice(1);
    expect(first?.headers.authorization).not.toBe(second?.headers.authorization);
  });

  it('refreshes once on a 401 TOKEN_EXPIRED and repeats the request', async () => {
    const connector = connect();
    await connector.getResourceUsage();
    platform.expireAllTokens();
    await expect(connector.getResourceUsage()).resolves.toMatchObject({ totalGpus: 8 });
    expect(platform.tokensIssued).toBe(2);
  });

  it('refreshes only once: a second 401 is an AuthenticationError', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/usage`, () => {
        calls++;
        return problem(401, 'UNAUTHENTICATED');
      }),
    );
    const connector = connect();
    const error = await connector.getResourceUsage().catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(platform.tokensIssued).toBe(2);
    expect(calls).toBe(2);
  });

  it('a fresh token expiring at once again is retried with another token, not given up on', async () => {
    let calls = 0;
    server.use(http.get(`${API}/usage`, () => (++calls <= 2 ? problem(401, 'TOKEN_EXPIRED') : undefined)));
    await expect(connect().getResourceUsage()).resolves.toMatchObject({ totalGpus: 8 });
    expect(platform.tokensIssued).toBe(3);
  });

  it('a caller aborting while the shared token request is in flight does not fail the others', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(
      http.post(`${API}/auth/token`, async () => {
        await gate;
        return undefined;
      }),
    );
    const connector = connect();
    const controller = new AbortController();
    const aborted = connector.getResourceUsage({ signal: controller.signal }).catch((e: unknown) => e);
    const patient = connector.getResourceUsage();
    controller.abort();
    expect(OperationAbortedError.isInstance(await aborted)).toBe(true);
    release();
    await expect(patient).resolves.toMatchObject({ totalGpus: 8 });
  });

  it('a malformed token response is a CloudConnectionError that does not quote the body', async () => {
    server.use(
      http.post(`${API}/auth/token`, () =>
        HttpResponse.text('{"accessToken":"tok-partial-secret-value', {
          headers: { 'content-type': 'application/json' },
        }),
      ),
    );
    const error = await connect({ retry: { maxAttempts: 1 } })
      .authenticate()
      .catch((e: unknown) => e);
    expect(CloudConnectionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/expected JSON/);
    expect((error as Error).message).not.toContain('tok-partial');
  });
});

describe('secrets', () => {
  it('never show the key or the token in JSON.stringify, util.inspect, logs or errors', async () => {
    const { logger, lines } = recordingLogger();
    // A platform that echoes the key and the token back in its error details.
    let token = '';
    server.use(
      http.get(`${API}/jobs/:id`, ({ request }) => {
        token = (request.headers.get('authorization') ?? '').replace('Bearer ', '');
        return problem(500, 'INTERNAL', `failed for key ${API_KEY} and token ${token}`);
      }),
    );
    const connector = connect({ logger });
    const error = (await connector.getJobStatus('job_1').catch((e: unknown) => e)) as Error;
    expect(token).toMatch(/^tok-/);
    const surfaces = [
      JSON.stringify(connector),
      inspect(connector, { depth: 10 }),
      lines.join('\n'),
      error.message,
      String(error.stack),
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
    ];
    expect(lines.length).toBeGreaterThan(0);
    expect(error.message).toContain('[REDACTED]');
    for (const surface of surfaces) {
      expect(surface).not.toContain(API_KEY);
      expect(surface).not.toContain(token);
    }
  });

  it('never show the key when the credentials are refused at construction', () => {
    try {
      new HttpConnector({ apiKey: API_KEY, endpoint: 42 as never });
      expect.unreachable();
    } catch (error) {
      expect(inspect(error)).not.toContain(API_KEY);
      expect((error as Error).message).toMatch(/endpoint/);
    }
  });
});
