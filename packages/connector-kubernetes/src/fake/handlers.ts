import { systemClock } from '@neural/integrations-core';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { FakeKubernetesCluster, type KubeRequestRecord } from './cluster.js';
import { type KubeObject, rfc3339Nano } from './objects.js';
import type { FakeKubernetesOptions, KubeFaultOptions } from './options.js';
import { KubeStatusError } from './status.js';

/** The fake Kubernetes API, ready to serve: MSW handlers over one {@link FakeKubernetesCluster}. */
export interface FakeKubernetes {
  /** The MSW handlers, for `setupServer(...fake.handlers)`; the last one answers unknown paths with a 404. */
  readonly handlers: RequestHandler[];
  /** The cluster behind the handlers. */
  readonly cluster: FakeKubernetesCluster;
  /** The API server's URL (a kubeconfig's `server`). */
  readonly url: string;
  /** A bearer token the API server accepts. */
  readonly token: string;
  /** Every request answered so far. */
  readonly requests: readonly KubeRequestRecord[];
  /** A kubeconfig (YAML) for this API server and {@link FakeKubernetes.token}, namespace `default`. */
  kubeconfig(options?: { token?: string; namespace?: string }): string;
  /** Replaces the fault settings. */
  setFaults(faults: KubeFaultOptions): void;
}

interface Route {
  method: 'get' | 'post' | 'delete';
  path: string;
  verb: string;
  resource: string;
  group: string;
  namespaced: boolean;
  run(ctx: RouteContext): Response | Promise<Response>;
}

