import {
  AuthenticationError,
  CloudConnectionError,
  CloudExecutionError,
  InvalidParameterError,
  JobNotFoundError,
  OperationAbortedError,
  RateLimitError,
} from '@neural/integrations-core';
import { errorFromResponse, parseRetryAfter } from '@neural/integrations-core/http';
import { createManualClock } from '@neural/integrations-core/testing';
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { PLATFORM_ERRORS } from '../src/errors.js';
import { API, problem } from './support/mini-platform.js';
import { useMiniPlatform } from './support/setup.js';

const { platform, server, connect } = useMiniPlatform();
const context = { operation: 'getJobStatus', jobId: 'job_9', now: Date.UTC(2026, 0, 1) };

async function mapped(response: Response) {
  return errorFromResponse(response, PLATFORM_ERRORS, context);
}

describe('error mapping (errorFromResponse)', () => {
  it('404 JOB_NOT_FOUND is JobNotFoundError naming the job', async () => {
    const error = await mapped(problem(404, 'JOB_NOT_FOUND'));
    expect(JobNotFoundError.isInstance(error)).toBe(true);
    expect((error as JobNotFoundError).jobId).toBe('job_9');
    expect(error.toJSON()).toMatchObject({ status: 404, operation: 'getJobStatus', jobId: 'job_9' });
  });

  it('401 is AuthenticationError with the platform code', async () => {
    for (const code of ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'INVALID_API_KEY']) {
      const error = await mapped(problem(401, code));
      expect(AuthenticationError.isInstance(error)).toBe(true);
      expect(error.code).toBe(code);
      expect(error.retryable).toBe(false);
    }
  });

  it('429 is RateLimitError with Retry-After in ms, as seconds or as an HTTP date', async () => {
    const seconds = await mapped(
      new Response('{}', {
        status: 429,
        headers: { 'retry-after': '3', 'content-type': 'application/problem+json' },
      }),
    );
    expect(RateLimitError.isInstance(seconds)).toBe(true);
    expect((seconds as RateLimitError).retryAfterMs).toBe(3000);
    expect(seconds.retryable).toBe(true);
    expect(parseRetryAfter(new Date(context.now + 5000).toUTCString(), context.now)).toBe(5000);
    expect(parseRetryAfter('soon', context.now)).toBeUndefined();
    expect(parseRetryAfter(null, context.now)).toBeUndefined();
  });

  it('400 and 422 are InvalidParameterError carrying the platform errors as issues', async () => {
    for (const status of [400, 422]) {
      const error = await mapped(
        problem(status, 'INVALID_REQUEST', 'bad', { errors: [{ field: 'code', rule: 'must not be empty' }] }),
      );
      expect(InvalidParameterError.isInstance(error)).toBe(true);
      expect((error as InvalidParameterError).issues).toEqual([{ field: 'code', rule: 'must not be empty' }]);
    }
  });

  it('422 CHECKSUM_MISMATCH is a retryable CloudConnectionError (the bytes were damaged on the way)', async () => {
    const error = await mapped(problem(422, 'CHECKSUM_MISMATCH'));
    expect(CloudConnectionError.isInstance(error)).toBe(true);
    expect(error.retryable).toBe(true);
  });

  it('409 is CloudExecutionError with the platform code', async () => {
    const error = await mapped(problem(409, 'IDEMPOTENCY_KEY_REUSED'));
    expect(CloudExecutionError.isInstance(error)).toBe(true);
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('5xx is a retryable CloudConnectionError, even with an HTML body, which the message quotes', async () => {
    for (const status of [500, 502, 503]) {
      const error = await mapped(new Response('<html><body>Bad gateway</body></html>', { status }));
      expect(CloudConnectionError.isInstance(error)).toBe(true);
      expect(error.retryable).toBe(true);
      expect(error.message).toContain(`HTTP ${status}`);
      expect(error.message).toContain(': <html><body>Bad gateway');
    }
  });

  it('any other status is a CloudExecutionError', async () => {
    const error = await mapped(new Response('', { status: 418 }));
    expect(CloudExecutionError.isInstance(error)).toBe(true);
    expect(error.code).toBe('HTTP_418');
  });
});

describe('retries', () => {
  it('retries 5xx and succeeds', async () => {
    let calls = 0;
    server.use(http.get(`${API}/usage`, () => (++calls < 3 ? problem(503, 'UNAVAILABLE') : undefined)));
    await expect(connect().getResourceUsage()).resolves.toMatchObject({ totalGpus: 8 });
    expect(calls).toBe(3);
  });

  it('retries a dropped connection', async () => {
    let calls = 0;
    server.use(http.get(`${API}/usage`, () => (++calls === 1 ? HttpResponse.error() : undefined)));
    await expect(connect().getResourceUsage()).resolves.toMatchObject({ totalGpus: 8 });
    expect(calls).toBe(2);
  });

  it('gives up after maxAttempts with the last CloudConnectionError', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/usage`, () => {
        calls++;
        return problem(500, 'INTERNAL');
      }),
    );
    const error = await connect({ retry: { maxAttempts: 3, initialDelayMs: 1 } })
      .getResourceUsage()
      .catch((e: unknown) => e);
    expect(CloudConnectionError.isInstance(error)).toBe(true);
    expect(calls).toBe(3);
  });

  it('waits the Retry-After of a 429 on the injected clock before retrying', async () => {
    const clock = createManualClock();
    let calls = 0;
    server.use(
      http.get(`${API}/usage`, () =>
        ++calls === 1
          ? HttpResponse.json(
              { code: 'RATE_LIMITED', status: 429 },
              { status: 429, headers: { 'retry-after': '2' } },
            )
          : undefined,
      ),
    );
    const usage = connect({ clock, retry: { random: () => 0 } }).getResourceUsage();
    while (calls === 0) await clock.advance(0);
    await clock.advance(1999);
    expect(calls).toBe(1);
    await clock.advance(1);
    await expect(usage).resolves.toMatchObject({ totalGpus: 8 });
    expect(calls).toBe(2);
  });

  it('does not retry a 4xx', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/jobs/:id`, () => {
        calls++;
        return problem(404, 'JOB_NOT_FOUND');
      }),
    );
    await expect(connect().getJobStatus('job_x')).rejects.toThrow(JobNotFoundError);
    expect(calls).toBe(1);
  });

  it('a submit retried after a dropped response reuses its idempotency key: one job, never two', async () => {
    let calls = 0;
    server.use(
      http.post(`${API}/jobs`, async ({ request }) => {
        if (++calls > 1) return undefined;
        // The platform stores the job, then the connection drops before the answer arrives.
        await fetch(
          new Request(request.url, { method: 'POST', headers: request.headers, body: await request.text() }),
        );
        return HttpResponse.error();
      }),
    );
    const id = await connect().submitJob({ code: 'print(1)' });
    expect(platform.jobs.size).toBe(1);
    expect([...platform.jobs.keys()]).toEqual([id]);
    const keys = new Set(platform.requestsTo('POST', '/v1/jobs').map((r) => r.headers['idempotency-key']));
    expect(keys.size).toBe(1);
  });
});

