import { JobNotFoundError, JobStatus, type StatusChange } from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { SlurmConnector } from '../src/index.js';
import { API, CREDENTIALS, recordedJob, reply } from './support/recorded-cluster.js';
import { useRecordedCluster } from './support/recorded-server.js';

const { server, cluster } = useRecordedCluster();

describe('SlurmConnector.waitForStatusChange (bounded polling: slurmrestd cannot push)', () => {
  it('claims the capability and notices a change within 5% of the time waited, reading far less than once a second', async () => {
    const clock = createManualClock(0);
    const endsAt = 600_000;
    const readAt: number[] = [];
    server.use(
      http.get(`${API}/job/3`, () => {
        readAt.push(clock.now());
        return reply(
          recordedJob(clock.now() >= endsAt ? 'job-completed' : 'job-running', '3', cluster().workdir),
        );
      }),
    );
    const slurm = new SlurmConnector(CREDENTIALS, {
      workdir: cluster().workdir,
      clock,
      statusPollIntervalMs: 2_000,
    });
    expect(slurm.capabilities.waitForStatusChange).toBe(true);
    let outcome: StatusChange | undefined;
    void slurm.waitForStatusChange('3', { since: JobStatus.RUNNING, timeoutMs: 3_600_000 }).then((change) => {
      outcome = change;
    });
    while (!outcome) await clock.runNext();
    expect(outcome).toEqual({ status: JobStatus.SUCCEEDED, changed: true });
    expect(clock.now() - endsAt).toBeLessThanOrEqual(endsAt * 0.05);
    expect(readAt.length).toBeLessThan(120);
    const gaps = readAt.slice(1).map((at, index) => at - readAt[index]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(2_000);
  });

  it('never reports the same status as a change: resolves unchanged at its timeout', async () => {
    const clock = createManualClock(0);
    const slurm = new SlurmConnector(CREDENTIALS, { workdir: cluster().workdir, clock });
    let outcome: StatusChange | undefined;
    void slurm.waitForStatusChange('3', { since: JobStatus.RUNNING, timeoutMs: 30_000 }).then((change) => {
      outcome = change;
    });
    while (!outcome) await clock.runNext();
    expect(outcome).toEqual({ status: JobStatus.RUNNING, changed: false });
    expect(clock.now()).toBe(30_000);
  });

  it('throws JobNotFoundError for an unknown job', async () => {
    const slurm = new SlurmConnector(CREDENTIALS, { workdir: cluster().workdir });
    await expect(
      slurm.waitForStatusChange('999999999', { since: 'running', timeoutMs: 1 }),
    ).rejects.toBeInstanceOf(JobNotFoundError);
  });
});
