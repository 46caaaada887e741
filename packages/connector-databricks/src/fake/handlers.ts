/**
 * The fake workspace as MSW 2 request handlers: each route authenticates the caller, may inject a fault, asks
 * the model, records the exchange and turns the answer into a `Response`.
 */
import { createPrng } from '@neural/integrations-core';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { apiError, type FakeAnswer, type FakeRequest } from './answers.js';
import { FakeDatabricksModel, type FakeExchange } from './model.js';
import { type FakeDatabricksOptions, type FakeFaultKind, resolveFakeOptions } from './options.js';

/** A fake Databricks workspace: its MSW handlers, the model behind them, and what to sign in with. */
export interface FakeDatabricks {
  /** MSW handlers for every route the connector uses (`setupServer(...fake.handlers)`). */
  readonly handlers: RequestHandler[];
  /** The workspace state: runs, files, endpoints, recorded exchanges, scenario faults. */
  readonly model: FakeDatabricksModel;
  /** The workspace URL, for the credentials' `endpoint`. */
  readonly endpoint: string;
  /** Credentials with the personal access token the fake accepts. */
  readonly patCredentials: { readonly endpoint: string; readonly token: string };
  /** Credentials of the OAuth service principal the fake accepts. */
  readonly oauthCredentials: {
    readonly endpoint: string;
    readonly clientId: string;
    readonly clientSecret: string;
  };
}

const NO_AUTH = new Set(['OidcToken']);

/**
 * Makes a fake Databricks workspace. Runs unfold on `options.clock` (pass core's `createManualClock()` to step
 * them); the code of a run may hold `# @fake` directives (`duration=2s`, `fail="…"`, `forever`, `log=…`).
 *
 * @example
 * ```ts
 * const fake = createFakeDatabricks();
 * const server = setupServer(...fake.handlers);
 * server.listen();
 * const connector = new DatabricksConnector(fake.patCredentials);
 * ```
 */
