/**
 * Cancelling a job: record the cancel (the `<job>-cancelled` ConfigMap with the logs so far), then delete the
 * Job with foreground propagation, so its pod and code go first.
 */
import { isTerminalStatus } from '@neural/integrations-core';
import { isHttpStatus } from '../errors.js';
import { cancelRecordOf } from './cancel-record.js';
import type { KubeClient } from './client.js';
import { logsOf } from './logs.js';
import { observe, stateOf } from './observe.js';

/**
 * Cancels a pending or running job: `true` once it is recorded and its Job deleted, `false` for a job that had
 * already finished (or was cancelled), which is left as it was.
 */
export async function cancelJob(
  client: KubeClient,
  jobId: string,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const observed = await observe(client, 'cancelJob', jobId, signal);
  if (observed.record || !observed.job || isTerminalStatus(stateOf(observed).status)) return false;
  const logs = await logsOf(client, jobId, observed, signal).catch(() => undefined);
  const record = cancelRecordOf(jobId, observed.job, logs, client.clock.now());
  try {
    await client.call(
      'cancelJob',
      client.permission('create', 'configmaps', ''),
      (o) => client.core.createNamespacedConfigMap({ namespace: client.namespace, body: record }, o),
      signal,
    );
  } catch (error) {
    if (!isHttpStatus(error, 409)) throw error;
  }
  try {
    await client.call(
      'cancelJob',
      client.permission('delete', 'jobs', 'batch'),
      (o) =>
        client.batch.deleteNamespacedJob(
          { name: jobId, namespace: client.namespace, propagationPolicy: 'Foreground' },
          o,
        ),
      signal,
    );
  } catch (error) {
    if (!isHttpStatus(error, 404)) throw error;
  }
  client.logger.info('cancelled Kubernetes Job', { jobId, namespace: client.namespace });
  return true;
}
