/**
 * The supervisor of one local job: `node runner.js <jobDir>`, started detached by `LocalConnector.submitJob`
 * so the job outlives the process that submitted it.
 *
 * It reads the job's environment from stdin (so secrets never touch the disk), starts the interpreter on the
 * code file in a process group of its own, copies stdout and stderr to their files and to the combined log,
 * collects metrics lines, enforces `maxRuntimeHours`, turns SIGTERM into "cancel the job" (SIGTERM to the
 * job's group, SIGKILL after the grace period), and writes the final record before it exits. A supervisor
 * that dies without that final record is what the connector reports as LOST.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  JOB_FILES,
  type LocalJobRecord,
  type LocalJobState,
  parseMetricLine,
  readCancelRequest,
  readRecord,
  writeRecord,
} from './record.js';

const EnvironmentSchema = z.record(z.string(), z.string());
const METRICS_FLUSH_MS = 500;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

async function main(jobDir: string): Promise<void> {
  let record: LocalJobRecord = await readRecord(jobDir);
  let stopReason: 'cancel' | 'timeout' | undefined;
  let child: ReturnType<typeof spawn> | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  let writes = Promise.resolve();
  // Records are written one at a time, in order, so a late metrics flush never overwrites the final record.
  const save = (next: LocalJobRecord) => {
    record = next;
    writes = writes.catch(() => undefined).then(() => writeRecord(jobDir, next));
    return writes;
  };
  // An intermediate write that fails is retried by the next one; only the final write must succeed.
  const saveQuietly = (next: LocalJobRecord) => {
    save(next).catch(() => undefined);
  };

  let signalled = false;
  const stop = async (reason: 'cancel' | 'timeout') => {
    stopReason ??= reason;
    const pid = child?.pid;
    if (signalled || pid === undefined) return;
    signalled = true;
    const grace =
      stopReason === 'cancel'
        ? ((await readCancelRequest(jobDir))?.gracePeriodMs ?? record.gracePeriodMs)
        : record.gracePeriodMs;
    killGroup(pid, 'SIGTERM');
    killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), grace);
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => {
      void stop('cancel');
    });
  }

  const finish = async (state: LocalJobState, fields: Partial<LocalJobRecord>) => {
    await save({ ...record, ...fields, state, endedAt: new Date().toISOString() });
    await writes;
  };

  let environment: Record<string, string>;
  try {
    environment = EnvironmentSchema.parse(JSON.parse(await readStdin()));
  } catch (error) {
    await finish('START_FAILED', {
      supervisorPid: process.pid,
      reason: `The supervisor did not receive the job's environment: ${(error as Error).message}`,
    });
    return;
  }
  // A cancel that arrived before the signal handlers existed left only its file behind.
  if (stopReason || (await readCancelRequest(jobDir))) {
    await finish('KILLED', { supervisorPid: process.pid, exitCode: null, signal: null });
    return;
  }

  const stdoutFd = openSync(join(jobDir, JOB_FILES.stdout), 'a', 0o600);
  const stderrFd = openSync(join(jobDir, JOB_FILES.stderr), 'a', 0o600);
  const logFd = openSync(join(jobDir, JOB_FILES.log), 'a', 0o600);
  const [program, ...leadingArgs] = record.interpreter as [string, ...string[]];
  // No shell: the code file's path is one argv entry, so nothing in the code is ever interpreted by a shell.
  const started = spawn(program, [...leadingArgs, join(jobDir, record.codeFile)], {
    cwd: join(jobDir, JOB_FILES.work),
    env: environment,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = started;

  const metrics = { ...record.metrics };
  let metricsDirty = false;
  let pendingLine = '';
  const flushTimer = setInterval(() => {
    if (metricsDirty && record.state === 'RUNNING') {
      metricsDirty = false;
      saveQuietly({ ...record, metrics: { ...metrics } });
    }
  }, METRICS_FLUSH_MS);
  const takeLines = (text: string) => {
    const lines = (pendingLine + text).split('\n');
    pendingLine = lines.pop() ?? '';
    for (const line of lines) {
      const found = parseMetricLine(line);
      if (found) {
        Object.assign(metrics, found);
        metricsDirty = true;
      }
    }
  };
  started.stdout?.on('data', (chunk: Buffer) => {
    writeSync(stdoutFd, chunk);
    writeSync(logFd, chunk);
    takeLines(chunk.toString('utf8'));
  });
  started.stderr?.on('data', (chunk: Buffer) => {
    writeSync(stderrFd, chunk);
    writeSync(logFd, chunk);
  });

  const outcome = await new Promise<
    { kind: 'error'; error: Error } | { kind: 'exit'; code: number | null; signal: NodeJS.Signals | null }
  >((resolve) => {
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    started.once('error', (error) => resolve({ kind: 'error', error }));
    started.once('spawn', () => {
      saveQuietly({
        ...record,
        state: 'RUNNING',
        supervisorPid: process.pid,
        childPid: started.pid,
        startedAt: new Date().toISOString(),
      });
      if (record.maxRuntimeMs !== undefined) {
        setTimeout(() => void stop('timeout'), record.maxRuntimeMs).unref();
      }
      // A cancel may have landed between the check above and the spawn.
      if (stopReason) void stop(stopReason);
    });
    started.once('exit', (code, signal) => {
      exit = { code, signal };
      // Processes the job left behind in its group would hold the pipes open; the job is over, so they go too.
      if (started.pid) killGroup(started.pid, 'SIGKILL');
    });
    started.once('close', (code, signal) => resolve({ kind: 'exit', ...(exit ?? { code, signal }) }));
  });
  clearInterval(flushTimer);
  if (killTimer) clearTimeout(killTimer);
  if (pendingLine) takeLines('\n');
  for (const fd of [stdoutFd, stderrFd, logFd]) closeSync(fd);

  if (outcome.kind === 'error') {
    await finish('START_FAILED', {
      supervisorPid: process.pid,
      reason: `Could not start the interpreter ${JSON.stringify(program)}: ${outcome.error.message}`,
      metrics,
    });
    return;
  }
  const state: LocalJobState =
    stopReason === 'cancel'
      ? 'KILLED'
      : stopReason === 'timeout'
        ? 'TIMEOUT'
        : outcome.signal
          ? 'SIGNALED'
          : 'EXITED';
  await finish(state, { exitCode: outcome.code, signal: outcome.signal, metrics });
}

const jobDir = process.argv[2];
if (!jobDir) {
  process.stderr.write('usage: runner.js <jobDir>\n');
  process.exit(2);
}
main(jobDir).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`neural local runner failed: ${String(error)}\n`);
    process.exit(1);
  },
);
