/** Reading a job's log at once: its container's, or, for a cancelled job, what its cancel record kept. */
import { isHttpStatus } from '../errors.js';
import { CONTAINER_NAME } from '../job-spec.js';
import type { KubeClient } from './client.js';
import { type Observed, observe } from './observe.js';

/** The job's log: its container's (`undefined` when there is no container output to read) or its record's. */
export async function logsOf(
  client: KubeClient,
  jobId: string,
  observed: Observed,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  if (observed.record) return observed.record.data?.logs ?? '';
  const pod = observed.pod?.metadata?.name;
  if (!pod) return undefined;
  try {
    return await client.call(
      'getLogs',
      client.permission('get', 'pods/log', ''),
      (o) =>
        client.core.readNamespacedPodLog(
          { name: pod, namespace: client.namespace, container: CONTAINER_NAME },
          o,
        ),
      signal,
    );
  } catch (error) {
    // 400: the container has not started (or never will); 404: the pod is gone.
    if (isHttpStatus(error, 400) || isHttpStatus(error, 404)) return undefined;
    client.logger.debug('could not read the log', {
      jobId,
      error: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}

/** The job's log so far (its container's output); empty before the container has started. */
export async function readLogs(
  client: KubeClient,
  jobId: string,
  signal: AbortSignal | undefined,
): Promise<string> {
  const observed = await observe(client, 'getLogs', jobId, signal);
  return (await logsOf(client, jobId, observed, signal)) ?? '';
}
