import { findStructureLimitBreach, systemClock } from '@neural/integrations-core';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { z } from 'zod';
import {
  FakePlatformModel,
  JOB_STATES,
  type JobState,
  type PlatformRequest,
  parseBody,
  type RecordedRequest,
} from './model/index.js';
import type { FakePlatformOptions, FaultOptions } from './options.js';
import { invalidRequest, PlatformProblem, problemResponse } from './problems.js';
import { type OperationId, ROUTES, type RouteDefinition, routePattern, toMswPath } from './routes.js';

/** The fake platform, ready to serve: MSW handlers over one {@link FakePlatformModel}. */
export interface FakePlatform {
  /** The MSW handlers, for `setupServer(...platform.handlers)`; the last one answers unknown `/v1` routes. */
  readonly handlers: RequestHandler[];
  /** The in-memory platform behind the handlers. */
  readonly model: FakePlatformModel;
  /** The origin the handlers answer on (e.g. `http://fake-platform.test`), without `/v1`. */
  readonly baseUrl: string;
  /** Same as {@link FakePlatform.baseUrl}. */
  readonly url: string;
  /** The API key the token exchange accepts. */
  readonly apiKey: string;
  /** Every request received so far, secrets redacted (same as `model.requests`). */
  readonly requests: RecordedRequest[];
  /** Moves the platform clock forward (same as `model.advance`). */
  advance(ms: number): Promise<void>;
  /** Replaces the fault settings (same as `model.setFaults`). */
  setFaults(faults: FaultOptions): void;
  /** Back to a fresh platform (same as `model.reset`). */
  reset(): void;
}

