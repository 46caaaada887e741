import { join } from 'node:path';
import {
  assertJobId,
  type CallOptions,
  CloudExecutionError,
  JobNotFoundError,
  type Logger,
  throwIfAborted,
} from '@neural/integrations-core';
import type { LocalSettings } from './options.js';
import { isProcessOf, signalProcess, supervisorPid } from './processes.js';
import {
  FINAL_LOCAL_STATES,
  type LocalJobRecord,
  RecordReadError,
  readCancelRequest,
  readRecord,
  writeRecord,
} from './record.js';

/** The shape of every id this connector gives a job; anything else names no job. */
export const JOB_ID = /^local-[0-9a-z]+-[0-9a-f]{12}$/;

const SUPERVISOR_START_TIMEOUT_MS = 30_000;

/**
 * The jobs under one `root`: where each lives, and its record read as it truly is now (a record left
 * unfinished by a supervisor that died is made final on the way).
 */
export class LocalJobStore {
  constructor(
    readonly settings: LocalSettings,
    private readonly logger: () => Logger,
  ) {}

  /** The folder of one job (its record, code, logs and working folder). */
  jobFolder(jobId: string): string {
    return join(this.settings.root, 'jobs', jobId);
  }

  /** The folder `uploadFile` copies into and `downloadFile` copies out of. */
  get filesFolder(): string {
    return join(this.settings.root, 'files');
  }

  /** The record as stored: `JobNotFoundError` when missing, `CORRUPT_RECORD` / `RECORD_UNREADABLE` otherwise. */
  async readRecordOf(jobId: string): Promise<LocalJobRecord> {
    try {
      return await readRecord(this.jobFolder(jobId));
    } catch (error) {
      if (error instanceof RecordReadError && error.kind === 'missing') throw new JobNotFoundError(jobId);
      if (error instanceof RecordReadError) {
        throw new CloudExecutionError(error.message, { cause: error, code: 'CORRUPT_RECORD', jobId });
      }
      throw new CloudExecutionError(`Could not read the record of job ${jobId}`, {
        cause: error,
        code: 'RECORD_UNREADABLE',
        jobId,
      });
    }
  }

  /** Reads a job's record, turning "not final, and its supervisor is gone" into a final LOST (or KILLED) record. */
  async currentRecord(jobId: string, options: CallOptions): Promise<LocalJobRecord> {
    assertJobId(jobId);
    throwIfAborted(options.signal);
    if (!JOB_ID.test(jobId)) throw new JobNotFoundError(jobId);
    const record = await this.readRecordOf(jobId);
    if (FINAL_LOCAL_STATES.includes(record.state)) return record;
    const jobDir = this.jobFolder(jobId);
    const pid = await supervisorPid(jobDir, record);
    let reason: string;
    if (pid === undefined) {
      const age = this.settings.clock.now() - Date.parse(record.createdAt);
      if (age < SUPERVISOR_START_TIMEOUT_MS) return record;
      reason = `Runner died: no supervisor was started within ${SUPERVISOR_START_TIMEOUT_MS / 1000} s of submission`;
    } else {
      if (await isProcessOf(pid, jobDir)) return record;
      reason = `Runner died: the supervisor (pid ${pid}) is gone and left no final record`;
    }
    // The supervisor writes its final record before it exits, so a second read tells "finished" from "died".
    const latest = await this.readRecordOf(jobId);
    if (FINAL_LOCAL_STATES.includes(latest.state)) return latest;
    if (latest.childPid !== undefined && (await isProcessOf(latest.childPid, jobDir))) {
      // Nobody is left to collect the job's output or enforce its limits: stop the orphan.
      signalProcess(-latest.childPid, 'SIGKILL');
    }
    const cancelled = (await readCancelRequest(jobDir)) !== undefined;
    const final: LocalJobRecord = cancelled
      ? { ...latest, state: 'KILLED', endedAt: new Date().toISOString() }
      : { ...latest, state: 'LOST', reason, endedAt: new Date().toISOString() };
    await writeRecord(jobDir, final);
    this.logger().warn(cancelled ? 'Local job cancelled before it started' : 'Local job runner died', {
      jobId,
    });
    return final;
  }
}