interface RouteContext {
  request: Request;
  url: URL;
  user: string;
  namespace: string;
  name: string;
  signal: AbortSignal;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function readBody(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new KubeStatusError(
      400,
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`,
    );
  }
}

function parseSinceTime(value: string | null): number | undefined {
  if (value === null) return undefined;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value) || Number.isNaN(ms)) {
    throw new KubeStatusError(400, `parsing time "${value}" as "2006-01-02T15:04:05Z07:00": cannot parse`);
  }
  // metav1.Time has whole seconds: the API server drops any fraction.
  return Math.floor(ms / 1000) * 1000;
}

const encoder = new TextEncoder();

/**
 * Builds the fake Kubernetes API: the routes `KubernetesConnector` (and `kubectl` for the same operations)
 * uses, answering as the API server does (objects, lists, `Status` errors, RBAC refusals, pod logs with
 * `follow`), with the cluster's simulated controllers behind them.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createFakeKubernetes } from '@neural/connector-kubernetes/fake';
 *
 * const fake = createFakeKubernetes();
 * setupServer(...fake.handlers).listen();
 * // new KubernetesConnector({ kubeconfig: fake.kubeconfig() })
 * ```
 */
export function createFakeKubernetes(options: FakeKubernetesOptions = {}): FakeKubernetes {
  const cluster = new FakeKubernetesCluster(options);
  const baseUrl = cluster.options.baseUrl.replace(/\/+$/, '');
  const latencyClock = cluster.options.latencyClock ?? systemClock;
  const token = Object.keys(cluster.options.tokens)[0] as string;

  const routes: Route[] = [
    {
      method: 'post',
      path: '/apis/batch/v1/namespaces/:namespace/jobs',
      verb: 'create',
      resource: 'jobs',
      group: 'batch',
      namespaced: true,
      run: async (ctx) => json(cluster.createJob(ctx.namespace, await readBody(ctx.request)), 201),
    },
    {
      method: 'get',
      path: '/apis/batch/v1/namespaces/:namespace/jobs',
      verb: 'list',
      resource: 'jobs',
      group: 'batch',
      namespaced: true,
      run: (ctx) => {
        const params = ctx.url.searchParams;
        if (params.get('watch') === 'true' || params.get('watch') === '1') return watchJobs(ctx);
        return json(
          cluster.listJobs(ctx.namespace, params.get('labelSelector'), params.get('fieldSelector')),
        );
      },
    },
    {
      method: 'get',
      path: '/apis/batch/v1/namespaces/:namespace/jobs/:name',
      verb: 'get',
      resource: 'jobs',
      group: 'batch',
      namespaced: true,
      run: (ctx) => json(cluster.getJob(ctx.namespace, ctx.name)),
    },
    {
      method: 'delete',
      path: '/apis/batch/v1/namespaces/:namespace/jobs/:name',
      verb: 'delete',
      resource: 'jobs',
      group: 'batch',
      namespaced: true,
      run: async (ctx) => {
        const text = await ctx.request.text();
        const body = text.trim() === '' ? {} : (JSON.parse(text) as { propagationPolicy?: string });
        const policy = ctx.url.searchParams.get('propagationPolicy') ?? body.propagationPolicy ?? null;
        return json(cluster.deleteJob(ctx.namespace, ctx.name, policy));
      },
    },
    {
      method: 'get',
      path: '/api/v1/namespaces/:namespace/pods',
      verb: 'list',
      resource: 'pods',
      group: '',
      namespaced: true,
      run: (ctx) =>
        json(
          cluster.listPods(
            ctx.namespace,
            ctx.url.searchParams.get('labelSelector'),
            ctx.url.searchParams.get('fieldSelector'),
          ),
        ),
    },
    {
      method: 'get',
      path: '/api/v1/pods',
      verb: 'list',
      resource: 'pods',
      group: '',
      namespaced: false,
      run: (ctx) =>
        json(
          cluster.listPods(
            undefined,
            ctx.url.searchParams.get('labelSelector'),
            ctx.url.searchParams.get('fieldSelector'),
          ),
        ),
    },
    {
      method: 'get',
      path: '/api/v1/namespaces/:namespace/pods/:name',
      verb: 'get',
      resource: 'pods',
      group: '',
      namespaced: true,
      run: (ctx) => json(cluster.getPod(ctx.namespace, ctx.name)),
    },
    {
      method: 'get',
      path: '/api/v1/namespaces/:namespace/pods/:name/log',
      verb: 'get',
      resource: 'pods/log',
      group: '',
      namespaced: true,
      run: (ctx) => podLog(ctx),
    },
    {
      method: 'post',
      path: '/api/v1/namespaces/:namespace/configmaps',
      verb: 'create',
      resource: 'configmaps',
      group: '',
      namespaced: true,
      run: async (ctx) => json(cluster.createConfigMap(ctx.namespace, await readBody(ctx.request)), 201),
    },
    {
      method: 'get',
      path: '/api/v1/namespaces/:namespace/configmaps',
      verb: 'list',
      resource: 'configmaps',
      group: '',
      namespaced: true,
      run: (ctx) => json(cluster.listConfigMaps(ctx.namespace, ctx.url.searchParams.get('labelSelector'))),
    },
    {
      method: 'get',
      path: '/api/v1/namespaces/:namespace/configmaps/:name',
      verb: 'get',
      resource: 'configmaps',
      group: '',
      namespaced: true,
      run: (ctx) => json(cluster.getConfigMap(ctx.namespace, ctx.name)),
    },
    {
      method: 'delete',
      path: '/api/v1/namespaces/:namespace/configmaps/:name',
      verb: 'delete',
      resource: 'configmaps',
      group: '',
      namespaced: true,
      run: (ctx) => json(cluster.deleteConfigMap(ctx.namespace, ctx.name)),
    },
    {
      method: 'get',
      path: '/api/v1/nodes',
      verb: 'list',
      resource: 'nodes',
      group: '',
      namespaced: false,
      run: () => json(cluster.listNodes()),
    },
    {
      method: 'post',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      verb: 'create',
      resource: 'selfsubjectaccessreviews',
      group: 'authorization.k8s.io',
      namespaced: false,
      run: async (ctx) => json(cluster.reviewAccess(ctx.user, await readBody(ctx.request)), 201),
    },
  ];

  /**
   * `GET …/jobs?watch=true`: a stream of watch events (one JSON object a line) for the selected Jobs changed
   * after `resourceVersion`, until `timeoutSeconds` pass on the cluster's clock.
   */
  function watchJobs(ctx: RouteContext): Response {
    const params = ctx.url.searchParams;
    const labelSelector = params.get('labelSelector');
    const fieldSelector = params.get('fieldSelector');
    const since = Number(params.get('resourceVersion') ?? cluster.resourceVersion);
    const timeoutSeconds = Number(params.get('timeoutSeconds') ?? 1800);
    const endsAt = cluster.now() + Math.max(0, timeoutSeconds) * 1000;
    const seen = new Map<string, { version: number; object: KubeObject }>();
    cluster.watchJobsStep(ctx.namespace, labelSelector, fieldSelector, seen, Number.POSITIVE_INFINITY);
    for (const entry of seen.values()) entry.version = Math.min(entry.version, since);
    const stop = new AbortController();
    ctx.signal.addEventListener('abort', () => stop.abort(), { once: true });
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        for (;;) {
          const events = cluster.watchJobsStep(ctx.namespace, labelSelector, fieldSelector, seen, since);
          if (events.length > 0) {
            controller.enqueue(encoder.encode(events.map((event) => `${JSON.stringify(event)}\n`).join('')));
            return;
          }
          const left = endsAt - cluster.now();
          if (left <= 0) {
            controller.close();
            return;
          }
          try {
            await cluster.clock.sleep(Math.min(50, left), stop.signal);
          } catch {
            controller.close();
            return;
          }
        }
      },
      cancel() {
        stop.abort();
      },
    });
    return new HttpResponse(body, {
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    });
  }

