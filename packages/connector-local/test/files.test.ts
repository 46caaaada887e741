import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { CloudExecutionError, InvalidParameterError, JobStatus } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { finished, freshRoot, localConnector, logContains, RUNS_UNTIL_STOPPED } from './support.js';

describe('LocalConnector moves files through its files area', () => {
  it('uploads a file a job can read, and downloads what a job wrote there', async () => {
    const connector = await localConnector();
    const scratch = await freshRoot();
    const source = join(scratch, 'data.csv');
    await writeFile(source, 'a,b\n1,2\n');
    expect(await connector.uploadFile(source, 'datasets/data.csv')).toBe(true);
    const code = [
      'import os',
      'files = os.environ["NEURAL_FILES_DIR"]',
      'rows = open(os.path.join(files, "datasets", "data.csv")).read().splitlines()',
      'open(os.path.join(files, "results.txt"), "w").write(f"{len(rows)} rows")',
    ].join('\n');
    expect((await finished(connector, await connector.submitJob({ code }))).status).toBe(JobStatus.SUCCEEDED);
    const target = join(scratch, 'out', 'results.txt');
    expect(await connector.downloadFile('results.txt', target)).toBe(true);
    expect(await readFile(target, 'utf8')).toBe('2 rows');
  });

  it('refuses remote paths that leave the files area, and reports missing files', async () => {
    const connector = await localConnector();
    const scratch = await freshRoot();
    const source = join(scratch, 'x.bin');
    await writeFile(source, 'x');
    for (const remote of ['../escape.bin', 'a/../../escape.bin', '/etc/passwd', '~/x', '']) {
      await expect(connector.uploadFile(source, remote)).rejects.toSatisfy(
        (error: unknown) =>
          InvalidParameterError.isInstance(error) && error.issues[0]?.field === 'remotePath',
      );
      await expect(connector.downloadFile(remote, join(scratch, 'y'))).rejects.toSatisfy(
        InvalidParameterError.isInstance,
      );
    }
    await expect(connector.uploadFile(join(scratch, 'missing.bin'), 'a.bin')).rejects.toSatisfy(
      (error: unknown) => InvalidParameterError.isInstance(error) && error.issues[0]?.field === 'localPath',
    );
    await expect(connector.downloadFile('never-uploaded.bin', join(scratch, 'y'))).rejects.toSatisfy(
      (error: unknown) => CloudExecutionError.isInstance(error) && error.code === 'FILE_NOT_FOUND',
    );
  });
});

describe('LocalConnector reports this machine as its resources', () => {
  it('reports CPUs, memory and the running jobs', async () => {
    const connector = await localConnector();
    const idle = await connector.getResourceUsage();
    expect(idle).toMatchObject({ totalCpus: cpus().length, usedCpus: 0, runningJobs: 0, pendingJobs: 0 });
    expect(idle.memoryGb).toBeGreaterThan(0);
    expect(idle.availableMemoryGb).toBeGreaterThan(0);
    const jobId = await connector.submitJob({ code: RUNS_UNTIL_STOPPED, resourceConfig: { cpuCount: 1 } });
    await logContains(connector, jobId, 'ready');
    expect(await connector.getResourceUsage()).toMatchObject({ runningJobs: 1, usedCpus: 1 });
    await connector.cancelJob(jobId);
    expect(await connector.getResourceUsage()).toMatchObject({ runningJobs: 0 });
  });
});
