import { CloudConnectionError, type Logger, OperationAbortedError } from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import { describe, expect, it } from 'vitest';
import { SlurmConnector } from '../src/index.js';
import { CREDENTIALS, fixture, TOKEN } from './support/recorded-cluster.js';
import { refusedConnection as refused } from './support/refused-connection.js';

const hangingFetch: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
  });

describe('requests in flight', () => {
  it('time out on the injected clock, without waiting on wall-clock time', async () => {
    const clock = createManualClock();
    const slurm = new SlurmConnector(CREDENTIALS, {
      fetch: hangingFetch,
      clock,
      timeoutMs: 5_000,
      retry: { maxAttempts: 1 },
    });
    const status = slurm.getJobStatus('1').catch((e: unknown) => e);
    await clock.advance(5_000);
    const error = await status;
    expect(error).toBeInstanceOf(CloudConnectionError);
    expect((error as Error).message).toMatch(/timed out after 5000 ms/);
    // One code for a timeout in every connector.
    expect((error as CloudConnectionError).code).toBe('TIMEOUT');
  });

  it('reject with OperationAbortedError as soon as the caller aborts', async () => {
    const controller = new AbortController();
    const slurm = new SlurmConnector(CREDENTIALS, { fetch: hangingFetch });
    const status = slurm.getJobStatus('1', { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expect(await status).toBeInstanceOf(OperationAbortedError);
  });
});

describe('submit retries', () => {
  it('resend a submit only when the connection was refused, so no job is made twice', async () => {
    let calls = 0;
    const fetchStub: typeof fetch = async () => {
      calls++;
      if (calls === 1) throw refused();
      return Response.json(fixture('submit').body);
    };
    const slurm = new SlurmConnector(CREDENTIALS, {
      fetch: fetchStub,
      createWorkdir: false,
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
    });
    await expect(slurm.submitJob({ code: 'x' })).resolves.toBe(String(fixture('submit').body.job_id));
    expect(calls).toBe(2);
  });

  it('do not resend a submit whose connection broke after it may have arrived', async () => {
    // Counted by method: after a failed submit the connector pings (GET) to tell refused credentials from a
    // broken connection; only a second POST would be a resend.
    const methods: string[] = [];
    const fetchStub: typeof fetch = async (_input, init) => {
      methods.push(init?.method ?? 'GET');
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    };
    const slurm = new SlurmConnector(CREDENTIALS, {
      fetch: fetchStub,
      createWorkdir: false,
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
    });
    await expect(slurm.submitJob({ code: 'x' })).rejects.toBeInstanceOf(CloudConnectionError);
    expect(methods.filter((method) => method === 'POST')).toHaveLength(1);
  });

  it('do not ping for the credentials after a submit that never reached slurmrestd', async () => {
    const methods: string[] = [];
    const fetchStub: typeof fetch = async (_input, init) => {
      methods.push(init?.method ?? 'GET');
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    };
    const slurm = new SlurmConnector(CREDENTIALS, {
      fetch: fetchStub,
      createWorkdir: false,
      retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1 },
    });
    await expect(slurm.submitJob({ code: 'x' })).rejects.toBeInstanceOf(CloudConnectionError);
    expect(methods).toEqual(['POST', 'POST']);
  });
});

describe('logging', () => {
  it('never writes the token to the logger', async () => {
    const lines: string[] = [];
    const record = (message: string, fields?: unknown) =>
      void lines.push(`${message} ${JSON.stringify(fields)}`);
    const logger: Logger = { debug: record, info: record, warn: record, error: record };
    let calls = 0;
    const fetchStub: typeof fetch = async () => {
      calls++;
      return calls === 1
        ? new Response(`upstream rejected ${TOKEN}`, { status: 503 })
        : Response.json(fixture('ping').body);
    };
    const slurm = new SlurmConnector(CREDENTIALS, { fetch: fetchStub, logger, retry: { initialDelayMs: 1 } });
    await expect(slurm.authenticate()).resolves.toBe(true);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });
});

describe('rate limit', () => {
  it('spaces requests out as the rateLimit option asks, on the injected clock', async () => {
    const clock = createManualClock();
    let calls = 0;
    const fetchStub: typeof fetch = async () => {
      calls++;
      return Response.json(fixture('ping').body);
    };
    const slurm = new SlurmConnector(CREDENTIALS, {
      fetch: fetchStub,
      clock,
      rateLimit: { requestsPerSecond: 1 },
    });
    const first = slurm.authenticate();
    const second = slurm.authenticate();
    await first;
    expect(calls).toBe(1);
    await clock.advance(1_000);
    await second;
    expect(calls).toBe(2);
  });
});
