import http from 'node:http';
import https, { type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** How a watch ended: an event arrived, the API server closed it (timeout, or 410 Gone), or it failed. */
export type WatchOutcome =
  | { readonly kind: 'event' }
  | { readonly kind: 'closed'; readonly status: number }
  | { readonly kind: 'failed'; readonly error: Error };

/**
 * Watches one Job (`GET …/jobs?watch=true&fieldSelector=metadata.name=<name>&resourceVersion=<rv>`) and
 * resolves at its first event, so a caller re-reads the job then, instead of polling. The API server ends the
 * watch after `timeoutSeconds`; any outcome other than an event means "look again". Never rejects.
 */
export async function watchJobOnce(
  kubeConfig: KubeConfig,
  target: { namespace: string; name: string; resourceVersion: string | undefined },
  timeoutMs: number,
  signal: AbortSignal,
): Promise<WatchOutcome> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) return { kind: 'failed', error: new Error('the kubeconfig has no current cluster') };
  const url = new URL(
    `${cluster.server.replace(/\/+$/, '')}/apis/batch/v1/namespaces/${encodeURIComponent(target.namespace)}/jobs`,
  );
  url.searchParams.set('watch', 'true');
  url.searchParams.set('fieldSelector', `metadata.name=${target.name}`);
  if (target.resourceVersion) url.searchParams.set('resourceVersion', target.resourceVersion);
  url.searchParams.set('timeoutSeconds', String(Math.max(1, Math.ceil(timeoutMs / 1000))));
  const options: RequestOptions = { method: 'GET', headers: {} };
  await kubeConfig.applyToHTTPSOptions(options);
  // Looked up on the module at call time (not a named import), so interceptors such as MSW's see the call.
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise<WatchOutcome>((resolve) => {
    let settled = false;
    const settle = (outcome: WatchOutcome) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      outgoing.destroy();
      resolve(outcome);
    };
    const onAbort = () => settle({ kind: 'failed', error: new Error('aborted') });
    const outgoing = request(url, { ...options, signal }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        response.on('end', () => settle({ kind: 'closed', status: response.statusCode ?? 0 }));
        return;
      }
      response.on('data', () => settle({ kind: 'event' }));
      response.on('end', () => settle({ kind: 'closed', status: 200 }));
      response.on('error', (error) => settle({ kind: 'failed', error }));
    });
    outgoing.on('error', (error) => settle({ kind: 'failed', error }));
    signal.addEventListener('abort', onAbort, { once: true });
    outgoing.end();
  });
}
