import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { CloudExecutionError } from '@neural/integrations-core';
import { writeFileAtomic } from '@neural/integrations-core/node';
import type { LocalSettings } from './options.js';
import { JOB_FILES, type LocalJobRecord, writeRecord } from './record.js';

/** The variables of this process's environment that `settings.inheritEnvironment` lets through. */
export function inheritedEnvironment(settings: LocalSettings): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const name of settings.inheritEnvironment) {
    const value = process.env[name];
    if (value !== undefined) environment[name] = value;
  }
  return environment;
}

/**
 * Spawns the detached supervisor that runs one job, so the job outlives the process that submitted it.
 * Resolves once it is running and its pid is on disk; a supervisor that cannot start leaves a final
 * `START_FAILED` record and throws `RUNNER_START_FAILED`.
 */
export async function startSupervisor(
  settings: LocalSettings,
  jobDir: string,
  record: LocalJobRecord,
  environment: Record<string, string>,
): Promise<void> {
  const runnerLog = openSync(join(jobDir, 'runner.log'), 'a', 0o600);
  let supervisor: ReturnType<typeof spawn>;
  try {
    // The job's environment goes through stdin, not the supervisor's own environment: a job's NODE_OPTIONS
    // must not reach the supervisor, and secrets must not be written to disk.
    supervisor = spawn(settings.nodePath, [settings.runnerPath, jobDir], {
      cwd: jobDir,
      env: inheritedEnvironment(settings),
      detached: true,
      stdio: ['pipe', 'ignore', runnerLog],
    });
  } finally {
    closeSync(runnerLog);
  }
  const started = await new Promise<Error | undefined>((settle) => {
    supervisor.once('spawn', () => settle(undefined));
    supervisor.once('error', settle);
  });
  if (started || supervisor.pid === undefined) {
    const reason = `Could not start the job's supervisor (${settings.nodePath} ${settings.runnerPath}): ${
      started?.message ?? 'no pid'
    }`;
    await writeRecord(jobDir, {
      ...record,
      state: 'START_FAILED',
      reason,
      endedAt: new Date().toISOString(),
    });
    throw new CloudExecutionError(reason, {
      cause: started,
      code: 'RUNNER_START_FAILED',
      operation: 'submitJob',
      jobId: record.id,
    });
  }
  await writeFileAtomic(join(jobDir, JOB_FILES.runnerPid), `${supervisor.pid}\n`);
  supervisor.stdin?.on('error', () => {
    // A supervisor that died at once is reported LOST from its record; nothing to do here.
  });
  supervisor.stdin?.end(JSON.stringify(environment));
  supervisor.unref();
}
