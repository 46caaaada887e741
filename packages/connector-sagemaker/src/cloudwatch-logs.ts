import {
  type CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  type GetLogEventsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import { isAwsError } from './errors.js';

/** The log group SageMaker writes every training job's logs to. */
export const TRAINING_LOG_GROUP = '/aws/sagemaker/TrainingJobs';

/**
 * Where reading a job's log got to: per log stream (`<job>/algo-1-<epoch>`, one per instance), the forward
 * token of the last page read. Reading again from a cursor returns only what was written since.
 */
export type LogCursor = Map<string, string | undefined>;

/** One call to CloudWatch Logs, retried and mapped to the contract's errors by the connector. */
export type LogsCall = <T>(
  action: string,
  send: (client: CloudWatchLogsClient, signal: AbortSignal | undefined) => Promise<T>,
) => Promise<T>;

const isMissing = (error: unknown) => isAwsError(error, 'ResourceNotFoundException');

/**
 * Reads what a training job's log streams hold beyond `cursor`, stream by stream in name order (algo-1,
 * algo-2, …), each message as one line, and moves the cursor past it. A job whose streams do not exist yet
 * (its instances have not started) reads as empty.
 */
export async function readNewLogText(jobName: string, cursor: LogCursor, call: LogsCall): Promise<string> {
  const streams: string[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await call('logs:DescribeLogStreams', (client, signal) =>
        client.send(
          new DescribeLogStreamsCommand({
            logGroupName: TRAINING_LOG_GROUP,
            logStreamNamePrefix: `${jobName}/`,
            ...(nextToken ? { nextToken } : {}),
          }),
          { abortSignal: signal },
        ),
      );
      for (const stream of page.logStreams ?? [])
        if (stream.logStreamName) streams.push(stream.logStreamName);
      nextToken = page.nextToken;
    } while (nextToken);
  } catch (error) {
    if (isMissing(error)) return '';
    throw error;
  }
  let text = '';
  for (const stream of streams.sort()) {
    for (;;) {
      const token = cursor.get(stream);
      let page: GetLogEventsCommandOutput;
      try {
        page = await call('logs:GetLogEvents', (client, signal) =>
          client.send(
            new GetLogEventsCommand({
              logGroupName: TRAINING_LOG_GROUP,
              logStreamName: stream,
              startFromHead: true,
              ...(token ? { nextToken: token } : {}),
            }),
            { abortSignal: signal },
          ),
        );
      } catch (error) {
        if (isMissing(error)) break;
        throw error;
      }
      for (const event of page.events ?? []) text += `${event.message ?? ''}\n`;
      // CloudWatch Logs answers the token it was given once a stream has nothing more.
      const next = page.nextForwardToken;
      const done = next === undefined || next === token || (page.events ?? []).length === 0;
      if (next !== undefined) cursor.set(stream, next);
      if (done) break;
    }
  }
  return text;
}
