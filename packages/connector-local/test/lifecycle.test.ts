import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidParameterError, JobStatus } from '@neural/integrations-core';
import { describe, expect, inject, it, vi } from 'vitest';
import {
  finished,
  localConnector,
  logContains,
  processExists,
  RUNS_UNTIL_STOPPED,
  recordOf,
} from './support.js';

const TRAPS_TERM = [
  'import signal, time',
  'signal.signal(signal.SIGTERM, lambda *_: print("got TERM, ignoring it", flush=True))',
  'print("ready", flush=True)',
  'while True:',
  '    time.sleep(0.01)',
].join('\n');

describe('LocalConnector enforces limits and cancels', () => {
  it('stops a job that runs past maxRuntimeHours and reports it FAILED with a timeout error', async () => {
    const connector = await localConnector({ cancelGracePeriodMs: 50 });
    const jobId = await connector.submitJob({
      code: RUNS_UNTIL_STOPPED,
      resourceConfig: { maxRuntimeHours: 0.00005 }, // 180 ms
    });
    const result = await finished(connector, jobId);
    expect(result.status).toBe(JobStatus.FAILED);
    expect(result.rawState).toBe('TIMEOUT');
    expect(result.error).toContain('maxRuntimeHours (0.00005 h = 180 ms)');
    expect(result.durationSeconds).toBeGreaterThanOrEqual(0.18);
  });

  it('cancels with SIGTERM, then SIGKILL after the grace period when the job ignores SIGTERM', async () => {
    const grace = 300;
    const connector = await localConnector({ cancelGracePeriodMs: grace });
    const jobId = await connector.submitJob({ code: TRAPS_TERM });
    await logContains(connector, jobId, 'ready');
    const { childPid } = await recordOf(connector, jobId);
    const started = performance.now();
    expect(await connector.cancelJob(jobId)).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(grace);
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.CANCELLED);
    const result = await connector.getJobResult(jobId);
    expect(result.rawState).toBe('KILLED');
    expect(result.output).toContain('got TERM, ignoring it');
    // SIGKILL is delivered asynchronously: wait (polling, bounded) for the process to be gone.
    await vi.waitFor(async () => expect(await processExists(childPid!)).toBe(false), {
      timeout: 5_000,
      interval: 10,
    });
  });

  it('cancels from a different connector instance on the same root', async () => {
    const submitter = await localConnector();
    const jobId = await submitter.submitJob({ code: RUNS_UNTIL_STOPPED });
    await logContains(submitter, jobId, 'ready');
    const other = await localConnector({ root: submitter.root });
    expect(await other.cancelJob(jobId)).toBe(true);
    expect(await submitter.getJobStatus(jobId)).toBe(JobStatus.CANCELLED);
  });

  it('cancels a job before it has started running', async () => {
    const connector = await localConnector();
    const jobId = await connector.submitJob({ code: RUNS_UNTIL_STOPPED });
    expect(await connector.cancelJob(jobId)).toBe(true);
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.CANCELLED);
  });

  it('does not cancel a job that has already finished', async () => {
    const connector = await localConnector();
    const jobId = await connector.submitJob({ code: 'print("done")' });
    await finished(connector, jobId);
    expect(await connector.cancelJob(jobId)).toBe(false);
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.SUCCEEDED);
  });
});

