/**
 * Waiting for a job's status to change: a watch on its Job (its conditions, `ready` count, suspension and
 * deletion are what the status follows), re-reading the job at each event and at least every 30 s.
 */
import {
  OperationAbortedError,
  parseWaitForStatusChangeOptions,
  type StatusChange,
  throwIfAborted,
  type WaitForStatusChangeOptions,
} from '@neural/integrations-core';
import { watchJobOnce } from '../watch.js';
import type { KubeClient } from './client.js';
import { observe, stateOf } from './observe.js';

/**
 * Resolves as soon as the job's status differs from `since` (`changed: true`), or after `timeoutMs` without a
 * change.
 */
export async function waitForStatusChange(
  client: KubeClient,
  jobId: string,
  options: WaitForStatusChangeOptions,
): Promise<StatusChange> {
  const { since, timeoutMs, signal } = parseWaitForStatusChangeOptions(options);
  const deadline = client.clock.now() + timeoutMs;
  for (;;) {
    const observed = await observe(client, 'waitForStatusChange', jobId, signal);
    const status = stateOf(observed).status;
    if (status !== since) return Object.freeze({ status, changed: true });
    const remaining = deadline - client.clock.now();
    if (remaining <= 0) return Object.freeze({ status, changed: false });
    const wait = Math.min(remaining, 30_000);
    if (!observed.job) {
      // Only a cancel record is left: nothing will change it.
      await client.clock.sleep(remaining, signal);
      continue;
    }
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const outcome = await Promise.race([
        watchJobOnce(
          client.kubeConfig,
          {
            namespace: client.namespace,
            name: jobId,
            resourceVersion: observed.job.metadata?.resourceVersion,
          },
          wait,
          controller.signal,
        ),
        client.clock.sleep(wait, controller.signal).then(
          () => ({ kind: 'timeout' as const }),
          () => ({ kind: 'timeout' as const }), // aborted: the watch won, or the caller's signal (checked below)
        ),
      ]);
      throwIfAborted(signal);
      if (outcome.kind === 'failed' || (outcome.kind === 'closed' && outcome.status >= 400)) {
        // A watch refused (RBAC without watch, 410 Gone) or broken: look again after a short pause.
        await client.clock.sleep(Math.min(1_000, Math.max(0, deadline - client.clock.now())), signal);
      }
    } catch (error) {
      if (signal?.aborted)
        throw new OperationAbortedError('waitForStatusChange was aborted', { cause: signal.reason });
      throw error;
    } finally {
      controller.abort();
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
