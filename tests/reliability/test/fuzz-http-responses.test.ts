/**
 * What platforms send back: HttpConnector fed thousands of generated malformed, truncated, wrongly typed,
 * oversized and hostile answers (and fetch failures) throws only CloudException subclasses, never hangs (every
 * call is bounded here) and never crashes the process (no unhandled rejection or uncaught exception).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpConnector } from '@neural/connector-http';
import { CloudException, type Connector } from '@neural/integrations-core';
import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnswerSpec, answer, serve, stallingAnswer, TEMPLATES } from './support/hostile-responses.js';
import { describe as describeError, FC_SEED, runs, trackUnhandled, within } from './support/properties.js';

/** Every call the connector offers, each consuming its whole result (a log stream to its end). */
const OPERATIONS: Record<
  string,
  (connector: HttpConnector, files: string, signal?: AbortSignal) => Promise<unknown>
> = {
  authenticate: (c, _, signal) => c.authenticate({ signal }),
  submitJob: (c, _, signal) => c.submitJob({ code: 'print(1)', jobName: 'fuzz', signal }),
  getJobStatus: (c, _, signal) => c.getJobStatus('job-1', { signal }),
  getJobResult: (c, _, signal) => c.getJobResult('job-1', { signal }),
  cancelJob: (c, _, signal) => c.cancelJob('job-1', { signal }),
  listJobs: (c, _, signal) => c.listJobs({ limit: 50, signal }),
  listJobsFiltered: (c, _, signal) => c.listJobs({ limit: 5, statusFilter: 'unknown', signal }),
  getLogs: (c, _, signal) => c.getLogs('job-1', { signal }),
  followLogs: async (c, _, signal) => {
    const lines: string[] = [];
    for await (const line of c.followLogs('job-1', { signal })) lines.push(line);
    return lines;
  },
  getResourceUsage: (c, _, signal) => c.getResourceUsage({ signal }),
  deployModel: (c, _, signal) => c.deployModel('models/m.bin', 'endpoint-1', { signal }),
  deleteEndpoint: (c, _, signal) => c.deleteEndpoint('endpoint-1', { signal }),
  uploadFile: (c, files, signal) => c.uploadFile(join(files, 'upload.bin'), 'remote/upload.bin', { signal }),
  downloadFile: (c, files, signal) =>
    c.downloadFile('remote/file.bin', join(files, 'download.bin'), { signal }),
};

const operation = fc.constantFrom(...Object.keys(OPERATIONS));

/** A connector whose fetch answers the token route correctly (unless `fuzzToken`) and everything else from `answers`. */
function connectorServing(answers: readonly AnswerSpec[], fuzzToken: boolean, timeoutMs: number) {
  let served = 0;
  let requests = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    requests++;
    if (requests > 500) throw new Error('the connector is looping: more than 500 requests for one call');
    const url = input instanceof Request ? input.url : String(input);
    // The connector sends bodies; read them as a server would, so upload streams are pulled.
    if (init?.body && typeof (init.body as ReadableStream).getReader === 'function') {
      await new Response(init.body as ReadableStream).arrayBuffer().catch(() => {});
    }
    if (!fuzzToken && url.endsWith('/v1/auth/token')) return Response.json(TEMPLATES.token);
    const spec = answers[served % answers.length] as AnswerSpec;
    served++;
    return serve(spec, init?.signal);
  };
  const connector = new HttpConnector(
    { apiKey: 'fuzz-key-0123456789', endpoint: 'https://platform.fuzz.test' },
    {
      fetch,
      timeoutMs,
      retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5, maxElapsedMs: 50 },
    },
  );
  return { connector, requests: () => requests };
}

/** The property: the call resolves, or rejects with a CloudException; never anything else, never a hang. */
async function expectOnlyCloudExceptions(call: () => Promise<unknown>, what: string): Promise<string> {
  try {
    await within(5_000, call(), what);
    return 'resolved';
  } catch (error) {
    if (!CloudException.isInstance(error)) {
      throw new Error(`${what} threw something that is not a CloudException: ${describeError(error)}`, {
        cause: error,
      });
    }
    expect(typeof error.code).toBe('string');
    expect(typeof error.message).toBe('string');
    // Serialising an error must not throw either (a cyclic or BigInt cause would).
    expect(() => JSON.stringify(error)).not.toThrow();
    return error.name;
  }
}