describe('LocalConnector keeps durable job records', () => {
  it('shows jobs, results and logs to another connector instance on the same root', async () => {
    const first = await localConnector();
    const jobId = await first.submitJob({ code: 'print("kept on disk")', jobName: 'durable' });
    await finished(first, jobId);
    const second = await localConnector({ root: first.root });
    expect((await second.listJobs()).map((job) => job.id)).toEqual([jobId]);
    expect((await second.getJobResult(jobId)).output).toBe('kept on disk\n');
    expect(await second.getLogs(jobId)).toBe('kept on disk\n');
  });

  it('lists jobs newest first, filtered by status and limited', async () => {
    const connector = await localConnector();
    const ok = await connector.submitJob({ code: 'print(1)' });
    const bad = await connector.submitJob({ code: 'raise SystemExit(1)' });
    await Promise.all([finished(connector, ok), finished(connector, bad)]);
    expect((await connector.listJobs()).map((job) => job.id)).toEqual([bad, ok]);
    expect((await connector.listJobs({ statusFilter: JobStatus.FAILED })).map((job) => job.id)).toEqual([
      bad,
    ]);
    expect(await connector.listJobs({ limit: 1 })).toHaveLength(1);
  });

  it('keeps running a job after the process that submitted it has exited', async () => {
    const connector = await localConnector();
    const go = join(connector.root, 'go');
    // The job waits for a file the test writes only after the submitter is gone.
    const code = `import os, time\nwhile not os.path.exists(${JSON.stringify(go)}):\n    time.sleep(0.01)\nprint("outlived my submitter")`;
    const script = `
      const { LocalConnector } = await import(${JSON.stringify(inject('bundlePath'))});
      const connector = new LocalConnector(JSON.parse(process.argv[1]));
      process.stdout.write(await connector.submitJob({ code: process.argv[2] }));
    `;
    const options = {
      root: connector.root,
      runnerPath: inject('runnerPath'),
      interpreter: connector.interpreter,
    };
    const submitter = spawn(
      process.execPath,
      ['--input-type=module', '-e', script, JSON.stringify(options), code],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let jobId = '';
    submitter.stdout.on('data', (chunk: Buffer) => {
      jobId += chunk.toString();
    });
    const exitCode = await new Promise((resolve) => submitter.on('close', resolve));
    expect(exitCode).toBe(0);
    expect(await connector.getJobStatus(jobId)).not.toBe(JobStatus.FAILED);
    await writeFile(go, '');
    const result = await finished(connector, jobId);
    expect(result.status).toBe(JobStatus.SUCCEEDED);
    expect(result.output).toBe('outlived my submitter\n');
  });

  it('reports a job whose supervisor was killed as FAILED (runner died), and stops the orphaned process', async () => {
    const connector = await localConnector();
    const jobId = await connector.submitJob({ code: RUNS_UNTIL_STOPPED });
    await logContains(connector, jobId, 'ready');
    const { supervisorPid, childPid } = await recordOf(connector, jobId);
    process.kill(supervisorPid!, 'SIGKILL');
    const result = await finished(connector, jobId);
    expect(result.status).toBe(JobStatus.FAILED);
    expect(result.rawState).toBe('LOST');
    expect(result.error).toContain('Runner died');
    const reread = await (await localConnector({ root: connector.root })).getJobResult(jobId);
    expect(reread.rawState).toBe('LOST');
    // SIGKILL is delivered asynchronously: wait (polling, bounded) for the process to be gone.
    await vi.waitFor(async () => expect(await processExists(childPid!)).toBe(false), {
      timeout: 5_000,
      interval: 10,
    });
  });
});

describe('LocalConnector honours idempotency keys', () => {
  it('returns the same job for the same key, even when submits race, and runs it once', async () => {
    const connector = await localConnector();
    const request = { code: 'print("once")', idempotencyKey: 'train-2026-01-01' };
    const ids = await Promise.all([1, 2, 3, 4, 5].map(() => connector.submitJob(request)));
    expect(new Set(ids).size).toBe(1);
    const other = await localConnector({ root: connector.root });
    expect(await other.submitJob(request)).toBe(ids[0]);
    expect(await connector.listJobs()).toHaveLength(1);
    expect((await finished(connector, ids[0]!)).output).toBe('once\n');
  });

  it('refuses a key reused for a different request', async () => {
    const connector = await localConnector();
    await connector.submitJob({ code: 'print(1)', idempotencyKey: 'key-1' });
    await expect(connector.submitJob({ code: 'print(2)', idempotencyKey: 'key-1' })).rejects.toSatisfy(
      (error: unknown) =>
        InvalidParameterError.isInstance(error) && error.issues[0]?.field === 'idempotencyKey',
    );
  });
});
