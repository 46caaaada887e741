/**
 * How the fake API server answers a request, as the real one does in order: recorded, maybe given an injected
 * fault, authenticated (401), authorized by RBAC (403, `watch` for a watch), then answered by its route; any
 * error becomes a `Status` answer. An unknown path is a 404.
 */
import type { Clock } from '@neural/integrations-core';
import { HttpResponse } from 'msw';
import type { FakeKubernetesCluster, KubeRequestRecord } from './cluster.js';
import type { Route } from './routes.js';
import { KubeStatusError } from './status.js';

/** Answers `request` with `route`; injected latency is slept on `latencyClock`. */
export async function serveRoute(
  cluster: FakeKubernetesCluster,
  latencyClock: Clock,
  route: Route,
  request: Request,
  params: Record<string, unknown>,
): Promise<Response> {
  const url = new URL(request.url);
  const record: KubeRequestRecord = {
    method: request.method,
    path: url.pathname,
    user: undefined,
    status: 0,
    fault: undefined,
  };
  cluster.requests.push(record);
  let response: Response;
  try {
    const fault = cluster.decideFault();
    record.fault = fault;
    if (fault === 'latency') await latencyClock.sleep(cluster.faults.latencySpikeMs, request.signal);
    if (fault === 'internal') throw new KubeStatusError(500, 'Internal error occurred: injected fault');
    if (fault === 'unavailable')
      throw new KubeStatusError(503, 'the server is currently unable to handle the request (injected fault)');
    if (fault === 'rate-limit') {
      response = new KubeStatusError(429, 'Too many requests, please try again later.', {
        retryAfterSeconds: cluster.faults.retryAfterSeconds,
      }).toResponse({ 'Retry-After': String(cluster.faults.retryAfterSeconds) });
      record.status = 429;
      return response;
    }
    if (fault === 'drop-before') return HttpResponse.error();
    const user = cluster.authenticate(request.headers.get('authorization'));
    record.user = user;
    const namespace = String(params.namespace ?? '');
    const name = String(params.name ?? '');
    const watching = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
    cluster.authorize(
      user,
      watching ? 'watch' : route.verb,
      route.resource,
      route.group,
      route.namespaced ? namespace : undefined,
      name || undefined,
    );
    response = await route.run({ request, url, user, namespace, name, signal: request.signal });
    if (fault === 'drop-after') {
      await response.body?.cancel();
      return HttpResponse.error();
    }
  } catch (error) {
    response =
      error instanceof KubeStatusError
        ? error.toResponse()
        : new KubeStatusError(
            500,
            `Internal error occurred: ${error instanceof Error ? error.message : String(error)}`,
          ).toResponse();
  }
  record.status = response.status;
  return response;
}

/** The answer to a path the fake does not serve: recorded, then a 404 `Status`. */
export function unknownPath(cluster: FakeKubernetesCluster, request: Request): Response {
  const record: KubeRequestRecord = {
    method: request.method,
    path: new URL(request.url).pathname,
    user: undefined,
    status: 404,
    fault: undefined,
  };
  cluster.requests.push(record);
  return new KubeStatusError(404, 'the server could not find the requested resource').toResponse();
}
