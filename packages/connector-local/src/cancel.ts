import { join } from 'node:path';
import { type CallOptions, isTerminalStatus, JobStatus, type Logger } from '@neural/integrations-core';
import { writeFileAtomic } from '@neural/integrations-core/node';
import type { LocalJobStore } from './job-store.js';
import { signalProcess, supervisorPid } from './processes.js';
import { JOB_FILES, writeRecord } from './record.js';
import { mapLocalState } from './states.js';

const CANCEL_MARGIN_MS = 10_000;

/**
 * Asks the job's supervisor to stop it (a cancel request on disk, then SIGTERM) and waits until it has;
 * past the grace period and a margin, kills everything itself and records the cancel. `true` when the job
 * was cancelled, `false` when it had already finished.
 */
export async function cancelLocalJob(
  jobs: LocalJobStore,
  logger: Logger,
  jobId: string,
  options: CallOptions,
): Promise<boolean> {
  const { clock, gracePeriodMs, pollIntervalMs } = jobs.settings;
  const record = await jobs.currentRecord(jobId, options);
  if (isTerminalStatus(mapLocalState(record))) return false;
  const jobDir = jobs.jobFolder(jobId);
  await writeFileAtomic(
    join(jobDir, JOB_FILES.cancelRequest),
    JSON.stringify({ requestedAt: new Date(clock.now()).toISOString(), gracePeriodMs }),
  );
  const pid = await supervisorPid(jobDir, record);
  if (pid !== undefined) signalProcess(pid, 'SIGTERM');
  logger.info('Cancelling local job', { jobId });

  const deadline = clock.now() + gracePeriodMs + CANCEL_MARGIN_MS;
  for (;;) {
    const current = await jobs.currentRecord(jobId, options);
    const status = mapLocalState(current);
    if (isTerminalStatus(status)) return status === JobStatus.CANCELLED;
    if (clock.now() >= deadline) {
      // The supervisor did not finish the job in time: stop everything ourselves and record the cancel.
      if (current.childPid !== undefined) signalProcess(-current.childPid, 'SIGKILL');
      const latePid = await supervisorPid(jobDir, current);
      if (latePid !== undefined) signalProcess(latePid, 'SIGKILL');
      await writeRecord(jobDir, { ...current, state: 'KILLED', endedAt: new Date().toISOString() });
      return true;
    }
    await clock.sleep(Math.min(pollIntervalMs, 20), options.signal);
  }
}