  /** `GET …/pods/{name}/log`: the lines so far, or with `follow=true` a stream that ends with the container. */
  function podLog(ctx: RouteContext): Response {
    const params = ctx.url.searchParams;
    const container = params.get('container');
    const sinceMs = parseSinceTime(params.get('sinceTime'));
    const timestamps = params.get('timestamps') === 'true';
    const format = (line: { atMs: number; text: string }) =>
      `${timestamps ? `${rfc3339Nano(line.atMs)} ` : ''}${line.text}\n`;
    const first = cluster.readLog(ctx.namespace, ctx.name, container, sinceMs);
    const headers = { 'content-type': 'text/plain', 'cache-control': 'no-store' };
    if (params.get('follow') !== 'true') return new Response(first.lines.map(format).join(''), { headers });
    const cutAfter = cluster.faults.cutLogStreamsAfterLines;
    let sent = 0;
    const stop = new AbortController();
    ctx.signal.addEventListener('abort', () => stop.abort(), { once: true });
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        for (;;) {
          let read: ReturnType<typeof cluster.readLog>;
          try {
            read = cluster.readLog(ctx.namespace, ctx.name, container, sinceMs);
          } catch {
            controller.close(); // the pod is gone (its Job was deleted): the kubelet ends the stream
            return;
          }
          const unsent = read.lines.slice(sent);
          if (unsent.length > 0) {
            if (
              cutAfter !== undefined &&
              sent + unsent.length > cutAfter &&
              cluster.takeLogStreamCut(ctx.namespace, ctx.name)
            ) {
              const room = cutAfter - sent;
              if (room > 0) controller.enqueue(encoder.encode(unsent.slice(0, room).map(format).join('')));
              controller.close(); // ended early, while the container still runs
              return;
            }
            sent += unsent.length;
            controller.enqueue(encoder.encode(unsent.map(format).join('')));
            return;
          }
          if (read.ended) {
            controller.close();
            return;
          }
          const wait =
            read.nextAtMs === undefined ? 100 : Math.max(1, Math.min(1_000, read.nextAtMs - cluster.now()));
          try {
            await cluster.clock.sleep(wait, stop.signal);
          } catch {
            controller.close();
            return;
          }
        }
      },
      cancel() {
        stop.abort();
      },
    });
    return new HttpResponse(body, { headers });
  }

  const serve = async (
    route: Route,
    request: Request,
    params: Record<string, unknown>,
  ): Promise<Response> => {
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
        throw new KubeStatusError(
          503,
          'the server is currently unable to handle the request (injected fault)',
        );
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
  };

  const handlers: RequestHandler[] = routes.map((route) =>
    http[route.method](`${baseUrl}${route.path}`, ({ request, params }) => serve(route, request, params)),
  );
  handlers.push(
    http.all(`${baseUrl}/*`, ({ request }) => {
      const record: KubeRequestRecord = {
        method: request.method,
        path: new URL(request.url).pathname,
        user: undefined,
        status: 404,
        fault: undefined,
      };
      cluster.requests.push(record);
      return new KubeStatusError(404, 'the server could not find the requested resource').toResponse();
    }),
  );

  return {
    handlers,
    cluster,
    url: baseUrl,
    token,
    get requests() {
      return cluster.requests;
    },
    kubeconfig: ({ token: chosen = token, namespace = 'default' } = {}) =>
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: fake',
        '  cluster:',
        `    server: ${baseUrl}`,
        // The client refuses plain http unless told to skip TLS verification; the fake speaks plain http.
        '    insecure-skip-tls-verify: true',
        'users:',
        '- name: fake-user',
        '  user:',
        `    token: ${JSON.stringify(chosen)}`,
        'contexts:',
        '- name: fake',
        '  context:',
        '    cluster: fake',
        '    user: fake-user',
        `    namespace: ${namespace}`,
        'current-context: fake',
        '',
      ].join('\n'),
    setFaults: (faults) => cluster.setFaults(faults),
  };
}
