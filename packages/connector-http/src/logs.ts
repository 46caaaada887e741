/** Job logs: read page by page over `/logs`, or followed live over the NDJSON stream at `/logs/stream`. */
import {
  assertJobId,
  type CallOptions,
  CloudConnectionError,
  type FollowLogsOptions,
  InvalidParameterError,
} from '@neural/integrations-core';
import { type HttpTransport, invalidResponse, readJsonLines } from '@neural/integrations-core/http';
import { jobPath } from './paths.js';
import { LogEventSchema, LogsPageSchema, type Problem } from './schemas.js';

/** Every log line written so far, fetched page by page. */
export async function getLogs(
  http: HttpTransport<Problem>,
  jobId: string,
  options: CallOptions,
): Promise<string> {
  assertJobId(jobId);
  let logs = '';
  for (let offset = 0; ; ) {
    const page = await http.json(LogsPageSchema, {
      method: 'GET',
      path: `${jobPath(jobId)}/logs`,
      query: { offset },
      operation: 'getLogs',
      jobId,
      signal: options.signal,
    });
    logs += page.content;
    if (page.nextOffset < offset)
      throw invalidResponse(http.context({ operation: 'getLogs' }), 'nextOffset went backwards');
    if (page.complete || page.nextOffset === offset) return logs;
    offset = page.nextOffset;
  }
}

/**
 * Streams the job's log lines as they are written, ending when the platform says the job ended. Throws
 * `CloudConnectionError` if the stream closes before that, `OperationAbortedError` when `signal` aborts.
 */
export async function* followLogs(
  http: HttpTransport<Problem>,
  jobId: string,
  options: FollowLogsOptions,
): AsyncGenerator<string, void, undefined> {
  assertJobId(jobId);
  const offset = options.fromOffset ?? 0;
  if (!Number.isInteger(offset) || offset < 0)
    throw InvalidParameterError.forField('fromOffset', 'must be a whole number, at least 0');
  const { signal } = options;
  const context = http.context({ operation: 'followLogs', jobId });
  const body = await http.send(
    {
      method: 'GET',
      path: `${jobPath(jobId)}/logs/stream`,
      query: { offset },
      headers: { accept: 'application/x-ndjson, application/problem+json' },
      operation: 'followLogs',
      jobId,
      signal,
      streaming: true,
    },
    async (response) => response.body,
  );
  if (!body) throw invalidResponse(context, 'the log stream has no body');
  for await (const event of readJsonLines(body, LogEventSchema, context, signal)) {
    if (event.type === 'end') return;
    yield event.content;
  }
  throw new CloudConnectionError(`followLogs: the log stream of job ${jobId} closed before the job ended`, {
    code: 'STREAM_BROKEN',
  });
}
