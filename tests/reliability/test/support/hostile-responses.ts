/**
 * Generated platform answers: well-formed ones, mutated ones, and hostile ones (wrong types, invalid or
 * truncated JSON, HTML, wrong content types, huge bodies, deep nesting, bodies that break or stall mid-stream,
 * odd `Retry-After` headers), plus `fetch` failures that are not even `Error`s. Served by a fake `fetch`.
 */
import fc from 'fast-check';

/** How the body of one generated answer is delivered. */
export type BodySpec =
  | { kind: 'text'; text: string }
  | { kind: 'breaks'; text: string; after: number; error: unknown }
  | { kind: 'stalls'; text: string };

/** One generated answer, or a failure of `fetch` itself. */
export type AnswerSpec =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: BodySpec }
  | { kind: 'fetch-throws'; error: unknown };

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Oversized bodies, built once: a 6 MB string and a JSON array of 20 000 jobs. */
const HUGE_TEXT = 'x'.repeat(6 * 1024 * 1024);
const HUGE_JOB_LIST = JSON.stringify({
  jobs: Array.from({ length: 20_000 }, (_, i) => ({
    id: `job-${i}`,
    name: null,
    state: 'RUNNING',
    createdAt: '2026-01-01T00:00:00Z',
  })),
  nextCursor: 'more',
});
const DEEP_JSON = `{"jobId":"j","state":"SUCCEEDED","metrics":{"m":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`;

const ISO = '2026-01-01T00:00:00.000Z';
const job = {
  id: 'job-1',
  name: 'n',
  state: 'RUNNING',
  createdAt: ISO,
  startedAt: null,
  finishedAt: null,
  resources: {},
};

/** A well-formed body for each route, the starting point of mutations. */
export const TEMPLATES: Record<string, unknown> = {
  token: { accessToken: 'token-abc', tokenType: 'Bearer', expiresIn: 3600 },
  job,
  page: { jobs: [job, { ...job, id: 'job-2', state: 'SUCCEEDED' }], nextCursor: null },
  cancel: { cancelled: true, job },
  logs: { content: 'line\n', nextOffset: 5, complete: true },
  result: {
    jobId: 'job-1',
    state: 'SUCCEEDED',
    output: 'ok',
    error: null,
    metrics: { loss: 0.1 },
    artifacts: ['a.bin'],
    logsUrl: null,
    durationSeconds: 1.5,
  },
  usage: {
    totalGpus: 8,
    usedGpus: 1,
    availableGpus: 7,
    totalCpus: 64,
    usedCpus: 2,
    runningJobs: 1,
    pendingJobs: 0,
  },
  endpoint: { name: 'e', url: 'https://e.example', status: 'ready' },
  problem: { type: 'about:blank', title: 'Bad', status: 400, detail: 'nope', code: 'INVALID_PARAMETER' },
};

const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    -1,
    1e308,
    -0,
    '',
    'x'.repeat(100_000),
    '9999-99-99',
    [],
    {},
    null,
    { __proto__: { polluted: true } },
    Number.MAX_SAFE_INTEGER * 4,
  ),
);

/** `template` with some fields replaced by hostile values or dropped, sometimes with extra fields. */
function mutated(template: unknown): fc.Arbitrary<unknown> {
  if (template === null || typeof template !== 'object' || Array.isArray(template)) return hostileJson;
  const shape = Object.fromEntries(
    Object.entries(template).map(([key, value]) => [
      key,
      fc.oneof({ weight: 5, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: hostileJson }),
    ]),
  );
  return fc
    .tuple(
      fc.record(shape, { requiredKeys: [] }),
      fc.option(fc.dictionary(fc.string({ maxLength: 8 }), hostileJson, { maxKeys: 2 }), { freq: 4 }),
    )
    .map(([fields, extra]) => ({ ...(extra ?? {}), ...fields }));
}

const jsonText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .constantFrom(...Object.values(TEMPLATES))
      .chain(mutated)
      .map((v) => JSON.stringify(v)),
  },
  { weight: 2, arbitrary: fc.constantFrom(...Object.values(TEMPLATES)).map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: hostileJson.map((v) => JSON.stringify(v) ?? 'undefined') },
);

/** NDJSON log streams: valid events, then garbage, an early close, or an end event. */
const ndjson = fc
  .tuple(
    fc.array(
      fc.oneof(
        fc.record({ type: fc.constant('log'), offset: fc.nat(), content: fc.string({ maxLength: 20 }) }),
        fc.constantFrom(
          { type: 'end', state: 'SUCCEEDED' },
          { type: 'log' },
          { type: 'end' },
          { type: 'other' },
        ),
        hostileJson,
      ),
      { maxLength: 8 },
    ),
    fc.constantFrom(
      '',
      '\n',
      '{"type":"log","off',
      'not json\n',
      '\u0000\u0001',
      '{"type":"end","state":"FAILED"}\n',
    ),
  )
  .map(([events, tail]) => `${events.map((e) => JSON.stringify(e)).join('\n')}\n${tail}`);

const bodyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: jsonText },
  { weight: 3, arbitrary: jsonText.chain((text) => fc.nat(text.length).map((cut) => text.slice(0, cut))) },
  { weight: 3, arbitrary: ndjson },
  { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>',
      '<html><head><title>Login</title></head></html>',
      '',
      ' ',
      'null',
      '\uFEFF{"id":"job-1"}',
      '{"id": "job-1", "id": 5}',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(HUGE_TEXT, HUGE_JOB_LIST, DEEP_JSON) },
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json',
  'application/problem+json',
  'application/x-ndjson',
  'text/html; charset=utf-8',
  'text/plain',
  'application/octet-stream',
  'application/json; charset=utf-16',
  '',
  'garbage/;;;',
);

const retryAfter = fc.constantFrom(
  '-5',
  'NaN',
  '0',
  '0.001',
  '1e10',
  '99999999999999999999',
  'Infinity',
  'Wed, 21 Oct 2015 07:28:00 GMT',
  'Fri, 31 Dec 9999 23:59:59 GMT',
  'soon',
  '',
);

const status = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      200,
      201,
      202,
      204,
      400,
      401,
      403,
      404,
      409,
      410,
      413,
      422,
      429,
      500,
      502,
      503,
      504,
    ),
  },
  { weight: 2, arbitrary: fc.integer({ min: 200, max: 599 }) },
);

/** Values a broken `fetch` may throw: errors of every kind, and things that are not errors at all. */
const thrown = fc.constantFrom<unknown>(
  new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  }),
  new TypeError('terminated'),
  new DOMException('The operation was aborted.', 'AbortError'),
  new RangeError('Invalid array length'),
  'a string',
  undefined,
  null,
  42,
  { message: 'not an error' },
);

/** A generated answer, for routes the test does not pin. */
export const answer: fc.Arbitrary<AnswerSpec> = fc.oneof(
  {
    weight: 20,
    arbitrary: fc
      .record({
        status,
        type: fc.option(contentType, { nil: undefined }),
        retry: fc.option(retryAfter, { nil: undefined, freq: 3 }),
        text: bodyText,
        delivery: fc.oneof(
          { weight: 8, arbitrary: fc.constant('text' as const) },
          { weight: 2, arbitrary: fc.constant('breaks' as const) },
        ),
        after: fc.nat(200),
        error: thrown,
      })
      .map(({ status, type, retry, text, delivery, after, error }): AnswerSpec => {
        const headers: Record<string, string> = {};
        if (type !== undefined && type !== '') headers['content-type'] = type;
        if (retry !== undefined) headers['retry-after'] = retry;
        const body: BodySpec =
          delivery === 'text' ? { kind: 'text', text } : { kind: 'breaks', text, after, error };
        return { kind: 'response', status, headers, body };
      }),
  },
  { weight: 1, arbitrary: thrown.map((error): AnswerSpec => ({ kind: 'fetch-throws', error })) },
);

/** A 200 whose body stalls forever after some bytes: only a timeout or an abort can end the wait. */
export const stallingAnswer: fc.Arbitrary<AnswerSpec> = fc
  .tuple(
    bodyText.map((text) => text.slice(0, 200)),
    contentType,
  )
  .map(
    ([text, type]): AnswerSpec => ({
      kind: 'response',
      status: 200,
      headers: type ? { 'content-type': type } : {},
      body: { kind: 'stalls', text },
    }),
  );

/** Turns a spec into what `fetch` resolves or rejects with, honouring the request's signal as fetch does. */
export function serve(spec: AnswerSpec, signal: AbortSignal | null | undefined): Promise<Response> {
  if (spec.kind === 'fetch-throws') return Promise.reject(spec.error);
  if (signal?.aborted) return Promise.reject(signal.reason);
  const bytes = new TextEncoder().encode(spec.body.kind === 'text' ? spec.body.text : spec.body.text);
  let body: ReadableStream<Uint8Array> | null = null;
  if (!NULL_BODY_STATUSES.has(spec.status)) {
    const delivery = spec.body;
    body = new ReadableStream<Uint8Array>({
      start(controller) {
        const onAbort = () => {
          try {
            controller.error(signal?.reason);
          } catch {
            // Already closed.
          }
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        if (delivery.kind === 'text') {
          if (bytes.length > 0) controller.enqueue(bytes);
          controller.close();
          signal?.removeEventListener('abort', onAbort);
        } else if (delivery.kind === 'breaks') {
          controller.enqueue(bytes.slice(0, Math.min(delivery.after, bytes.length)));
          // After the first chunk has been read: the connection drops mid-body.
          queueMicrotask(() => {
            try {
              controller.error(delivery.error);
            } catch {
              // Already closed.
            }
          });
        } else if (bytes.length > 0) {
          controller.enqueue(bytes);
        }
      },
    });
  }
  return Promise.resolve(new Response(body, { status: spec.status, headers: spec.headers }));
}
