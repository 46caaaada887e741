import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isTerminalStatus, JobResult, JobStatus } from '@neural/integrations-core';
import { listFiles, readTail } from './disk.js';
import { JOB_FILES, type LocalJobRecord } from './record.js';
import { describeFailure, mapLocalState } from './states.js';

const OUTPUT_TAIL_BYTES = 64 * 1024;
const STDERR_TAIL_BYTES = 4 * 1024;

/**
 * The job's result from its record and folder: `output` is the last 64 KiB of stdout, `error` (for FAILED jobs)
 * says why and ends with the last 4 KiB of stderr, `artifacts` are the files under `artifacts/`.
 */
export async function readJobResult(
  jobId: string,
  jobDir: string,
  record: LocalJobRecord,
): Promise<JobResult> {
  const status = mapLocalState(record);
  let error: string | undefined;
  if (status === JobStatus.FAILED) {
    const stderr = (await readTail(join(jobDir, JOB_FILES.stderr), STDERR_TAIL_BYTES))?.trimEnd();
    const why = describeFailure(record) ?? 'The job failed';
    error = stderr ? `${why}\n--- stderr (last ${STDERR_TAIL_BYTES / 1024} KiB) ---\n${stderr}` : why;
  }
  const started = record.startedAt ? Date.parse(record.startedAt) : undefined;
  const ended = record.endedAt ? Date.parse(record.endedAt) : undefined;
  const durationSeconds =
    started === undefined
      ? undefined
      : Math.max(0, ((ended ?? (isTerminalStatus(status) ? started : Date.now())) - started) / 1000);
  return new JobResult({
    jobId,
    status,
    output: (await readTail(join(jobDir, JOB_FILES.stdout), OUTPUT_TAIL_BYTES)) ?? '',
    ...(error !== undefined ? { error } : {}),
    metrics: record.metrics,
    artifacts: await listFiles(join(jobDir, JOB_FILES.artifacts)),
    logsUrl: pathToFileURL(join(jobDir, JOB_FILES.log)).href,
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    rawState: record.state,
  });
}
