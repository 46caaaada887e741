import { describe, expect, it } from 'vitest';
import { InvalidParameterError, OperationAbortedError, systemClock, timeoutSignal } from '../src/index.js';
import { createManualClock } from '../src/testing/index.js';

describe('createManualClock', () => {
  it('only moves when told, waking sleepers in time order', async () => {
    const clock = createManualClock(1000);
    const woke: string[] = [];
    void clock.sleep(300).then(() => woke.push(`b@${clock.now()}`));
    void clock.sleep(100).then(() => woke.push(`a@${clock.now()}`));
    expect(clock.pendingSleepers).toBe(2);
    await clock.advance(200);
    expect(woke).toEqual(['a@1100']);
    expect(clock.now()).toBe(1200);
    expect(await clock.runNext()).toBe(true);
    expect(woke).toEqual(['a@1100', 'b@1300']);
    expect(await clock.runNext()).toBe(false);
  });

  it('rejects a sleeper at once when its signal aborts', async () => {
    const clock = createManualClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(1000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toSatisfy(OperationAbortedError.isInstance);
    expect(clock.pendingSleepers).toBe(0);
  });

  it('treats a NaN delay as none and refuses to move time by a bad amount', async () => {
    const clock = createManualClock(0);
    const sleeping = clock.sleep(Number.NaN);
    await clock.advance(0);
    await sleeping;
    expect(clock.now()).toBe(0);
    await expect(clock.advance(-1)).rejects.toSatisfy(InvalidParameterError.isInstance);
  });

  it('never moves time to infinity for a sleeper that waits forever', async () => {
    const clock = createManualClock(0);
    void clock.sleep(Number.POSITIVE_INFINITY);
    expect(await clock.runNext()).toBe(false);
    expect(clock.now()).toBe(0);
  });
});

describe('systemClock', () => {
  it('reads real time and rejects a sleep at once when aborted', async () => {
    expect(Math.abs(systemClock.now() - Date.now())).toBeLessThan(50);
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toSatisfy(OperationAbortedError.isInstance);
    await expect(systemClock.sleep(1, AbortSignal.abort())).rejects.toSatisfy(
      OperationAbortedError.isInstance,
    );
  });
});

describe('timeoutSignal', () => {
  it('refuses a NaN or negative time, naming it, as AbortSignal.timeout refuses one', () => {
    for (const ms of [Number.NaN, -1]) {
      expect(() => timeoutSignal(systemClock, ms)).toThrow(InvalidParameterError);
      expect(() => timeoutSignal(systemClock, ms)).toThrow(/ms: must be a number of at least 0/);
    }
  });

  it('aborts with a TimeoutError once its time passes on the clock, and not before', async () => {
    const clock = createManualClock(0);
    const { signal } = timeoutSignal(clock, 1_000);
    await clock.advance(999);
    expect(signal.aborted).toBe(false);
    await clock.advance(1);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toMatchObject({ name: 'TimeoutError', message: 'timed out after 1000 ms' });
  });

  it('leaves no sleeper behind once cleared, and then never aborts', async () => {
    const clock = createManualClock(0);
    const timeout = timeoutSignal(clock, 1_000);
    expect(clock.pendingSleepers).toBe(1);
    timeout.clear();
    await clock.advance(0);
    expect(clock.pendingSleepers).toBe(0);
    await clock.advance(5_000);
    expect(timeout.signal.aborted).toBe(false);
  });

  it('on the system clock, fires on a real timer that does not keep the process alive', async () => {
    const keepingAlive = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    const before = keepingAlive();
    const cleared = timeoutSignal(systemClock, 60_000);
    expect(keepingAlive()).toBe(before);
    cleared.clear();
    const { signal } = timeoutSignal(systemClock, 0);
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    expect(signal.reason).toMatchObject({ name: 'TimeoutError' });
    expect(cleared.signal.aborted).toBe(false);
  });
});
