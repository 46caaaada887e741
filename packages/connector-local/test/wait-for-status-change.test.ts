import { OperationAbortedError, type StatusChange } from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import { describe, expect, it } from 'vitest';
import { localConnector, logContains, RUNS_UNTIL_STOPPED } from './support.js';

/** Resolves once something sleeps on `clock` (the wait has read the record and polls on the clock) or `done()`. */
async function sleeping(clock: ReturnType<typeof createManualClock>, done = () => false): Promise<void> {
  for (let turn = 0; turn < 1_000_000 && clock.pendingSleepers === 0 && !done(); turn++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (!done()) expect(clock.pendingSleepers).toBeGreaterThan(0);
}

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
    // Only while the wait sleeps on the clock: moved during a read of the job's record (real file I/O), the
    // clock would race the disk, and how far it got would depend on the machine's load.
    await sleeping(clock, () => outcome !== undefined);
    if (outcome) break;
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
    const jobId = await connector.submitJob({ code: RUNS_UNTIL_STOPPED });
    // The job is ended on the real clock while this connector's clock stands still: the test, not the machine's
    // load, decides that the process ends before the manual clock could reach the wait's timeout.
    const onRealClock = await localConnector({ root: connector.root });
    await logContains(onRealClock, jobId, 'ready');
    let resolved = false;
    const waiting = connector.waitForStatusChange(jobId, { since: 'running', timeoutMs: 86_400_000 });
    waiting.then(
      () => {
        resolved = true;
      },
      () => {},
    );
    await sleeping(clock);
    expect(await onRealClock.cancelJob(jobId)).toBe(true);
    // No file event wakes it (watching is off), and its clock has not moved: it is still waiting.
    await clock.advance(0);
    expect(resolved).toBe(false);
    const { value, advanced } = await settleMoving(clock, waiting, 10);
    expect(value).toEqual({ status: 'cancelled', changed: true });
    expect(advanced).toBeGreaterThan(0);
    // Noticed within one capped delay (at most 2 s), not at the one-day timeout.
    expect(advanced).toBeLessThanOrEqual(2_000);
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
