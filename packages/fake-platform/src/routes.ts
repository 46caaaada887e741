/** One route of the platform API, as openapi.yaml names it. */
export interface RouteDefinition {
  /** The OpenAPI `operationId`; also the key of per-route fault settings. */
  readonly operationId: string;
  /** Upper-case HTTP method. */
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The OpenAPI path template (`/v1/jobs/{id}`). */
  readonly path: string;
  /** Whether a bearer token is required. */
  readonly auth: boolean;
  /** Whether the route is a control route (off unless enabled, never faulted). */
  readonly control: boolean;
}

const route = (
  operationId: string,
  method: RouteDefinition['method'],
  path: string,
  kind: 'public' | 'auth' | 'control' = 'auth',
): RouteDefinition =>
  Object.freeze({ operationId, method, path, auth: kind === 'auth', control: kind === 'control' });

/** Every route of the API, version 1. The handlers are built from this table and openapi.yaml documents it. */
export const ROUTES = Object.freeze({
  issueToken: route('issueToken', 'POST', '/v1/auth/token', 'public'),
  submitJob: route('submitJob', 'POST', '/v1/jobs'),
  listJobs: route('listJobs', 'GET', '/v1/jobs'),
  getJob: route('getJob', 'GET', '/v1/jobs/{id}'),
  waitForJob: route('waitForJob', 'GET', '/v1/jobs/{id}/wait'),
  cancelJob: route('cancelJob', 'POST', '/v1/jobs/{id}/cancel'),
  getJobLogs: route('getJobLogs', 'GET', '/v1/jobs/{id}/logs'),
  streamJobLogs: route('streamJobLogs', 'GET', '/v1/jobs/{id}/logs/stream'),
  getJobResult: route('getJobResult', 'GET', '/v1/jobs/{id}/result'),
  uploadFile: route('uploadFile', 'PUT', '/v1/files/{path}'),
  downloadFile: route('downloadFile', 'GET', '/v1/files/{path}'),
  createEndpoint: route('createEndpoint', 'POST', '/v1/endpoints'),
  deleteEndpoint: route('deleteEndpoint', 'DELETE', '/v1/endpoints/{name}'),
  getUsage: route('getUsage', 'GET', '/v1/usage'),
  controlAdvanceClock: route('controlAdvanceClock', 'POST', '/v1/_control/advance', 'control'),
  controlFinishJob: route('controlFinishJob', 'POST', '/v1/_control/jobs/{id}/finish', 'control'),
  controlSetFaults: route('controlSetFaults', 'PUT', '/v1/_control/faults', 'control'),
  controlReset: route('controlReset', 'POST', '/v1/_control/reset', 'control'),
  controlListRequests: route('controlListRequests', 'GET', '/v1/_control/requests', 'control'),
} as const);

/** The `operationId` of a route. */
export type OperationId = keyof typeof ROUTES;

/**
 * The MSW path pattern of an OpenAPI path: `{id}` becomes `:id`; `{path}` (a file path, slashes allowed)
 * becomes `*`.
 */
export function toMswPath(openApiPath: string): string {
  return openApiPath.replace('{path}', '*').replace(/\{(\w+)\}/g, ':$1');
}

/** The OpenAPI path of an MSW path pattern (inverse of {@link toMswPath}). */
export function fromMswPath(mswPath: string): string {
  return mswPath.replace(/\*$/, '{path}').replace(/:(\w+)/g, '{$1}');
}

/**
 * A case-insensitive RegExp of an OpenAPI path below `basePath`, matching the way MSW matches
 * {@link toMswPath}'s pattern (a trailing slash allowed; `{path}` takes the rest, slashes included), with one
 * named group per parameter, still percent-encoded.
 */
export function routePattern(openApiPath: string, basePath = ''): RegExp {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const source = openApiPath
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!name) return literal(part);
      return name === 'path' ? `(?<${name}>.*)` : `(?<${name}>[^/#?]+?)`;
    })
    .join('');
  return new RegExp(`^${literal(basePath)}${source}/?$`, 'i');
}