describe('timeouts and aborts', () => {
  it('times out an attempt after timeoutMs on the injected clock, then retries', async () => {
    const clock = createManualClock();
    let calls = 0;
    server.use(
      http.get(`${API}/usage`, async () => {
        if (++calls === 1) await delay('infinite');
        return undefined;
      }),
    );
    const usage = connect({
      clock,
      timeoutMs: 5000,
      retry: { initialDelayMs: 1, random: () => 0 },
    }).getResourceUsage();
    while (calls === 0) await clock.advance(0);
    await clock.advance(5000);
    await expect(usage).resolves.toMatchObject({ totalGpus: 8 });
    expect(calls).toBe(2);
  });

  it('a timeout on every attempt ends in a CloudConnectionError saying so', async () => {
    server.use(http.get(`${API}/usage`, () => delay('infinite')));
    const error = await connect({ timeoutMs: 5, retry: { maxAttempts: 2, initialDelayMs: 1 } })
      .getResourceUsage()
      .catch((e: unknown) => e);
    expect(CloudConnectionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/timed out after 5 ms/);
  });

  it('rejects with OperationAbortedError when the caller aborts mid-request, and does not retry', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/usage`, () => {
        calls++;
        return delay('infinite');
      }),
    );
    const controller = new AbortController();
    const usage = connect().getResourceUsage({ signal: controller.signal });
    while (calls === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await expect(usage).rejects.toSatisfy(OperationAbortedError.isInstance);
    expect(calls).toBe(1);
  });

  it('rejects at once with OperationAbortedError for an already aborted signal, sending nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(connect().getJobStatus('job_1', { signal: controller.signal })).rejects.toSatisfy(
      OperationAbortedError.isInstance,
    );
    await expect(connect().submitJob({ code: 'x', signal: controller.signal })).rejects.toSatisfy(
      OperationAbortedError.isInstance,
    );
    expect(platform.requests).toHaveLength(0);
  });

  it('aborting during the backoff stops the retries', async () => {
    const clock = createManualClock();
    let calls = 0;
    server.use(
      http.get(`${API}/usage`, () => {
        calls++;
        return problem(503, 'UNAVAILABLE');
      }),
    );
    const controller = new AbortController();
    const usage = connect({ clock, retry: { initialDelayMs: 10_000 } }).getResourceUsage({
      signal: controller.signal,
    });
    while (calls === 0 || clock.pendingSleepers === 0) await clock.advance(0);
    controller.abort();
    await expect(usage).rejects.toSatisfy(OperationAbortedError.isInstance);
    expect(calls).toBe(1);
  });
});

describe('malformed responses become CloudConnectionError saying what was wrong', () => {
  const once = (response: () => Response) => {
    server.use(http.get(`${API}/jobs/:id`, response, { once: true }));
  };
  const statusOf = () =>
    connect({ retry: { maxAttempts: 1 } })
      .getJobStatus('job_1')
      .catch((e: unknown) => e) as Promise<Error>;

  it('an HTML page', async () => {
    once(() => HttpResponse.html('<html><h1>Login</h1></html>'));
    const error = await statusOf();
    expect(CloudConnectionError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/expected JSON, got text\/html.*<html><h1>Login/);
  });

  it('a truncated body', async () => {
    once(() =>
      HttpResponse.text('{"id":"job_1","state":"RUN', { headers: { 'content-type': 'application/json' } }),
    );
    const error = await statusOf();
    expect(CloudConnectionError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/expected JSON/);
  });

  it('a wrong-typed field, naming it', async () => {
    once(() => HttpResponse.json({ id: 'job_1', state: 42, createdAt: '2026-01-01T00:00:00Z' }));
    const error = await statusOf();
    expect(CloudConnectionError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/invalid response: state:/);
  });

  it('a missing field, naming it', async () => {
    once(() => HttpResponse.json({ id: 'job_1', state: 'RUNNING' }));
    expect((await statusOf()).message).toMatch(/createdAt/);
  });

  it('an empty body, JSON null and an array', async () => {
    for (const body of ['', 'null', '[]']) {
      once(() => new HttpResponse(body, { headers: { 'content-type': 'application/json' } }));
      const error = await statusOf();
      expect(CloudConnectionError.isInstance(error), body).toBe(true);
    }
  });

  it('malformed responses of every other route', async () => {
    const connector = connect({ retry: { maxAttempts: 1 } });
    const garbage = () => HttpResponse.json({ nonsense: true });
    server.use(
      http.get(`${API}/jobs`, garbage),
      http.get(`${API}/jobs/:id/result`, garbage),
      http.post(`${API}/jobs/:id/cancel`, garbage),
      http.get(`${API}/jobs/:id/logs`, garbage),
      http.post(`${API}/jobs`, garbage),
      http.get(`${API}/usage`, () => HttpResponse.json({ totalGpus: 'eight' })),
      http.post(`${API}/endpoints`, garbage),
    );
    for (const call of [
      () => connector.listJobs(),
      () => connector.getJobResult('job_1'),
      () => connector.cancelJob('job_1'),
      () => connector.getLogs('job_1'),
      () => connector.submitJob({ code: 'x' }),
      () => connector.getResourceUsage(),
      () => connector.deployModel('m.pt', 'e1'),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(CloudConnectionError.isInstance(error), String(call)).toBe(true);
      expect((error as Error).message).toContain('invalid response');
    }
  });

  it('a malformed response is retried like a transient failure', async () => {
    once(() => HttpResponse.text('{"trunc', { headers: { 'content-type': 'application/json' } }));
    platform.addJob({ id: 'job_1', state: 'RUNNING' });
    await expect(connect().getJobStatus('job_1')).resolves.toBe('running');
  });
});
