import { describe, expect, it } from 'vitest';
import {
  CloudConnectionError,
  CloudExecutionError,
  InvalidParameterError,
  JobNotFoundError,
  type JobStatusChange,
  JobTimeoutError,
  OperationAbortedError,
  supportsIdempotentSubmit,
  waitForCompletion,
  watchJob,
} from '../src/index.js';
import { createManualClock } from '../src/testing/index.js';
import { driveUntilSettled, NO_CAPABILITIES, scriptedConnector, until } from './support.js';

const statusCallTimes = (connector: ReturnType<typeof scriptedConnector>, clock: { now(): number }) =>
  connector.calls.filter((call) => call.method === 'getJobStatus').map(() => clock.now());

describe('waitForCompletion', () => {
  it('polls until a terminal status and returns the job result', async () => {
    const clock = createManualClock(0);
    const connector = scriptedConnector(['pending', 'running', 'running', 'succeeded']);
    const seen: JobStatusChange[] = [];
    const { value } = await driveUntilSettled(
      clock,
      waitForCompletion(connector, 'job-1', {
        clock,
        pollIntervalMs: 100,
        onStatus: (change) => seen.push(change),
      }),
    );
    expect(value?.status).toBe('succeeded');
    expect(seen.map((change) => [change.previous, change.status])).toEqual([
      [undefined, 'pending'],
      ['pending', 'running'],
      ['running', 'succeeded'],
    ]);
    expect(connector.calls.map((call) => call.method).at(-1)).toBe('getJobResult');
  });

  it('backs off while nothing changes, within 5% of the time waited and the maximum, and resets on a change', async () => {
    const clock = createManualClock(0);
    const times: number[] = [];
    const statuses = [
      'pending',
      'pending',
      'pending',
      'pending',
      'pending',
      'running',
      'running',
      'succeeded',
    ] as const;
    const connector = scriptedConnector([], {
      getJobStatus: async () => {
        times.push(clock.now());
        return statuses[times.length - 1]!;
      },
    });
    await driveUntilSettled(
      clock,
      waitForCompletion(connector, 'job-1', {
        clock,
        pollIntervalMs: 100,
        backoffFactor: 2,
        maxPollIntervalMs: 500,
      }),
    );
    const gaps = times.slice(1).map((time, index) => time - times[index]!);
    // Each delay is the backoff (×2 from 100, reset on a change), capped at max(100, 5% of the time waited).
    expect(gaps).toEqual([100, 100, 100, 100, 100, 100, 100]);
  });

  it('throws JobTimeoutError with the last status on timeout, without cancelling by default', async () => {
    const clock = createManualClock(0);
    const connector = scriptedConnector(['running']);
    const { error } = await driveUntilSettled(
      clock,
      waitForCompletion(connector, 'job-1', { clock, pollIntervalMs: 1000, timeoutMs: 10_000 }),
    );
    expect(JobTimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ jobId: 'job-1', lastStatus: 'running', cancelled: false });
    expect(clock.now()).toBe(10_000);
    expect(connector.calls.some((call) => call.method === 'cancelJob')).toBe(false);
  });

  it('cancels the job on timeout when asked', async () => {
    const clock = createManualClock(0);
    const connector = scriptedConnector(['pending']);
    const { error } = await driveUntilSettled(
      clock,
      waitForCompletion(connector, 'job-1', { clock, timeoutMs: 5_000, cancelOnTimeout: true }),
    );
    expect(error).toMatchObject({ cancelled: true });
    expect(connector.calls.filter((call) => call.method === 'cancelJob')).toEqual([
      { method: 'cancelJob', args: ['job-1'] },
    ]);
  });

  it('still reports the timeout when the cancel itself fails, keeping that failure as the cause', async () => {
    const clock = createManualClock(0);
    const cancelFailure = new CloudConnectionError('cancel failed');
    const connector = scriptedConnector(['running'], {
      cancelJob: async () => {
        throw cancelFailure;
      },
    });
    const { error } = await driveUntilSettled(
      clock,
      waitForCompletion(connector, 'job-1', { clock, timeoutMs: 1_000, cancelOnTimeout: true }),
    );
    expect(JobTimeoutError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBe(cancelFailure);
  });

  it('times out on time even when a status call hangs', async () => {
    const clock = createManualClock(0);
    let signalOfHungCall: AbortSignal | undefined;
    const connector = scriptedConnector([], {
      getJobStatus: (_id, options) => {
        signalOfHungCall = options?.signal;
        return new Promise(() => {});
      },
    });
    const { error } = await driveUntilSettled(
      clock,
      waitForCompletion(connector, 'job-1', { clock, timeoutMs: 3_000 }),
    );
    expect(JobTimeoutError.isInstance(error)).toBe(true);
    expect(clock.now()).toBe(3_000);
    expect(signalOfHungCall?.aborted, 'the hung call is told to stop').toBe(true);
  });

  it('never loops forever on UNKNOWN', async () => {
    const clock = createManualClock(0);
    const connector = scriptedConnector(['unknown']);
    const { error } = await driveUntilSettled(
      clock,
      waitForCompletion(connector, 'job-1', {
        clock,
        timeoutMs: Number.POSITIVE_INFINITY,
        maxConsecutiveUnknown: 5,
      }),
    );
    expect(CloudExecutionError.isInstance(error)).toBe(true);
    expect((error as CloudExecutionError).code).toBe('STATUS_UNKNOWN');
    expect(connector.calls.filter((call) => call.method === 'getJobStatus')).toHaveLength(5);
    expect(connector.calls.some((call) => call.method === 'cancelJob')).toBe(false);
  });

  it('lets UNKNOWN between known statuses pass', async () => {
    const clock = createManualClock(0);
    const connector = scriptedConnector(['running', 'unknown', 'unknown', 'running', 'unknown', 'succeeded']);
    const { value } = await driveUntilSettled(
      clock,
      waitForCompletion(connector, 'job-1', { clock, maxConsecutiveUnknown: 3 }),
    );
    expect(value?.status).toBe('succeeded');
  });

  it('retries transient status failures', async () => {
    const clock = createManualClock(0);
    const connector = scriptedConnector([
      new CloudConnectionError('blip'),
      'running',
      new CloudConnectionError('blip'),
      'succeeded',
    ]);
    const { value } = await driveUntilSettled(clock, waitForCompletion(connector, 'job-1', { clock }));
    expect(value?.status).toBe('succeeded');
  });

  it('never cancels because a status call failed', async () => {
    const clock = createManualClock(0);
    const connector = scriptedConnector(['running', new JobNotFoundError('job-1')]);
    const { error } = await driveUntilSettled(
      clock,
      waitForCompletion(connector, 'job-1', { clock, cancelOnTimeout: true, timeoutMs: 60_000 }),
    );
    expect(JobNotFoundError.isInstance(error)).toBe(true);
    expect(connector.calls.some((call) => call.method === 'cancelJob')).toBe(false);
  });

  it('stops at once when the signal aborts, mid-wait', async () => {
    const clock = createManualClock(0);
    const controller = new AbortController();
    const connector = scriptedConnector(['running']);
    const done = waitForCompletion(connector, 'job-1', {
      clock,
      signal: controller.signal,
      pollIntervalMs: 10_000,
    });
    done.catch(() => {});
    await until(() => clock.pendingSleepers === 1);
    controller.abort();
    await expect(done).rejects.toSatisfy(OperationAbortedError.isInstance);
    expect(clock.now()).toBe(0);
    expect(clock.pendingSleepers).toBe(0);
    expect(connector.calls.some((call) => call.method === 'cancelJob')).toBe(false);
  });

  it('stops at once when the signal aborts, mid-call', async () => {
    const controller = new AbortController();
    const connector = scriptedConnector([], { getJobStatus: () => new Promise(() => {}) });
    const done = waitForCompletion(connector, 'job-1', {
      clock: createManualClock(0),
      signal: controller.signal,
    });
    controller.abort();
    await expect(done).rejects.toSatisfy(OperationAbortedError.isInstance);
  });

  it('refuses options that would make the wait unbounded, and a bad job id, before polling', async () => {
    const connector = scriptedConnector(['running']);
    for (const options of [{ timeoutMs: Number.NaN }, { pollIntervalMs: -1 }, { maxConsecutiveUnknown: 0 }]) {
      await expect(waitForCompletion(connector, 'job-1', options)).rejects.toSatisfy(
        InvalidParameterError.isInstance,
      );
    }
    await expect(waitForCompletion(connector, '')).rejects.toSatisfy(InvalidParameterError.isInstance);
    expect(connector.calls).toEqual([]);
  });
});

