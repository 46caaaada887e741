import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type CallOptions,
  CloudExecutionError,
  type FollowLogsOptions,
  followLogsStartOffset,
  isTerminalStatus,
  JobNotFoundError,
} from '@neural/integrations-core';
import { errnoCode } from './disk.js';
import type { LocalJobStore } from './job-store.js';
import { JOB_FILES } from './record.js';
import { mapLocalState } from './states.js';

/** The job's combined log (stdout and stderr, in the order they were written) so far. */
export async function readLocalLog(
  jobs: LocalJobStore,
  jobId: string,
  options: CallOptions,
): Promise<string> {
  await jobs.currentRecord(jobId, options);
  try {
    return await readFile(join(jobs.jobFolder(jobId), JOB_FILES.log), 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return '';
    throw error;
  }
}

/**
 * Tails the job's combined log, yielding text as it is written, and ends once the job is terminal and the
 * log has been read to its end. Throws `CloudExecutionError` if the job's folder disappears first.
 */
export async function* followLocalLog(
  jobs: LocalJobStore,
  jobId: string,
  options: FollowLogsOptions,
): AsyncGenerator<string> {
  const fromOffset = followLogsStartOffset(options);
  await jobs.currentRecord(jobId, options);
  const logFile = join(jobs.jobFolder(jobId), JOB_FILES.log);
  const decoder = new TextDecoder('utf-8');
  let position = 0;
  let toSkip = fromOffset;
  const readMore = async (): Promise<string> => {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(logFile, 'r');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return '';
      throw error;
    }
    try {
      let text = '';
      const buffer = Buffer.alloc(64 * 1024);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        text += decoder.decode(buffer.subarray(0, bytesRead), { stream: true });
      }
      if (toSkip > 0) {
        const skipped = Math.min(toSkip, text.length);
        toSkip -= skipped;
        text = text.slice(skipped);
      }
      return text;
    } finally {
      await handle.close();
    }
  };
  for (;;) {
    let terminal: boolean;
    try {
      terminal = isTerminalStatus(mapLocalState(await jobs.currentRecord(jobId, options)));
    } catch (error) {
      if (!JobNotFoundError.isInstance(error)) throw error;
      throw new CloudExecutionError(`The log of job ${jobId} ended before the job did: its folder is gone`, {
        cause: error,
        code: 'LOG_STREAM_BROKEN',
        operation: 'followLogs',
        jobId,
      });
    }
    // Read after the status check: once terminal, the supervisor has written everything it ever will.
    const text = await readMore();
    if (text) yield text;
    if (terminal) {
      const rest = decoder.decode();
      if (rest) yield rest;
      return;
    }
    await jobs.settings.clock.sleep(jobs.settings.pollIntervalMs, options.signal);
  }
}
