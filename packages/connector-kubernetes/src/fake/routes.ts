/** What a route of the fake API server is: its method and path, the permission it needs, and its answer. */

/** One route: the permission RBAC checks before `run` answers. */
export interface Route {
  method: 'get' | 'post' | 'delete';
  path: string;
  verb: string;
  resource: string;
  group: string;
  namespaced: boolean;
  run(ctx: RouteContext): Response | Promise<Response>;
}

/** What a route's answer is given: the request, its URL, the authenticated user and the path's parameters. */
export interface RouteContext {
  request: Request;
  url: URL;
  user: string;
  namespace: string;
  name: string;
  signal: AbortSignal;
}

/** A JSON answer. */
export const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