describe('watchJob', () => {
  it('yields each status change, ending with the terminal one', async () => {
    const clock = createManualClock(0);
    const connector = scriptedConnector(['pending', 'pending', 'running', 'failed']);
    const collect = async () => {
      const statuses: string[] = [];
      for await (const change of watchJob(connector, 'job-1', { clock, pollIntervalMs: 10 }))
        statuses.push(change.status);
      return statuses;
    };
    const { value } = await driveUntilSettled(clock, collect());
    expect(value).toEqual(['pending', 'running', 'failed']);
    expect(connector.calls.some((call) => call.method === 'getJobResult')).toBe(false);
  });

  it('stops polling when the consumer stops reading', async () => {
    const clock = createManualClock(0);
    const connector = scriptedConnector(['running']);
    for await (const change of watchJob(connector, 'job-1', { clock })) {
      expect(change.status).toBe('running');
      break;
    }
    expect(statusCallTimes(connector, clock)).toHaveLength(1);
    expect(clock.pendingSleepers).toBe(0);
  });
});

describe('supportsIdempotentSubmit', () => {
  it('reads the idempotency capability', () => {
    expect(supportsIdempotentSubmit(scriptedConnector([]))).toBe(false);
    expect(
      supportsIdempotentSubmit(
        scriptedConnector([], { capabilities: { ...NO_CAPABILITIES, idempotency: true } }),
      ),
    ).toBe(true);
  });
});
