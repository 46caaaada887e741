/** The watch stream of Jobs (`GET …/jobs?watch=true`): one JSON event a line, on the cluster's clock. */
import { HttpResponse } from 'msw';
import type { FakeKubernetesCluster } from './cluster.js';
import type { KubeObject } from './objects.js';
import type { RouteContext } from './routes.js';

const encoder = new TextEncoder();

/**
 * `GET …/jobs?watch=true`: a stream of watch events (one JSON object a line) for the selected Jobs changed
 * after `resourceVersion`, until `timeoutSeconds` pass on the cluster's clock.
 */
export function watchJobs(cluster: FakeKubernetesCluster, ctx: RouteContext): Response {
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
