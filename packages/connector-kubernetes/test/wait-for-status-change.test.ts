/** waitForStatusChange: a watch on the Job wakes the wait when its status changes, on the cluster's clock. */
import { JobStatus, OperationAbortedError } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { useInProcessCluster } from './support/in-process.js';

const cluster = useInProcessCluster({ defaultQueueMs: 100, defaultStartingMs: 100 });

/** Runs `wait` while moving the clock on in steps, and says how far the clock had moved when it settled. */
async function whileAdvancing<T>(wait: Promise<T>, stepMs = 50, maxSteps = 200) {
  const started = cluster.clock.now();
  let settled = false;
  const done = wait.finally(() => {
    settled = true;
  });
  for (let step = 0; step < maxSteps && !settled; step++) await cluster.clock.advance(stepMs);
  return { value: await done, afterMs: cluster.clock.now() - started };
}

describe('waitForStatusChange', () => {
  it('wakes on each change, through pending, running and succeeded, soon after it happens', async () => {
    const connector = cluster.connect();
    const id = await connector.submitJob({ code: '# @fake duration=2s' });
    const running = await whileAdvancing(
      connector.waitForStatusChange(id, { since: JobStatus.PENDING, timeoutMs: 60_000 }),
    );
    expect(running.value).toEqual({ status: JobStatus.RUNNING, changed: true });
    expect(running.afterMs).toBeLessThanOrEqual(300);
    const done = await whileAdvancing(
      connector.waitForStatusChange(id, { since: JobStatus.RUNNING, timeoutMs: 60_000 }),
    );
    expect(done.value).toEqual({ status: JobStatus.SUCCEEDED, changed: true });
    expect(done.afterMs).toBeGreaterThanOrEqual(1_950);
    expect(done.afterMs).toBeLessThanOrEqual(2_150);
    const watches = cluster.fake.requests.filter((r) => r.path.endsWith('/jobs') && r.method === 'GET');
    expect(watches.length).toBeGreaterThan(0);
  });

  it('answers at once when the status already differs, and unchanged after the timeout', async () => {
    const connector = cluster.connect();
    const id = await connector.submitJob({ code: '# @fake forever' });
    expect(await connector.waitForStatusChange(id, { since: JobStatus.RUNNING, timeoutMs: 10_000 })).toEqual({
      status: JobStatus.PENDING,
      changed: true,
    });
    await cluster.clock.advance(500);
    const unchanged = await whileAdvancing(
      connector.waitForStatusChange(id, { since: JobStatus.RUNNING, timeoutMs: 3_000 }),
      250,
    );
    expect(unchanged.value).toEqual({ status: JobStatus.RUNNING, changed: false });
    expect(unchanged.afterMs).toBeGreaterThanOrEqual(3_000);
    expect(unchanged.afterMs).toBeLessThan(3_600);
  });

  it('wakes when the Job is cancelled (deleted), and stops when aborted', async () => {
    const connector = cluster.connect();
    const id = await connector.submitJob({ code: '# @fake forever' });
    await cluster.clock.advance(500);
    const waiting = connector.waitForStatusChange(id, { since: JobStatus.RUNNING, timeoutMs: 60_000 });
    await cluster.clock.advance(100);
    await cluster.connect().cancelJob(id);
    expect((await whileAdvancing(waiting)).value).toEqual({ status: JobStatus.CANCELLED, changed: true });

    const other = await connector.submitJob({ code: '# @fake forever' });
    const controller = new AbortController();
    const aborted = connector.waitForStatusChange(other, {
      since: JobStatus.PENDING,
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(OperationAbortedError);
  });
});
