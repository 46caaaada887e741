/** A pod's log as the kubelet serves it (`GET …/pods/{name}/log`): the lines so far, or a followed stream. */
import { HttpResponse } from 'msw';
import type { FakeKubernetesCluster } from './cluster.js';
import { rfc3339Nano } from './objects.js';
import type { RouteContext } from './routes.js';
import { KubeStatusError } from './status.js';

const encoder = new TextEncoder();

/** `sinceTime` in milliseconds, cut to whole seconds as the API server takes it; a 400 when malformed. */
function parseSinceTime(value: string | null): number | undefined {
  if (value === null) return undefined;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value) || Number.isNaN(ms)) {
    throw new KubeStatusError(400, `parsing time "${value}" as "2006-01-02T15:04:05Z07:00": cannot parse`);
  }
  // metav1.Time has whole seconds: the API server drops any fraction.
  return Math.floor(ms / 1000) * 1000;
}

/** `GET …/pods/{name}/log`: the lines so far, or with `follow=true` a stream that ends with the container. */
export function podLog(cluster: FakeKubernetesCluster, ctx: RouteContext): Response {
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
