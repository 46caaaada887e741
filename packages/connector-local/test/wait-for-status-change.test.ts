import { createManualClock, OperationAbortedError, type StatusChange } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { localConnector, logContains, RUNS_UNTIL_STOPPED } from './support.js';

/** Settles `promise` while moving the manual clock in `stepMs` steps (the job itself runs in real time). */
async function settleMoving(
  clock: ReturnType<typeof createManualClock>,
  promise: Promise<StatusChange>,
  stepMs = 10,
) {
  let outcome: { value?: StatusChange; error?: unknown } | undefined;
  promise.then(
    (value) => {
      outcome = { value };
    },
    (error: unknown) => {
      outcome = { error };
    },
  );
  let advanced = 0;
  for (let step = 0; step < 200_000 && !outcome; step++) {
    await clock.advance(stepMs);
    advanced += stepMs;
  }
  return { ...outcome, advanced };
}

describe('LocalConnector.waitForStatusChange', () => {
  it('claims the capability', async () => {
    expect((await localConnector()).capabilities.waitForStatusChange).toBe(true);
  });

  it('is woken by the job record changing, with no clock moving at all', async () => {
    const clock = createManualClock();
    const connector = await localConnector({ clock });
    const jobId = await connector.submitJob({ code: 'print("done")' });
    let since = await connector.getJobStatus(jobId);
    const seen = [since];
    while (since === 'pending' || since === 'running') {
      const change = await connector.waitForStatusChange(jobId, { since, timeoutMs: 600_000 });
      expect(change.changed).toBe(true);
      expect(change.status).not.toBe(since);
      since = change.status;
      seen.push(since);
    }
    expect(seen.at(-1)).toBe('succeeded');
    expect(clock.pendingSleepers).toBe(0);
  });

  it('falls back to polling with a capped delay when file watching is off', async () => {
    const clock = createManualClock();
    const connector = await localConnector({ clock, watchFiles: false });
    const jobId = await connector.submitJob({ code: 'print("done")' });
    const before = await connector.getJobStatus(jobId);
    const { value, advanced } = await settleMoving(
      clock,
      connector.waitForStatusChange(jobId, { since: before, timeoutMs: 86_400_000 }),
      1_000,
    );
    expect(value?.changed).toBe(true);
    expect(value?.status).not.toBe(before);
    expect(advanced).toBeGreaterThan(0);
  });

  it('resolves unchanged at its timeout, and stops when its signal aborts', async () => {
    const clock = createManualClock();
    const connector = await localConnector({ clock });
    const jobId = await connector.submitJob({ code: RUNS_UNTIL_STOPPED });
    // Followed and cancelled on the real clock: this connector's own waits are on the manual one.
    const onRealClock = await localConnector({ root: connector.root });
    await logContains(onRealClock, jobId, 'ready');
    const { value, advanced } = await settleMoving(
      clock,
      connector.waitForStatusChange(jobId, { since: 'running', timeoutMs: 1_000 }),
    );
    expect(value).toEqual({ status: 'running', changed: false });
    expect(advanced).toBeGreaterThanOrEqual(1_000);
    const controller = new AbortController();
    const waiting = connector.waitForStatusChange(jobId, {
      since: 'running',
      timeoutMs: 600_000,
      signal: controller.signal,
    });
    controller.abort();
    await expect(waiting).rejects.toSatisfy(OperationAbortedError.isInstance);
    await onRealClock.cancelJob(jobId);
  });
});
