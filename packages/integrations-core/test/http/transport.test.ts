import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  HttpTransport,
  type HttpTransportOptions,
  isNotSent,
  type ResponseErrorTable,
  TokenCache,
} from '../../src/http/index.js';
import {
  AuthenticationError,
  CloudConnectionError,
  CloudExecutionError,
  createRateLimiter,
  InvalidParameterError,
  JobNotFoundError,
  OperationAbortedError,
  RateLimitError,
  Redactor,
} from '../../src/index.js';
import { createManualClock } from '../../src/testing/index.js';

const Problem = z.object({ code: z.string().optional(), title: z.string().optional() });
const errors: ResponseErrorTable<z.output<typeof Problem>> = {
  payload: Problem,
  describe: (problem) => `${problem.code ?? ''} ${problem.title ?? ''}`.trim(),
  rules: [
    {
      status: 404,
      when: (failure) => failure.payload?.code === 'JOB_NOT_FOUND' && failure.jobId !== undefined,
      error: (failure) => new JobNotFoundError(failure.jobId as string),
    },
  ],
};

type Call = { url: string; init: RequestInit };
function transport(
  answers: ((call: Call) => Response | Promise<Response>)[],
  options: Partial<HttpTransportOptions<z.output<typeof Problem>>> = {},
) {
  const calls: Call[] = [];
  const fetch: typeof globalThis.fetch = async (input, init = {}) => {
    const call = { url: String(input), init };
    calls.push(call);
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (!answer) throw new Error('no answer scripted');
    return answer(call);
  };
  const http = new HttpTransport({
    baseUrl: 'https://platform.test/v1',
    errors,
    fetch,
    retry: { initialDelayMs: 1, maxDelayMs: 1 },
    ...options,
  });
  return { http, calls };
}

const refused = () => {
  throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
};
const reset = () => {
  throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
};
const Job = z.object({ id: z.string() });

