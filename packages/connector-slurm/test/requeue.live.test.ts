/**
 * A requeue on the real cluster (`scontrol requeue`, what Slurm does to a preempted job or one whose node
 * failed): the job reads running, then pending (never failed), then running again, and ends as its code says.
 * Slurm holds a requeued job about two minutes before it may start again (the old run's credential must
 * expire), so this test is slow by nature. The second run lasts until the test has seen it running and drops a
 * release file (the cluster runs on this machine): a run that ended at once could fall between two reads.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLegalTransition, isTerminalStatus, JobStatus } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { SlurmConnector } from '../src/index.js';
import { hasScontrol, scontrol } from './conformance.target.js';
import { liveCluster, liveSuiteName } from './support/live-env.js';

const REQUEUE_TIMEOUT_MS = 240_000;

describe.skipIf(!liveCluster)(liveSuiteName('live Slurm cluster: requeue'), () => {
  it.skipIf(!hasScontrol())(
    'reads a requeued job running → pending → running, never failed, and it ends succeeded',
    { timeout: REQUEUE_TIMEOUT_MS + 30_000 },
    async () => {
      const slurm = new SlurmConnector(
        liveCluster?.credentials ?? { endpoint: 'http://x', user: 'x', token: 'x' },
      );
      // The first run waits to be requeued; the second (SLURM_RESTART_COUNT=1) ends once released.
      const folder = mkdtempSync(join(tmpdir(), 'neural-requeue-'));
      chmodSync(folder, 0o755);
      const release = join(folder, 'release');
      const id = await slurm.submitJob({
        code: [
          'import os, time',
          "run = int(os.environ.get('SLURM_RESTART_COUNT', '0'))",
          "print('run', run, flush=True)",
          'if run == 0:',
          '    time.sleep(600)',
          `while not os.path.exists(${JSON.stringify(release)}):`,
          '    time.sleep(0.05)',
        ].join('\n'),
        jobName: 'live-requeue',
        resourceConfig: { cpuCount: 1, memoryGb: 0.25, maxRuntimeHours: 0.2 },
      });
      const seen: JobStatus[] = [];
      const read = async () => {
        const status = await slurm.getJobStatus(id);
        if (seen.at(-1) !== status) seen.push(status);
        return status;
      };
      const until = async (done: (status: JobStatus) => boolean, timeoutMs: number) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const status = await read();
          if (done(status) || Date.now() > deadline) return status;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      };
      try {
        expect(await until((s) => s === JobStatus.RUNNING || isTerminalStatus(s), 60_000)).toBe(
          JobStatus.RUNNING,
        );
        await scontrol('requeue', id);
        expect(await until((s) => s === JobStatus.PENDING || isTerminalStatus(s), 30_000)).toBe(
          JobStatus.PENDING,
        );
        expect(await until((s) => s === JobStatus.RUNNING || isTerminalStatus(s), REQUEUE_TIMEOUT_MS)).toBe(
          JobStatus.RUNNING,
        );
        writeFileSync(release, '');
        const ended = await until((s) => isTerminalStatus(s), 60_000);
        expect(ended).toBe(JobStatus.SUCCEEDED);
        // running → pending (the requeue) → running → succeeded; every change legal, never failed on the way.
        expect(seen.filter((s) => s !== JobStatus.UNKNOWN)).toEqual([
          ...(seen[0] === JobStatus.PENDING ? [JobStatus.PENDING] : []),
          JobStatus.RUNNING,
          JobStatus.PENDING,
          JobStatus.RUNNING,
          JobStatus.SUCCEEDED,
        ]);
        for (let i = 1; i < seen.length; i++)
          expect(isLegalTransition(seen[i - 1] as JobStatus, seen[i] as JobStatus)).toBe(true);
        const result = await slurm.getJobResult(id);
        expect(result.status).toBe(JobStatus.SUCCEEDED);
        expect(result.output).toContain('run 1');
      } finally {
        await slurm.cancelJob(id).catch(() => false);
        rmSync(folder, { recursive: true, force: true });
      }
    },
  );
});
