/** A job's result: its state, its log as `output`, why it failed, and how long it ran. */
import { isTerminalStatus, JobResult, JobStatus } from '@neural/integrations-core';
import type { MappedKubernetesState } from '../states.js';
import { cancelledRunSeconds } from './cancel-record.js';
import type { KubeClient } from './client.js';
import { logsOf } from './logs.js';
import { type Observed, observe, stateOf } from './observe.js';

/**
 * The job's result: status, raw state, its log as `output`, the failure reason as `error` (`OOMKilled`,
 * `Evicted`, `DeadlineExceeded`, … with the container's last lines), and its run time.
 */
export async function jobResult(
  client: KubeClient,
  jobId: string,
  signal: AbortSignal | undefined,
): Promise<JobResult> {
  const observed = await observe(client, 'getJobResult', jobId, signal);
  const state = stateOf(observed);
  const output = await logsOf(client, jobId, observed, signal);
  return new JobResult({
    jobId,
    status: state.status,
    rawState: state.rawState,
    output,
    error:
      state.error ?? (state.status === JobStatus.CANCELLED ? 'Cancelled: the Job was deleted' : undefined),
    durationSeconds: runSeconds(observed, state, client.clock.now()),
  });
}

/**
 * How long the job ran, in seconds: from its container's start (else the Job's) to its end, or to `now` while
 * it runs; for a cancelled job, what its record says.
 */
function runSeconds(observed: Observed, state: MappedKubernetesState, now: number): number | undefined {
  if (observed.record) return cancelledRunSeconds(observed.record);
  const container = observed.pod?.status?.containerStatuses?.[0]?.state;
  const startedAt =
    container?.running?.startedAt ?? container?.terminated?.startedAt ?? observed.job?.status?.startTime;
  if (!startedAt) return undefined;
  const start = new Date(startedAt).getTime();
  const ended = isTerminalStatus(state.status)
    ? (container?.terminated?.finishedAt ??
      observed.job?.status?.completionTime ??
      observed.job?.status?.conditions?.find((c) => c.type === 'Failed')?.lastTransitionTime)
    : undefined;
  const end = ended ? new Date(ended).getTime() : now;
  return Math.max(0, (end - start) / 1000);
}
