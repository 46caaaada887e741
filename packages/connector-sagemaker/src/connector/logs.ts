/** A job's log from CloudWatch Logs: all of it so far, or followed as it grows. */
import {
  type Clock,
  type FollowLogsOptions,
  followLogsStartOffset,
  isTerminalStatus,
} from '@neural/integrations-core';
import { type LogCursor, readNewLogText } from '../cloudwatch-logs.js';
import { mapSageMakerState } from '../states.js';
import { logsCall } from './aws-calls.js';
import type { SageMakerContext } from './context.js';
import { observeTrainingJob } from './training-jobs.js';

/** The job's log so far: every log stream of the job in CloudWatch Logs, one line per event. */
export async function trainingJobLogs(
  context: SageMakerContext,
  jobId: string,
  signal: AbortSignal | undefined,
): Promise<string> {
  await observeTrainingJob(context, 'getLogs', jobId, signal);
  return readNewLogText(jobId, new Map(), logsCall(context, 'getLogs', signal));
}

/**
 * Streams the job's log from CloudWatch Logs, reading every `pollIntervalMs` from where it got to (each
 * stream's forward token, so nothing is yielded twice), until the job has ended and a last read found
 * nothing new.
 */
export async function* followTrainingJobLogs(
  context: SageMakerContext,
  jobId: string,
  pollIntervalMs: number,
  options: FollowLogsOptions,
): AsyncIterable<string> {
  const { signal } = options;
  const clock: Clock = context.clock;
  let skip = followLogsStartOffset(options);
  const cursor: LogCursor = new Map();
  const call = logsCall(context, 'followLogs', signal);
  for (;;) {
    const status = mapSageMakerState(await observeTrainingJob(context, 'followLogs', jobId, signal)).status;
    let chunk = await readNewLogText(jobId, cursor, call);
    if (skip > 0) {
      const dropped = Math.min(skip, chunk.length);
      chunk = chunk.slice(dropped);
      skip -= dropped;
    }
    if (chunk.length > 0) yield chunk;
    // Read after the job was seen ended: everything it wrote is in.
    if (isTerminalStatus(status)) return;
    await clock.sleep(pollIntervalMs, signal);
  }
}
