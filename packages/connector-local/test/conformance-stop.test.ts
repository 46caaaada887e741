import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { FINAL_LOCAL_STATES, type LocalJobRecord, LocalJobRecordSchema } from '../src/record.js';
import { freshRoot, processExists } from './support.js';

// The CLI as a connector author runs it: the conformance package's built bin (built by its own package).
const conformanceDir = dirname(
  createRequire(import.meta.url).resolve('@neural/connector-conformance/package.json'),
);
const bin = join(conformanceDir, 'dist', 'cli.js');
const target = fileURLToPath(new URL('./fixtures/stoppable.target.ts', import.meta.url));

/**
 * The job records under `root`. While the run goes on, a job's folder exists a moment before its record is
 * written into it: `whileRunning` skips those. Once the run has ended, every folder must hold its record.
 */
async function records(root: string, { whileRunning = false } = {}): Promise<LocalJobRecord[]> {
  const jobsDir = join(root, 'jobs');
  if (!existsSync(jobsDir)) return [];
  const ids = await readdir(jobsDir);
  const read = await Promise.all(
    ids.map(async (id) => {
      const file = join(jobsDir, id, 'job.json');
      if (whileRunning && !existsSync(file)) return undefined;
      return LocalJobRecordSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    }),
  );
  return read.filter((record): record is LocalJobRecord => record !== undefined);
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('neural-conformance stopped by a signal', { timeout: 60_000 }, () => {
  // The test command builds the conformance package first; run alone, this file builds it rather than skip.
  beforeAll(() => {
    if (!existsSync(bin)) execFileSync('npx', ['tsup'], { cwd: conformanceDir, stdio: 'pipe' });
  }, 120_000);
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    'on %s cancels every job the suite started, waits for the cancels, and exits %i',
    async (signal, exitCode) => {
      const root = await freshRoot();
      const child = spawn(
        process.execPath,
        [bin, target, '--only', 'result.holds-output', '--reporter', 'json'],
        {
          env: {
            ...process.env,
            NEURAL_STOP_TEST_ROOT: root,
            NEURAL_STOP_TEST_RUNNER: inject('runnerPath'),
            NEURAL_STOP_TEST_PYTHON: inject('pythonPath'),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk) => (stdout += chunk));
      child.stderr?.on('data', (chunk) => (stderr += chunk));
      const exit = exited(child);

      // Mid-run: the clause's job is running (its Python process started) when the signal arrives.
      const deadline = Date.now() + 30_000;
      let running: LocalJobRecord | undefined;
      while (!running && Date.now() < deadline) {
        running = (await records(root, { whileRunning: true })).find(
          (record) => record.state === 'RUNNING' && record.childPid !== undefined,
        );
        if (!running) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(running, `no job started within 30 s; stderr: ${stderr}`).toBeDefined();
      child.kill(signal);
      const { code } = await exit;

      expect(code, stderr).toBe(exitCode);
      expect(stderr).toContain(`Stopping (interrupted by ${signal})`);
      const report = JSON.parse(stdout);
      expect(report.ok).toBe(false);
      expect(report.interruption.reason).toBe(`interrupted by ${signal}`);
      expect(report.interruption.cancelledJobs).toContain(running?.id);
      expect(report.interruption.unconfirmedJobs).toEqual([]);

      // No job of the suite is left: every record is final, and no supervisor or job process is alive.
      const after = await records(root);
      expect(after.length).toBeGreaterThan(0);
      for (const record of after) {
        expect(FINAL_LOCAL_STATES).toContain(record.state);
        for (const pid of [record.childPid, record.supervisorPid]) {
          if (pid !== undefined) expect(await processExists(pid), `pid ${pid} of ${record.id}`).toBe(false);
        }
      }
      expect(after.find((record) => record.id === running?.id)?.state).toBe('KILLED');
    },
  );
});
