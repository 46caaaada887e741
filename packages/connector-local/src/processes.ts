import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from './disk.js';
import { JOB_FILES, type LocalJobRecord } from './record.js';

/** Whether `pid` is alive and (on Linux) its command line mentions `mustMention`: pids get reused. */
export async function isProcessOf(pid: number, mustMention: string): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (errnoCode(error) !== 'EPERM') return false;
  }
  if (process.platform !== 'linux') return true;
  // The pid may have been reused by an unrelated process, or be a zombie: its command line tells.
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(mustMention);
  } catch {
    return false;
  }
}

/** Sends `signal` to `pid` (a negative pid: its process group), ignoring a process already gone. */
export function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** The pid of a job's supervisor: from its record, else from the pid file written at spawn. */
export async function supervisorPid(jobDir: string, record: LocalJobRecord): Promise<number | undefined> {
  if (record.supervisorPid !== undefined) return record.supervisorPid;
  try {
    const pid = Number((await readFile(join(jobDir, JOB_FILES.runnerPid), 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