const queryInt = (field: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number from ${min} to ${max}`)
    .describe(field);

const ListQuerySchema = z.object({
  limit: queryInt('limit', 1, 1000).optional(),
  state: z
    .string()
    .transform((value) => value.split(',').filter(Boolean))
    .pipe(z.array(z.enum(JOB_STATES, { error: `must be states from ${JOB_STATES.join(', ')}` })))
    .optional(),
  cursor: z.string().min(1, 'must not be empty').optional(),
});
const WaitQuerySchema = z.object({
  since: z.enum(JOB_STATES, { error: `must be one of ${JOB_STATES.join(', ')}` }).optional(),
  timeoutMs: queryInt('timeoutMs', 0, 30_000).optional(),
});
const OffsetQuerySchema = z.object({ offset: queryInt('offset', 0, Number.MAX_SAFE_INTEGER).optional() });
const AdvanceBodySchema = z.strictObject({
  ms: z.number({ error: 'must be a number of milliseconds' }).nonnegative('must not be negative'),
});

function query<S extends z.ZodType>(schema: S, request: PlatformRequest): z.output<S> {
  return parseBody(schema, Object.fromEntries(new URL(request.url).searchParams), 400);
}

/** The largest JSON body the platform reads: room for the 1,000,000 characters `code` may hold, and no more. */
export const MAX_JSON_BODY_BYTES = 2 * 1024 * 1024;

async function readJson(request: PlatformRequest): Promise<unknown> {
  const text = await request.text();
  if (text.length > MAX_JSON_BODY_BYTES) {
    throw new PlatformProblem('PAYLOAD_TOO_LARGE', `The JSON body is larger than the limit of 2 MiB`, {
      errors: [{ field: 'body', rule: 'must be at most 2 MiB' }],
    });
  }
  if (text.trim() === '') throw invalidRequest('body', 'must be a JSON document', 400);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalidRequest('body', 'is not valid JSON', 400);
  }
  // Before any schema sees it: validating or copying a body 1,200 levels deep overflows the stack.
  const breach = findStructureLimitBreach(body);
  if (breach) throw invalidRequest('body', breach.rule, 400);
  return body;
}

/**
 * `INVALID_PATH` when `pathname` is not valid percent-encoding (`%ff`): routing decodes path parameters, and a
 * path that cannot be decoded names no job and no file. Checked before any route is matched.
 */
export function undecodablePathProblem(pathname: string): PlatformProblem | undefined {
  if (!pathname.includes('%')) return undefined;
  try {
    decodeURIComponent(pathname);
    return undefined;
  } catch {
    return new PlatformProblem('INVALID_PATH', 'The path is not valid percent-encoding');
  }
}

/**
 * A JSON answer before it becomes a `Response`: the MSW handlers turn it into one, the standalone server
 * writes its text to the socket as it is (a `Response` over a string builds a web stream per answer, the
 * largest cost of a small request on Node 20).
 */
export interface JsonAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

/** What a route answers: a JSON answer, or a `Response` for streams, empty bodies and problems. */
export type PlatformAnswer = Response | JsonAnswer;

/** `answer` as a fetch `Response`. */
export function toResponse(answer: PlatformAnswer): Response {
  if (answer instanceof Response) return answer;
  return new Response(answer.text, { status: answer.status, headers: answer.headers });
}

const json = (body: unknown, status = 200, headers?: Record<string, string>): JsonAnswer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  text: JSON.stringify(body),
});

// The model validates the outcome itself; the cast only names what it expects.
type FinishOutcome = Parameters<FakePlatformModel['finishJob']>[1];

const encoder = new TextEncoder();

function streamOf<T>(iterator: AsyncIterator<T>, encode: (value: T) => Uint8Array, onCancel: () => void) {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(encode(value));
    },
    async cancel() {
      onCancel();
      await iterator.return?.();
    },
  });
}

interface RouteContext {
  request: PlatformRequest;
  params: Record<string, string | readonly string[] | undefined>;
  signal: AbortSignal;
}

/**
 * Answers one request exactly as the platform's MSW handlers would (same route table, same behaviours, same
 * recording), without msw: for a server that owns its socket. `signal()` gives the signal ending the request
 * (a client that went away), asked for only by the routes that wait; the request's own signal is not read, so
 * a server can build it without one. `HttpResponse.error()`
 * (`type: 'error'`) means drop the connection.
 */
export type PlatformDispatch = (
  request: PlatformRequest,
  signal: () => AbortSignal,
) => Promise<PlatformAnswer>;

const dispatchers = new WeakMap<FakePlatform, PlatformDispatch>();

/** The {@link PlatformDispatch} of a platform {@link createFakePlatform} built (for the standalone server). */
export function platformDispatch(platform: FakePlatform): PlatformDispatch {
  const dispatch = dispatchers.get(platform);
  if (!dispatch) throw new TypeError('platform was not built by createFakePlatform');
  return dispatch;
}

/**
 * Builds the fake platform: validates `options`, creates the model and the MSW handlers exposing it.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createFakePlatform } from '@neural/fake-platform';
 * import { createManualClock } from '@neural/integrations-core';
 *
 * const platform = createFakePlatform({ clock: createManualClock() });
 * const server = setupServer(...platform.handlers);
 * server.listen();
 * const token = await fetch(`${platform.baseUrl}/v1/auth/token`, {
 *   method: 'POST',
 *   body: JSON.stringify({ apiKey: platform.apiKey }),
 * }).then((r) => r.json());
 * ```
 */
export function createFakePlatform(options: FakePlatformOptions = {}): FakePlatform {
  const model = new FakePlatformModel(options);
  const baseUrl = model.options.baseUrl.replace(/\/$/, '');
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
  const latencyClock = model.options.latencyClock ?? systemClock;
  const filesPrefix = `${basePath}/v1/files/`;
  const param = (ctx: RouteContext, name: string) => String(ctx.params[name] ?? '');
  const filePath = (request: PlatformRequest) => new URL(request.url).pathname.slice(filesPrefix.length);

  const behaviours: Record<OperationId, (ctx: RouteContext) => Promise<PlatformAnswer> | PlatformAnswer> = {
    issueToken: async ({ request }) => {
      const body = parseBody(
        z.object({ apiKey: z.string({ error: 'must be a string' }) }),
        await readJson(request),
      );
      return json(model.issueToken(body.apiKey));
    },
    submitJob: async ({ request }) => {
      const { job, replayed } = model.submitJob(
        await readJson(request),
        request.headers.get('idempotency-key'),
      );
      return replayed ? json(job, 200, { 'Idempotent-Replayed': 'true' }) : json(job, 201);
    },
    listJobs: ({ request }) => {
      const q = query(ListQuerySchema, request);
      return json(
        model.listJobs({ limit: q.limit, states: q.state as JobState[] | undefined, cursor: q.cursor }),
      );
    },
    getJob: (ctx) => json(model.getJob(param(ctx, 'id'))),
    waitForJob: async (ctx) => {
      const q = query(WaitQuerySchema, ctx.request);
      return json(await model.waitForJob(param(ctx, 'id'), q.since, q.timeoutMs ?? 30_000, ctx.signal));
    },
    cancelJob: (ctx) => json(model.cancelJob(param(ctx, 'id'))),
    getJobLogs: (ctx) => json(model.readLogs(param(ctx, 'id'), query(OffsetQuerySchema, ctx.request).offset)),
    streamJobLogs: (ctx) => {
      const id = param(ctx, 'id');
      const { offset } = query(OffsetQuerySchema, ctx.request);
      model.getJob(id); // a missing job is a 404, not a stream that breaks at once
      const stop = new AbortController();
      ctx.signal.addEventListener('abort', () => stop.abort(), { once: true });
      const events = model.followLogs(id, offset, stop.signal);
      const body = streamOf(
        events,
        (event) => encoder.encode(`${JSON.stringify(event)}\n`),
        () => stop.abort(),
      );
      return new HttpResponse(body, {
        headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' },
      });
    },
    getJobResult: (ctx) => json(model.getResult(param(ctx, 'id'))),
    uploadFile: async ({ request }) => {
      const stored = await model.putFile(
        filePath(request),
        request.body,
        request.headers.get('x-checksum-sha256'),
      );
      return json(stored, 201);
    },
    downloadFile: ({ request }) => {
      const file = model.getFile(filePath(request));
      let next = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const chunk = file.chunks[next++];
          if (chunk) controller.enqueue(chunk);
          else controller.close();
        },
      });
      return new HttpResponse(body, {
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(file.size),
          'x-checksum-sha256': file.sha256,
        },
      });
    },
    createEndpoint: async ({ request }) => json(model.createEndpoint(await readJson(request)), 201),
    deleteEndpoint: (ctx) => {
      model.deleteEndpoint(param(ctx, 'name'));
      return new HttpResponse(null, { status: 204 });
    },
    getUsage: () => json(model.getUsage()),
    controlAdvanceClock: async ({ request }) => {
      const { ms } = parseBody(AdvanceBodySchema, await readJson(request));
      await model.advance(ms);
      return json({ now: new Date(model.now()).toISOString() });
    },
    controlFinishJob: async (ctx) =>
      json(model.finishJob(param(ctx, 'id'), (await readJson(ctx.request)) as FinishOutcome)),
    controlSetFaults: async ({ request }) => {
      model.setFaults((await readJson(request)) as FaultOptions);
      return json({ faults: model.faults });
    },
    controlReset: () => {
      model.reset();
      return json({ reset: true });
    },
    controlListRequests: () => json({ requests: model.requests }),
  };

  /** Faults, auth and recording around one route: the only place a thrown problem becomes a response. */
  const serve = async (definition: RouteDefinition, ctx: RouteContext): Promise<PlatformAnswer> => {
    const { request } = ctx;
    const record = model.recordRequest(request, definition.operationId);
    let response: PlatformAnswer;
    try {
      if (definition.control && !model.options.enableControl) {
        throw new PlatformProblem('CONTROL_DISABLED', 'Control routes are disabled on this platform');
      }
      const fault = definition.control
        ? { kind: undefined, latencyMs: 0 }
        : model.decideFault(definition.operationId, definition.auth);
      if (fault.kind) record.fault = fault.kind;
      const delay = fault.latencyMs + (fault.kind === 'latency' ? model.faults.latencySpikeMs : 0);
      if (delay > 0) await latencyClock.sleep(delay, ctx.signal);
      switch (fault.kind) {
        case 'internal':
          throw new PlatformProblem('INTERNAL', 'Injected fault: internal error');
        case 'unavailable':
          throw new PlatformProblem('UNAVAILABLE', 'Injected fault: service unavailable');
        case 'rate-limit':
          throw new PlatformProblem('RATE_LIMITED', 'Injected fault: too many requests', {
            headers: { 'Retry-After': String(model.faults.retryAfterSeconds) },
          });
        case 'drop-before':
          return HttpResponse.error();
        default:
          break;
      }
      if (definition.auth) {
        const token = model.authenticate(request.headers.get('authorization'));
        if (fault.kind === 'token-expired') {
          model.expireToken(token);
          model.authenticate(request.headers.get('authorization'));
        }
      }
      const answer = behaviours[definition.operationId as OperationId](ctx);
      response = answer instanceof Promise ? await answer : answer;
      if (fault.kind === 'drop-after') {
        if (response instanceof Response) await response.body?.cancel();
        return HttpResponse.error();
      }
    } catch (error) {
      response = problemResponse(error);
    }
    record.status = response.status;
    return response;
  };

  // First, for every method and path: a RegExp without groups, so msw decodes nothing before it runs.
  const escapedBase = baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pathGuard = http.all(new RegExp(`^${escapedBase}/`), ({ request }) => {
    const problem = undecodablePathProblem(new URL(request.url).pathname);
    if (!problem) return undefined;
    const record = model.recordRequest(request);
    const response = problemResponse(problem);
    record.status = response.status;
    return response;
  });
  const handlers: RequestHandler[] = Object.values(ROUTES).map((definition) => {
    const method = definition.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    return http[method](`${baseUrl}${toMswPath(definition.path)}`, async ({ request, params }) =>
      toResponse(await serve(definition, { request, params, signal: request.signal })),
    );
  });
  handlers.unshift(pathGuard);
  handlers.push(
    http.all(`${baseUrl}/*`, ({ request }) => {
      const record = model.recordRequest(request);
      const url = new URL(request.url);
      const response = problemResponse(
        new PlatformProblem('ROUTE_NOT_FOUND', `No route ${request.method} ${url.pathname}`),
      );
      record.status = response.status;
      return response;
    }),
  );

  // The same table and behaviours, matched the way msw matches the handlers above (first match wins).
  const table = Object.values(ROUTES).map((definition) => ({
    definition,
    pattern: routePattern(definition.path, basePath),
  }));
  const notFound = (request: PlatformRequest, pathname: string, problem?: PlatformProblem) => {
    const record = model.recordRequest(request);
    const response = problemResponse(
      problem ?? new PlatformProblem('ROUTE_NOT_FOUND', `No route ${request.method} ${pathname}`),
    );
    record.status = response.status;
    return response;
  };
  const dispatch: PlatformDispatch = async (request, signal) => {
    // The url is already a serialised href: its path is the text between the origin and any query.
    const href = request.url;
    const pathAt = href.indexOf('/', href.indexOf('//') + 2);
    const queryAt = href.search(/[?#]/);
    const pathname = pathAt < 0 ? '/' : href.slice(pathAt, queryAt < 0 ? undefined : queryAt);
    const undecodable = undecodablePathProblem(pathname);
    if (undecodable) return notFound(request, pathname, undecodable);
    const method = request.method.toUpperCase();
    for (const { definition, pattern } of table) {
      if (definition.method !== method) continue;
      const match = pattern.exec(pathname);
      if (!match) continue;
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries(match.groups ?? {}))
        params[name] = decodeURIComponent(value);
      return serve(definition, {
        request,
        params,
        get signal() {
          return signal();
        },
      });
    }
    return notFound(request, pathname);
  };

  const platform: FakePlatform = {
    handlers,
    model,
    baseUrl,
    url: baseUrl,
    apiKey: model.apiKey,
    get requests() {
      return model.requests;
    },
    advance: (ms) => model.advance(ms),
    setFaults: (faults) => model.setFaults(faults),
    reset: () => model.reset(),
  };
  dispatchers.set(platform, dispatch);
  return platform;
}
