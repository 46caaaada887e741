/**
 * Against the real single-node cluster that scripts/slurm/cluster.sh starts. Jobs are tiny: a trivial one
 * runs submit→COMPLETED in about a second.
 */
import {
  CloudExecutionError,
  InvalidParameterError,
  JobNotFoundError,
  JobStatus,
  waitForCompletion,
} from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { SlurmConnector } from '../src/index.js';
import { liveCluster, liveSuiteName } from './support/live-env.js';

const connect = () =>
  new SlurmConnector(liveCluster?.credentials ?? { endpoint: 'http://x', user: 'x', token: 'x' });

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!liveCluster)(liveSuiteName('live Slurm cluster'), () => {
  it('authenticates with the real token and refuses a forged one', async () => {
    await expect(connect().authenticate()).resolves.toBe(true);
    const forged = new SlurmConnector({
      ...(liveCluster?.credentials ?? { endpoint: '', user: '' }),
      token: 'a.b.c',
    });
    await expect(forged.authenticate()).resolves.toBe(false);
  });

  it('runs a python job to COMPLETED with its output and environment', async () => {
    const slurm = connect();
    const id = await slurm.submitJob({
      code: "import os\nprint('hello', os.environ['GREETING'])",
      environment: { GREETING: 'slurm' },
      jobName: 'live-hello',
      resourceConfig: { cpuCount: 1, memoryGb: 0.25, maxRuntimeHours: 0.1 },
    });
    const result = await waitForCompletion(slurm, id, { pollIntervalMs: 100, timeoutMs: 30_000 });
    expect(result.status).toBe(JobStatus.SUCCEEDED);
    expect(result.rawState).toBe('COMPLETED');
    expect(result.output).toBe('hello slurm\n');
    await expect(slurm.getLogs(id)).resolves.toContain('hello slurm');
    // Among the newest: other live files (and other users of the cluster) may submit in between, so not
    // necessarily first.
    const listed = await slurm.listJobs({ limit: 20 });
    expect(listed.map((job) => job.id)).toContain(id);
  });

  it('reports a non-zero exit as FAILED with the decoded exit code', async () => {
    const slurm = connect();
    const id = await slurm.submitJob({ code: "import sys\nprint('bad', file=sys.stderr)\nsys.exit(3)" });
    const result = await waitForCompletion(slurm, id, { pollIntervalMs: 100, timeoutMs: 30_000 });
    expect(result.status).toBe(JobStatus.FAILED);
    expect(result.error).toMatch(/exit code 3/);
    expect(result.error).toContain('bad');
  });

  it('reads logs while the job runs, then cancels it', async () => {
    const slurm = connect();
    const id = await slurm.submitJob({ code: "import time\nprint('started')\ntime.sleep(120)" });
    const logs = await until(
      () => slurm.getLogs(id),
      (text) => text.includes('started'),
    );
    expect(logs).toContain('started');
    await expect(slurm.getJobStatus(id)).resolves.toBe(JobStatus.RUNNING);
    await expect(slurm.cancelJob(id)).resolves.toBe(true);
    const status = await until(
      () => slurm.getJobStatus(id),
      (s) => s === JobStatus.CANCELLED,
    );
    expect(status).toBe(JobStatus.CANCELLED);
    await expect(slurm.cancelJob(id)).resolves.toBe(false);
  });

  it('throws JobNotFoundError for a job id the controller does not know', async () => {
    await expect(connect().getJobStatus('999999999')).rejects.toBeInstanceOf(JobNotFoundError);
  });

  it('reports the node and its CPUs', async () => {
    const usage = await connect().getResourceUsage();
    expect(usage.totalNodes).toBeGreaterThanOrEqual(1);
    expect(usage.totalCpus).toBeGreaterThanOrEqual(1);
    expect(usage.memoryGb).toBeGreaterThan(0);
  });
});

describe.skipIf(!liveCluster)(liveSuiteName('live Slurm cluster refusals'), () => {
  it('refuses GPUs on a cluster that has none, naming the GPU request as the likely cause', async () => {
    const error = await connect()
      .submitJob({ code: 'x = 1', resourceConfig: { gpuEnabled: true, gpuCount: 1 } })
      .catch((e: unknown) => e);
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/resourceConfig.gpuEnabled: is the likely cause/);
  });

  it('refuses an unknown partition', async () => {
    const error = await connect()
      .submitJob({ code: 'x = 1', resourceConfig: { customParams: { partition: 'no-such-partition' } } })
      .catch((e: unknown) => e);
    expect(CloudExecutionError.isInstance(error) && error.code).toBe('SLURM_2000');
  });
});