describe('HttpConnector fed hostile platform answers', () => {
  const unhandled = trackUnhandled();
  let files: string;
  beforeAll(async () => {
    files = await mkdtemp(join(tmpdir(), 'reliability-fuzz-http-'));
    await writeFile(join(files, 'upload.bin'), 'model bytes');
  });
  afterAll(async () => {
    unhandled.stop();
    await rm(files, { recursive: true, force: true });
  });

  it('throws only CloudException subclasses for thousands of generated answers', async () => {
    const seen = new Map<string, number>();
    const outcomes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        operation,
        fc.array(answer, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (name, answers, fuzzToken) => {
          const { connector } = connectorServing(answers, fuzzToken, 2_000);
          const run = OPERATIONS[name] as (typeof OPERATIONS)[string];
          outcomes.add(await expectOnlyCloudExceptions(() => run(connector, files), name));
          seen.set(name, (seen.get(name) ?? 0) + 1);
        },
      ),
      { numRuns: runs(2000), seed: FC_SEED },
    );
    // Every operation was exercised, not just the first one drawn.
    expect([...seen.keys()].sort()).toEqual(Object.keys(OPERATIONS).sort());
    // Both halves happened: answers good enough to succeed, and each kind of failure the mapping knows.
    expect([...outcomes]).toEqual(
      expect.arrayContaining([
        'resolved',
        'CloudConnectionError',
        'CloudExecutionError',
        'AuthenticationError',
        'RateLimitError',
      ]),
    );
  });

  it('ends a body that stalls mid-way with a timeout or the caller’s abort, never a hang', async () => {
    await fc.assert(
      fc.asyncProperty(operation, stallingAnswer, fc.boolean(), async (name, stall, abortInstead) => {
        // Streams (followLogs, downloadFile) are timed only until their headers: the caller's signal ends them.
        const controller = new AbortController();
        const { connector } = connectorServing([stall], false, 30);
        const run = OPERATIONS[name] as (typeof OPERATIONS)[string];
        const timer = setTimeout(() => controller.abort(new Error('caller gave up')), abortInstead ? 5 : 200);
        try {
          await expectOnlyCloudExceptions(
            () => run(connector, files, controller.signal),
            `${name} (stalled body)`,
          );
        } finally {
          clearTimeout(timer);
        }
      }),
      { numRuns: runs(60), seed: FC_SEED },
    );
  });

  it('keeps the prototype of every object unpolluted by a hostile "__proto__" field', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('crashed nothing: no unhandled rejection or uncaught exception during the fuzzing', () => {
    expect(unhandled.errors.map(describeError)).toEqual([]);
  });
});

describe('HttpConnector behind MSW handlers that answer at random', () => {
  const unhandled = trackUnhandled();
  let next: AnswerSpec[] = [];
  let served = 0;
  const server = setupServer(
    http.post('https://msw.fuzz.test/v1/auth/token', () => Response.json(TEMPLATES.token)),
    http.all('https://msw.fuzz.test/v1/*', ({ request }) => {
      const spec = next[served++ % next.length] as AnswerSpec;
      // MSW's way of failing the connection; a thrown handler error is its own 500, tested through fetch above.
      if (spec.kind === 'fetch-throws') return HttpResponse.error();
      return serve(spec, request.signal);
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => {
    server.close();
    unhandled.stop();
  });

  it('throws only CloudException subclasses when the answers come through a real interceptor', async () => {
    const connector: Connector = new HttpConnector(
      { apiKey: 'msw-fuzz-key-0123', endpoint: 'https://msw.fuzz.test' },
      { timeoutMs: 2_000, retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5, maxElapsedMs: 50 } },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('getJobStatus', 'listJobs', 'getJobResult', 'submitJob', 'getLogs', 'followLogs'),
        fc.array(answer, { minLength: 1, maxLength: 3 }),
        async (name, answers) => {
          next = answers;
          served = 0;
          const run = OPERATIONS[name] as (typeof OPERATIONS)[string];
          await expectOnlyCloudExceptions(() => run(connector as HttpConnector, ''), `${name} via MSW`);
        },
      ),
      { numRuns: runs(400), seed: FC_SEED },
    );
    expect(unhandled.errors.map(describeError)).toEqual([]);
  });
});
