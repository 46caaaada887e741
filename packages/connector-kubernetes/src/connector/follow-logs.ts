/**
 * Following a job's log: the pod's log streamed with `follow=true` and timestamps, reopened from the last
 * line's timestamp when it breaks (skipping the lines already yielded), and read once more without follow
 * when the container ends.
 */
import { ApiException } from '@kubernetes/client-node';
import {
  CloudConnectionError,
  type FollowLogsOptions,
  followLogsStartOffset,
  isTerminalStatus,
  JobStatus,
  OperationAbortedError,
  throwIfAborted,
} from '@neural/integrations-core';
import { toContractError } from '../errors.js';
import { CONTAINER_NAME } from '../job-spec.js';
import { type LogCursor, type StreamEnd, streamPodLog } from '../log-stream.js';
import type { KubeClient } from './client.js';
import { observe, stateOf } from './observe.js';

/** How `followLogs` waits and how often it reconnects. */
export interface FollowLogsSettings {
  /** How often it looks again while the container has not started. */
  readonly logPollIntervalMs: number;
  /** How many times in a row it reconnects a broken stream before it gives up. */
  readonly maxLogReconnects: number;
}

/**
 * Streams the job's log until the container ends. A broken stream is reopened from the last line's timestamp,
 * skipping the lines already yielded, up to `maxLogReconnects` times in a row; while the container has not
 * started it looks again every `logPollIntervalMs`.
 *
 * @throws CloudConnectionError when the stream keeps breaking.
 */
export async function* followLogs(
  client: KubeClient,
  settings: FollowLogsSettings,
  jobId: string,
  options: FollowLogsOptions,
): AsyncIterable<string> {
  const { signal } = options;
  let skip = followLogsStartOffset(options);
  const cursor: LogCursor = { lastNanos: undefined, atLast: 0 };
  let breaks = 0;
  for (;;) {
    throwIfAborted(signal);
    const observed = await observe(client, 'followLogs', jobId, signal);
    const state = stateOf(observed);
    const pod = observed.pod?.metadata?.name;
    const started = observed.pod?.status?.containerStatuses?.some(
      (s) => s.state?.running || s.state?.terminated,
    );
    if (observed.record || state.status === JobStatus.CANCELLED) return;
    // A finished container's log is read once more without follow (from the last line seen): a stream cut
    // just before the end would otherwise lose the last lines.
    const follow = !isTerminalStatus(state.status);
    if (!pod || !started) {
      if (!follow) return;
      await client.clock.sleep(settings.logPollIntervalMs, signal);
      continue;
    }
    const queue: string[] = [];
    let end: StreamEnd | undefined;
    let wake: (() => void) | undefined;
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let received = 0;
    void streamPodLog(
      client.kubeConfig,
      { namespace: client.namespace, pod, container: CONTAINER_NAME },
      cursor,
      (line) => {
        received += 1;
        queue.push(`${line}\n`);
        wake?.();
      },
      controller.signal,
      follow,
    ).then((result) => {
      end = result;
      wake?.();
    });
    try {
      for (;;) {
        while (queue.length > 0) {
          let chunk = queue.shift() as string;
          if (skip > 0) {
            const dropped = Math.min(skip, chunk.length);
            chunk = chunk.slice(dropped);
            skip -= dropped;
          }
          if (chunk.length > 0) yield chunk;
        }
        if (end) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (queue.length > 0 || end) resolve();
        });
        wake = undefined;
      }
    } finally {
      controller.abort();
      signal?.removeEventListener('abort', onAbort);
    }
    if (signal?.aborted) throw new OperationAbortedError('followLogs was aborted', { cause: signal.reason });
    const finished = end as StreamEnd;
    if (received > 0) breaks = 0;
    if (finished.kind === 'ended') {
      if (!follow) return;
      // The kubelet ends a follow when the container ends; the loop then reads the rest without follow. A
      // stream that ended before (a proxy's timeout, a rotated log) is reopened from the last line, and
      // one that brought nothing new counts as a break.
      if (received > 0) continue;
      const after = stateOf(await observe(client, 'followLogs', jobId, signal));
      if (after.status === JobStatus.CANCELLED || isTerminalStatus(after.status)) continue;
    }
    if (finished.kind === 'http') {
      if (finished.status === 400 || finished.status === 404) {
        await client.clock.sleep(settings.logPollIntervalMs, signal);
        continue;
      }
      const error = toContractError(
        new ApiException(finished.status, 'log stream refused', finished.body, {}),
        'followLogs',
        client.permission('get', 'pods/log', ''),
      );
      if (!error.retryable) throw error;
    }
    breaks += 1;
    if (breaks > settings.maxLogReconnects) {
      const why =
        finished.kind === 'broken'
          ? finished.error.message
          : finished.kind === 'http'
            ? `HTTP ${finished.status}`
            : 'it ended with nothing new';
      throw new CloudConnectionError(
        `followLogs failed: the log stream broke ${breaks} times in a row (${why})`,
      );
    }
    client.logger.debug('the log stream broke; reconnecting from the last line', { jobId, breaks });
    await client.clock.sleep(Math.min(5_000, 100 * 2 ** (breaks - 1)), signal);
  }
}