describe('HttpTransport', () => {
  it('refuses a base URL that is not absolute http(s), or a bad timeout, naming the field', () => {
    expect(() => new HttpTransport({ baseUrl: 'platform.test/v1', errors })).toThrow(
      /baseUrl: must be an absolute/,
    );
    expect(() => new HttpTransport({ baseUrl: 'ftp://platform.test', errors })).toThrow(
      InvalidParameterError,
    );
    expect(
      () => new HttpTransport({ baseUrl: 'https://platform.test', errors, timeoutMs: Number.NaN }),
    ).toThrow(/timeoutMs/);
  });

  it('refuses a retry policy with a misspelt field, or with the signal and clock each request supplies', () => {
    const refusal = (retry: object) => {
      try {
        new HttpTransport({ baseUrl: 'https://platform.test', errors, retry: retry as never });
      } catch (error) {
        return InvalidParameterError.isInstance(error) ? error.issues : error;
      }
      return undefined;
    };
    expect(refusal({ maxAtempts: 3 })).toEqual([
      { field: 'retry.maxAtempts', rule: 'is not a known option; did you mean "maxAttempts"?' },
    ]);
    expect(refusal({ signal: AbortSignal.abort() })).toEqual([
      { field: 'retry.signal', rule: 'is not a known option' },
    ]);
  });

  it('disarms the timeout of an attempt once it is answered', async () => {
    const clock = createManualClock();
    const { http } = transport([() => Response.json({ id: 'j1' })], { clock, timeoutMs: 5_000 });
    await http.json(Job, { method: 'GET', path: '/jobs/j1', operation: 'getJob' });
    expect(clock.pendingSleepers).toBe(0);
  });

  it('validates a 2xx body with the zod schema, and names the failing field of a malformed one', async () => {
    const { http } = transport([() => Response.json({ id: 42 })], { retry: { maxAttempts: 1 } });
    const error = await http
      .json(Job, { method: 'GET', path: '/jobs/1', operation: 'getJob' })
      .catch((e) => e);
    expect(CloudConnectionError.isInstance(error)).toBe(true);
    expect(error.code).toBe('INVALID_RESPONSE');
    expect(error.message).toMatch(/getJob: .*id: /);
  });

  it('maps failures through the connector table first, then the default one', async () => {
    const { http } = transport([
      () => Response.json({ code: 'JOB_NOT_FOUND' }, { status: 404 }),
      () => Response.json({ code: 'NO_SUCH_ROUTE' }, { status: 404 }),
    ]);
    const request = { method: 'GET', path: '/jobs/j1', operation: 'getJob', jobId: 'j1' } as const;
    expect(await http.json(Job, request).catch((e) => e)).toBeInstanceOf(JobNotFoundError);
    const other = await http.json(Job, request).catch((e) => e);
    // Structured context, never the body: what failed, where, about which job.
    expect(other.toJSON()).toMatchObject({ status: 404, operation: 'getJob', jobId: 'j1' });
    expect(CloudExecutionError.isInstance(other)).toBe(true);
    expect(other.code).toBe('HTTP_404');
    expect(other.message).toBe('getJob failed with HTTP 404: NO_SUCH_ROUTE');
  });

  it('times out each attempt on the injected clock with the one TIMEOUT code', async () => {
    const clock = createManualClock();
    const { http } = transport(
      [
        ({ init }) =>
          new Promise<Response>((_resolve, reject) =>
            init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
          ),
      ],
      { clock, timeoutMs: 5_000, retry: { maxAttempts: 1 } },
    );
    const pending = http.json(Job, { method: 'GET', path: '/x', operation: 'getJob' }).catch((e) => e);
    await clock.advance(5_000);
    const error = await pending;
    expect(CloudConnectionError.isInstance(error)).toBe(true);
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe('getJob timed out after 5000 ms');
    expect(error.operation).toBe('getJob');
  });

  it('stops at once with OperationAbortedError when the caller aborts', async () => {
    const controller = new AbortController();
    const { http } = transport([
      ({ init }) =>
        new Promise<Response>((_resolve, reject) =>
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        ),
    ]);
    const pending = http
      .json(Job, { method: 'GET', path: '/x', operation: 'getJob', signal: controller.signal })
      .catch((e) => e);
    controller.abort();
    expect(OperationAbortedError.isInstance(await pending)).toBe(true);
  });

  it('resends a POST without idempotency key only when the connection was refused (never sent)', async () => {
    const once = transport([refused, () => Response.json({ id: 'a' })]);
    const created = await once.http.json(Job, {
      method: 'POST',
      path: '/jobs',
      json: {},
      operation: 'submit',
    });
    expect(created.id).toBe('a');
    expect(once.calls).toHaveLength(2);

    const maybeSent = transport([reset, () => Response.json({ id: 'b' })]);
    const error = await maybeSent.http
      .json(Job, { method: 'POST', path: '/jobs', json: {}, operation: 'submit' })
      .catch((e) => e);
    expect(error.code).toBe('CONNECTION_FAILED');
    expect(isNotSent(error)).toBe(false);
    expect(maybeSent.calls).toHaveLength(1);

    const retriedGet = transport([reset, () => Response.json({ id: 'c' })]);
    await expect(retriedGet.http.json(Job, { method: 'GET', path: '/j', operation: 'get' })).resolves.toEqual(
      {
        id: 'c',
      },
    );
  });

  it('sends the idempotency key in its header, which makes a POST safe to retry', async () => {
    const { http, calls } = transport([reset, () => Response.json({ id: 'a' })], {
      idempotencyHeader: 'x-request-id',
    });
    await http.json(Job, {
      method: 'POST',
      path: '/jobs',
      json: {},
      operation: 'submit',
      idempotencyKey: 'k1',
    });
    expect(calls).toHaveLength(2);
    for (const call of calls) expect(new Headers(call.init.headers).get('x-request-id')).toBe('k1');
  });

  it('waits at least what Retry-After asks before the next attempt', async () => {
    const clock = createManualClock();
    const delays: number[] = [];
    const { http, calls } = transport(
      [
        () => new Response('{}', { status: 429, headers: { 'retry-after': '2' } }),
        () => Response.json({ id: 'a' }),
      ],
      { clock, retry: { onRetry: (event) => delays.push(event.delayMs) } },
    );
    const pending = http.json(Job, { method: 'GET', path: '/x', operation: 'get' });
    await clock.advance(1_999);
    expect(calls).toHaveLength(1);
    await clock.advance(10_000);
    await expect(pending).resolves.toEqual({ id: 'a' });
    expect(delays[0]).toBeGreaterThanOrEqual(2_000);
    expect(calls).toHaveLength(2);
  });

  it.each(['a RateLimiter', 'rate settings'])(
    'goes through the rate limiter (%s) before every attempt',
    async (kind) => {
      const clock = createManualClock();
      const limiter =
        kind === 'a RateLimiter'
          ? createRateLimiter({ requestsPerSecond: 1, clock })
          : { requestsPerSecond: 1 };
      const { http, calls } = transport([() => Response.json({ id: 'a' })], { clock, rateLimiter: limiter });
      const first = http.json(Job, { method: 'GET', path: '/x', operation: 'get' });
      const second = http.json(Job, { method: 'GET', path: '/x', operation: 'get' });
      await first;
      expect(calls).toHaveLength(1);
      await clock.advance(1_000);
      await second;
      expect(calls).toHaveLength(2);
    },
  );

  it('refreshes a rejected token once, sharing one token request between concurrent calls', async () => {
    let issued = 0;
    const cache = new TokenCache(async () => ({
      value: `token-${++issued}`,
      expiresAtMs: Date.now() + 3_600_000,
    }));
    const { http, calls } = transport(
      [
        ({ init }) =>
          new Headers(init.headers).get('authorization') === 'Bearer token-1'
            ? new Response('{}', { status: 401 })
            : Response.json({ id: 'a' }),
      ],
      { auth: { getToken: (signal) => cache.get(signal), invalidateToken: (t) => cache.invalidate(t) } },
    );
    const request = { method: 'GET', path: '/x', operation: 'get' } as const;
    await Promise.all([http.json(Job, request), http.json(Job, request)]);
    expect(issued).toBe(2);
    expect(
      calls.filter((c) => new Headers(c.init.headers).get('authorization') === 'Bearer token-2'),
    ).toHaveLength(2);
  });

  it('TokenCache.refresh says whether the credentials are accepted, and throws any other failure', async () => {
    let answer: () => Promise<{ value: string; expiresAtMs: number }> = async () => ({
      value: 'token-a',
      expiresAtMs: Date.now() + 60_000,
    });
    const cache = new TokenCache(() => answer());
    expect(await cache.refresh()).toBe(true);
    answer = async () => {
      throw new AuthenticationError('refused');
    };
    expect(await cache.refresh()).toBe(false);
    answer = async () => {
      throw new CloudConnectionError('unreachable');
    };
    await expect(cache.refresh()).rejects.toThrow('unreachable');
  });

  it('a 401 after a refresh is an AuthenticationError, and no secret survives in any error', async () => {
    const redactor = new Redactor(['sk-live-0123456789abcdef']);
    const { http } = transport([() => new Response('bad key sk-live-0123456789abcdef', { status: 401 })], {
      redactor,
      auth: { getToken: async () => 'sk-live-0123456789abcdef', invalidateToken: () => {} },
    });
    const error = await http.json(Job, { method: 'GET', path: '/x', operation: 'get' }).catch((e) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(JSON.stringify(error) + error.message + String(error.stack)).not.toContain(
      'sk-live-0123456789abcdef',
    );
  });

  it('a 429 becomes RateLimitError with the wait the platform asked for', async () => {
    const { http } = transport([() => new Response('', { status: 429, headers: { 'retry-after': '7' } })], {
      retry: { maxAttempts: 1 },
    });
    const error = await http.json(Job, { method: 'GET', path: '/x', operation: 'get' }).catch((e) => e);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error.retryAfterMs).toBe(7_000);
  });
});
