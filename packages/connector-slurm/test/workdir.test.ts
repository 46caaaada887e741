import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogFields, Logger } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { SlurmConnector, type SlurmConnectorOptions } from '../src/index.js';
import { CREDENTIALS } from './support/recorded-cluster.js';
import { useRecordedCluster } from './support/recorded-server.js';

const { cluster } = useRecordedCluster();

const connect = (workdir: string, options: SlurmConnectorOptions = {}) =>
  new SlurmConnector(CREDENTIALS, { workdir, retry: { initialDelayMs: 1, maxDelayMs: 2 }, ...options });

function debugLines() {
  const lines: Array<{ message: string; fields: LogFields | undefined }> = [];
  const ignore = () => {};
  const logger: Logger = {
    debug: (message, fields) => void lines.push({ message, fields }),
    info: ignore,
    warn: ignore,
    error: ignore,
  };
  return { logger, lines };
}

describe('the workdir on this machine', () => {
  it('is created before the first submit, and not again by later submits of the same connector', async () => {
    const workdir = join(cluster().workdir, 'jobs');
    const slurm = connect(workdir);
    await slurm.submitJob({ code: 'print(1)' });
    expect(existsSync(workdir)).toBe(true);
    rmSync(workdir, { recursive: true });
    await slurm.submitJob({ code: 'print(2)' });
    await Promise.all([slurm.submitJob({ code: 'print(3)' }), slurm.submitJob({ code: 'print(4)' })]);
    expect(existsSync(workdir)).toBe(false);
    // Once per connector: another connector creates it again.
    await connect(workdir).submitJob({ code: 'print(5)' });
    expect(existsSync(workdir)).toBe(true);
  });

  it('is created by the next submit after a failed try, which is logged and does not fail the submit', async () => {
    const blocker = join(cluster().workdir, 'blocker');
    writeFileSync(blocker, 'a file where a directory should be');
    const workdir = join(blocker, 'jobs');
    const { logger, lines } = debugLines();
    const slurm = connect(workdir, { logger });
    await expect(slurm.submitJob({ code: 'print(1)' })).resolves.toBe('4');
    expect(existsSync(workdir)).toBe(false);
    expect(lines).toContainEqual({
      message: 'could not create the workdir on this machine',
      fields: expect.objectContaining({ workdir }),
    });
    rmSync(blocker);
    await slurm.submitJob({ code: 'print(2)' });
    expect(existsSync(workdir)).toBe(true);
  });

  it('is never created when createWorkdir is false', async () => {
    const workdir = join(cluster().workdir, 'elsewhere');
    await connect(workdir, { createWorkdir: false }).submitJob({ code: 'print(1)' });
    expect(existsSync(workdir)).toBe(false);
  });
});
