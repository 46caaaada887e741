import { JobStatus, stateMapping } from '@neural/integrations-core';
import type { LocalJobRecord, LocalJobState } from './record.js';

/** The status of every local state that says it alone; `EXITED` is decided by the exit code. */
export const LOCAL_STATE_TO_STATUS: Readonly<Record<Exclude<LocalJobState, 'EXITED'>, JobStatus>> =
  Object.freeze({
    QUEUED: JobStatus.PENDING,
    RUNNING: JobStatus.RUNNING,
    SIGNALED: JobStatus.FAILED,
    TIMEOUT: JobStatus.FAILED,
    START_FAILED: JobStatus.FAILED,
    LOST: JobStatus.FAILED,
    KILLED: JobStatus.CANCELLED,
  });

// The table's type makes it list every state but EXITED; the lookup is core's, like every connector's.
const LOCAL_STATE_MAPPING = stateMapping(LOCAL_STATE_TO_STATUS);

/**
 * How a local job's raw state maps onto {@link JobStatus}:
 *
 * | raw state      | JobStatus   | when                                                          |
 * | -------------- | ----------- | ------------------------------------------------------------- |
 * | `QUEUED`       | PENDING     | recorded, the supervisor has not started the process yet      |
 * | `RUNNING`      | RUNNING     | the process is running                                        |
 * | `EXITED`       | SUCCEEDED   | exit code 0                                                   |
 * | `EXITED`       | FAILED      | any other exit code                                           |
 * | `SIGNALED`     | FAILED      | killed by a signal nobody here sent (crash, OOM killer, kill) |
 * | `TIMEOUT`      | FAILED      | ran past `maxRuntimeHours` and was stopped                    |
 * | `START_FAILED` | FAILED      | the interpreter could not be started                          |
 * | `LOST`         | FAILED      | the supervisor died without writing a final record            |
 * | `KILLED`       | CANCELLED   | stopped by `cancelJob`                                        |
 */
export function mapLocalState(record: Pick<LocalJobRecord, 'state' | 'exitCode'>): JobStatus {
  if (record.state === 'EXITED') return record.exitCode === 0 ? JobStatus.SUCCEEDED : JobStatus.FAILED;
  return LOCAL_STATE_MAPPING.statusOf(record.state);
}

/** Why a job failed, in words (without its stderr), or `undefined` when it did not fail. */
export function describeFailure(record: LocalJobRecord): string | undefined {
  switch (record.state) {
    case 'EXITED':
      return record.exitCode === 0 ? undefined : `The job exited with code ${record.exitCode ?? 'unknown'}`;
    case 'SIGNALED':
      return `The job was killed by signal ${record.signal ?? 'unknown'}`;
    case 'TIMEOUT': {
      const hours = record.resourceConfig.maxRuntimeHours;
      return `The job timed out: it ran longer than maxRuntimeHours (${String(hours)} h = ${Math.round(
        record.maxRuntimeMs ?? 0,
      )} ms) and was stopped (SIGTERM, then SIGKILL after ${record.gracePeriodMs} ms)`;
    }
    case 'START_FAILED':
      return record.reason ?? 'The job could not be started';
    case 'LOST':
      return record.reason ?? 'The runner died without recording how the job ended';
    default:
      return undefined;
  }
}