export function createFakeDatabricks(options: FakeDatabricksOptions = {}): FakeDatabricks {
  const resolved = resolveFakeOptions(options);
  const model = new FakeDatabricksModel(resolved);
  const random = createPrng(resolved.faults.seed);
  const host = resolved.endpoint;

  const chooseFault = (operationId: string, oauthToken: string | undefined): FakeFaultKind | undefined => {
    const queued = model.takeQueuedFault(operationId);
    if (queued) return queued;
    const route = resolved.faults.routes[operationId];
    const rate = route?.rate ?? resolved.faults.rate;
    if (rate <= 0 || random() >= rate) return undefined;
    const kinds = (route?.kinds ?? resolved.faults.kinds).filter(
      (kind) => kind !== 'token-expired' || oauthToken !== undefined,
    );
    return kinds.length === 0 ? undefined : kinds[Math.floor(random() * kinds.length)];
  };

  const route =
    (operationId: string, act: (request: FakeRequest) => FakeAnswer) =>
    async ({ request }: { request: Request }): Promise<Response> => {
      const url = new URL(request.url);
      const body = new Uint8Array(await request.arrayBuffer());
      const fakeRequest: FakeRequest = {
        method: request.method,
        path: url.pathname.split('/').map(decodeURIComponent).join('/'),
        query: url.searchParams,
        headers: request.headers,
        body,
      };
      const requestJson = parseJson(body, request.headers.get('content-type'));
      let fault: FakeFaultKind | undefined;
      let answer: FakeAnswer;
      const authorized = NO_AUTH.has(operationId)
        ? { ok: true }
        : model.authorize(request.headers.get('authorization'));
      if (!authorized.ok) {
        answer = apiError(
          401,
          'UNAUTHENTICATED',
          'expired' in authorized && authorized.expired ? 'Token expired.' : 'Invalid access token.',
        );
      } else {
        fault = chooseFault(operationId, 'oauthToken' in authorized ? authorized.oauthToken : undefined);
        answer = answerWithFault(
          fault,
          () => act(fakeRequest),
          resolved.faults.retryAfterSeconds,
          () => {
            if ('oauthToken' in authorized && authorized.oauthToken) model.expireToken(authorized.oauthToken);
          },
        );
      }
      model.record({
        operationId,
        method: request.method,
        path: fakeRequest.path,
        query: Object.fromEntries(url.searchParams),
        requestJson,
        status: answer.drop ? 0 : answer.status,
        responseJson: answer.drop ? undefined : answer.json,
        fault,
      } satisfies FakeExchange);
      return toResponse(answer);
    };

  const filePath = (request: FakeRequest) => request.path.slice('/api/2.0/fs/files'.length);
  const endpointName = (request: FakeRequest) => request.path.slice('/api/2.0/serving-endpoints/'.length);
  const json = (request: FakeRequest) => parseJson(request.body, request.headers.get('content-type'));

  const handlers: RequestHandler[] = [
    http.post(
      `${host}/oidc/v1/token`,
      route('OidcToken', (r) => model.oidcToken(r)),
    ),
    http.post(
      `${host}/api/2.0/workspace/mkdirs`,
      route('WorkspaceMkdirs', (r) => model.mkdirs(json(r))),
    ),
    http.post(
      `${host}/api/2.0/workspace/import`,
      route('WorkspaceImport', (r) => model.importObject(json(r))),
    ),
    http.post(
      `${host}/api/2.1/jobs/runs/submit`,
      route('JobsRunsSubmit', (r) => model.submitRun(json(r))),
    ),
    http.get(
      `${host}/api/2.1/jobs/runs/get`,
      route('JobsRunsGet', (r) => model.getRun(r.query)),
    ),
    http.get(
      `${host}/api/2.1/jobs/runs/get-output`,
      route('JobsRunsGetOutput', (r) => model.getRunOutput(r.query)),
    ),
    http.post(
      `${host}/api/2.1/jobs/runs/cancel`,
      route('JobsRunsCancel', (r) => model.cancelRun(json(r))),
    ),
    http.get(
      `${host}/api/2.1/jobs/runs/list`,
      route('JobsRunsList', (r) => model.listRuns(r.query)),
    ),
    http.put(
      `${host}/api/2.0/fs/files/*`,
      route('FilesUpload', (r) => model.putFile(filePath(r), r.query, r.body)),
    ),
    http.get(
      `${host}/api/2.0/fs/files/*`,
      route('FilesDownload', (r) => model.getFile(filePath(r), false)),
    ),
    http.head(
      `${host}/api/2.0/fs/files/*`,
      route('FilesGetMetadata', (r) => model.getFile(filePath(r), true)),
    ),
    http.post(
      `${host}/api/2.0/serving-endpoints`,
      route('ServingEndpointsCreate', (r) => model.createEndpoint(json(r))),
    ),
    http.get(
      `${host}/api/2.0/serving-endpoints/:name`,
      route('ServingEndpointsGet', (r) => model.getEndpoint(endpointName(r))),
    ),
    http.delete(
      `${host}/api/2.0/serving-endpoints/:name`,
      route('ServingEndpointsDelete', (r) => model.deleteEndpoint(endpointName(r))),
    ),
  ];

  return {
    handlers,
    model,
    endpoint: host,
    patCredentials: { endpoint: host, token: resolved.token },
    oauthCredentials: { endpoint: host, clientId: resolved.clientId, clientSecret: resolved.clientSecret },
  };
}

function answerWithFault(
  fault: FakeFaultKind | undefined,
  act: () => FakeAnswer,
  retryAfterSeconds: number,
  expireToken: () => void,
): FakeAnswer {
  switch (fault) {
    case 'rate-limit':
      return {
        ...apiError(429, 'REQUEST_LIMIT_EXCEEDED', 'The request rate limit of the workspace was exceeded.'),
        headers: { 'retry-after': String(retryAfterSeconds) },
      };
    case 'internal':
      return apiError(500, 'INTERNAL_ERROR', 'An internal error occurred.');
    case 'unavailable':
      return apiError(503, 'TEMPORARILY_UNAVAILABLE', 'The service is temporarily unavailable.');
    case 'drop-before':
      return { status: 0, drop: true };
    case 'drop-after':
      act();
      return { status: 0, drop: true };
    case 'token-expired':
      expireToken();
      return apiError(401, 'UNAUTHENTICATED', 'Token expired.');
    default:
      return act();
  }
}

function parseJson(body: Uint8Array, contentType: string | null): unknown {
  if (body.byteLength === 0 || !contentType?.includes('application/json')) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    return undefined;
  }
}

function toResponse(answer: FakeAnswer): Response {
  if (answer.drop) return HttpResponse.error();
  const headers = new Headers(answer.headers);
  if (answer.json !== undefined) {
    headers.set('content-type', 'application/json');
    return new HttpResponse(JSON.stringify(answer.json), { status: answer.status, headers });
  }
  return new HttpResponse(answer.bytes ?? null, { status: answer.status, headers });
}
