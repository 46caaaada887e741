import { systemClock } from '@neural/integrations-core';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { type RouteContext, routeBehaviours } from './behaviours.js';
import { FakePlatformModel, type PlatformRequest, type RecordedRequest } from './model/index.js';
import type { FakePlatformOptions, FaultOptions } from './options.js';
import { type PlatformAnswer, toResponse } from './platform-answer.js';
import { PlatformProblem, problemResponse } from './problems.js';
import { undecodablePathProblem } from './request-input.js';
import { type OperationId, ROUTES, type RouteDefinition, routePattern, toMswPath } from './routes.js';

/** The fake platform, ready to serve: MSW handlers over one {@link FakePlatformModel}. */
export interface FakePlatform {
  /** The MSW handlers, for `setupServer(...platform.handlers)`; the last one answers unknown `/v1` routes. */
  readonly handlers: RequestHandler[];
  /** The in-memory platform behind the handlers. */
  readonly model: FakePlatformModel;
  /** The origin the handlers answer on (e.g. `http://fake-platform.test`), without `/v1`: a connector's `endpoint`. */
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
 * import { createManualClock } from '@neural/integrations-core/testing';
 *
 * const platform = createFakePlatform({ clock: createManualClock() });
 * const server = setupServer(...platform.handlers);
 * server.listen();
 * const token = await fetch(`${platform.url}/v1/auth/token`, {
 *   method: 'POST',
 *   body: JSON.stringify({ apiKey: platform.apiKey }),
 * }).then((r) => r.json());
 * ```
 */
export function createFakePlatform(options: FakePlatformOptions = {}): FakePlatform {
  const model = new FakePlatformModel(options);
  const base = model.options.url.replace(/\/$/, '');
  const basePath = new URL(base).pathname.replace(/\/$/, '');
  const latencyClock = model.options.latencyClock ?? systemClock;

  const behaviours = routeBehaviours(model, basePath);

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
  const escapedBase = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
    return http[method](`${base}${toMswPath(definition.path)}`, async ({ request, params }) =>
      toResponse(await serve(definition, { request, params, signal: request.signal })),
    );
  });
  handlers.unshift(pathGuard);
  handlers.push(
    http.all(`${base}/*`, ({ request }) => {
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
    url: base,
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
