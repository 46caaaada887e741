import http, { type IncomingMessage } from 'node:http';
import https, { type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/**
 * Where a followed log has got to: the kubelet's timestamp of the last line yielded (in nanoseconds since the
 * epoch) and how many lines carried exactly that timestamp, so a reconnect (whose `sinceTime` has whole
 * seconds only) skips what was already yielded and nothing else.
 */
export interface LogCursor {
  lastNanos: bigint | undefined;
  atLast: number;
}

/** How one streaming request ended. */
export type StreamEnd =
  | { readonly kind: 'ended' }
  | { readonly kind: 'http'; readonly status: number; readonly body: string }
  | { readonly kind: 'broken'; readonly error: Error };

const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) /;

/** An RFC 3339 (nano) timestamp in nanoseconds since the epoch; `undefined` when the line has none. */
export function timestampNanos(line: string): { nanos: bigint; length: number } | undefined {
  const match = TIMESTAMP.exec(line);
  if (!match) return undefined;
  const seconds = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(seconds)) return undefined;
  const fraction = (match[2] ?? '').padEnd(9, '0');
  return { nanos: BigInt(seconds) * 1_000_000n + BigInt(fraction), length: match[0].length };
}

/** `sinceTime` for a reconnect: the whole second of the last line seen (the API drops fractions anyway). */
export function sinceTimeOf(cursor: LogCursor): string | undefined {
  if (cursor.lastNanos === undefined) return undefined;
  const ms = Number(cursor.lastNanos / 1_000_000n);
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Opens `GET …/pods/{pod}/log?follow=true&timestamps=true` (or without `follow`, to read the rest) with the kubeconfig's TLS and credentials (the
 * client's `applyToHTTPSOptions`, so exec plugins and in-cluster tokens work), and hands each new line to
 * `onLine`, skipping lines at or before `cursor`. Resolves how the stream ended; never rejects.
 */
export async function streamPodLog(
  kubeConfig: KubeConfig,
  target: { namespace: string; pod: string; container: string },
  cursor: LogCursor,
  onLine: (text: string) => void,
  signal: AbortSignal,
  follow = true,
): Promise<StreamEnd> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) return { kind: 'broken', error: new Error('the kubeconfig has no current cluster') };
  const url = new URL(
    `${cluster.server.replace(/\/+$/, '')}/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/log`,
  );
  url.searchParams.set('container', target.container);
  url.searchParams.set('follow', String(follow));
  url.searchParams.set('timestamps', 'true');
  const since = sinceTimeOf(cursor);
  if (since) url.searchParams.set('sinceTime', since);
  const options: RequestOptions = { method: 'GET', headers: {} };
  await kubeConfig.applyToHTTPSOptions(options);
  // Looked up on the module at call time (not a named import), so interceptors such as MSW's see the call.
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise<StreamEnd>((resolve) => {
    let settled = false;
    const settle = (end: StreamEnd) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      resolve(end);
    };
    const onAbort = () => {
      outgoing.destroy();
      settle({ kind: 'broken', error: new Error('aborted') });
    };
    const outgoing = request(url, { ...options, signal }, (response: IncomingMessage) => {
      response.setEncoding('utf8');
      if (response.statusCode !== 200) {
        let body = '';
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => settle({ kind: 'http', status: response.statusCode ?? 0, body }));
        response.on('error', (error) => settle({ kind: 'broken', error }));
        return;
      }
      let pending = '';
      // Lines at the cursor's timestamp that this stream repeats from before the reconnect.
      let repeatsLeft = cursor.atLast;
      const take = (line: string) => {
        const stamp = timestampNanos(line);
        if (!stamp) {
          onLine(line);
          return;
        }
        const last = cursor.lastNanos;
        if (last !== undefined && stamp.nanos < last) return;
        if (last !== undefined && stamp.nanos === last) {
          if (repeatsLeft > 0) {
            repeatsLeft -= 1;
            return;
          }
          cursor.atLast += 1;
        } else {
          cursor.lastNanos = stamp.nanos;
          cursor.atLast = 1;
          repeatsLeft = 0;
        }
        onLine(line.slice(stamp.length));
      };
      response.on('data', (chunk: string) => {
        pending += chunk;
        let newline = pending.indexOf('\n');
        while (newline >= 0) {
          take(pending.slice(0, newline));
          pending = pending.slice(newline + 1);
          newline = pending.indexOf('\n');
        }
      });
      response.on('end', () => {
        if (pending.length > 0) take(pending);
        settle({ kind: 'ended' });
      });
      response.on('aborted', () => settle({ kind: 'broken', error: new Error('the log stream was cut') }));
      response.on('error', (error) => settle({ kind: 'broken', error }));
      response.on('close', () => {
        if (!response.complete) settle({ kind: 'broken', error: new Error('the log stream was cut') });
      });
    });
    outgoing.on('error', (error) => settle({ kind: 'broken', error }));
    signal.addEventListener('abort', onAbort, { once: true });
    outgoing.end();
  });
}
