import { describe, expect, it } from 'vitest';
import {
  batchSubmitJobs,
  CloudConnectionError,
  CloudException,
  CloudExecutionError,
  InvalidParameterError,
  OperationAbortedError,
  type SubmitJobRequest,
} from '../src/index.js';
import { createManualClock } from '../src/testing/index.js';
import { NO_CAPABILITIES, scriptedConnector, until } from './support.js';

const jobs = (count: number): SubmitJobRequest[] =>
  Array.from({ length: count }, (_, index) => ({ code: `print(${index})`, jobName: `job-${index}` }));

/** A connector whose submits stay in flight until released, so concurrency can be measured. */
function gatedConnector(options: { idempotency?: boolean } = {}) {
  let inFlight = 0;
  let maxInFlight = 0;
  const pending: (() => void)[] = [];
  const requests: SubmitJobRequest[] = [];
  const connector = scriptedConnector([], {
    capabilities: { ...NO_CAPABILITIES, idempotency: options.idempotency ?? false },
    submitJob: async (request) => {
      requests.push(request);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise<void>((resolve) => pending.push(resolve));
      inFlight--;
      return `id-${request.jobName}`;
    },
  });
  return {
    connector,
    requests,
    pending,
    get maxInFlight() {
      return maxInFlight;
    },
  };
}

describe('batchSubmitJobs', () => {
  it('returns one id per job, lined up with the input', async () => {
    const connector = scriptedConnector([], { submitJob: async (request) => `id-${request.jobName}` });
    const result = await batchSubmitJobs(connector, jobs(5), { concurrency: 2 });
    expect(result.jobIds).toEqual(['id-job-0', 'id-job-1', 'id-job-2', 'id-job-3', 'id-job-4']);
    expect(result.failures).toEqual([]);
    expect(result.aborted).toBe(false);
  });

  it('keeps a null in place of each failed job, and reports every failure with its error', async () => {
    const refusal = new CloudExecutionError('quota exceeded');
    const connector = scriptedConnector([], {
      submitJob: async (request) => {
        if (request.jobName === 'job-1') throw refusal;
        if (request.jobName === 'job-3') throw new TypeError('connector bug');
        return `id-${request.jobName}`;
      },
    });
    const result = await batchSubmitJobs(connector, jobs(5));
    expect(result.jobIds).toEqual(['id-job-0', null, 'id-job-2', null, 'id-job-4']);
    expect(result.failures.map((failure) => failure.index)).toEqual([1, 3]);
    expect(result.failures[0]?.error).toBe(refusal);
    expect(CloudException.isInstance(result.failures[1]?.error)).toBe(true);
    expect(result.failures[1]?.error.cause).toBeInstanceOf(TypeError);
  });

  it('fails a malformed job on its own, without sending it', async () => {
    const connector = scriptedConnector([]);
    const result = await batchSubmitJobs(connector, [
      { code: 'ok' },
      { code: '' },
      { code: 'ok', gpu_count: 1 } as never,
    ]);
    expect(result.jobIds).toEqual(['job-1', null, null]);
    expect(result.failures.map((failure) => InvalidParameterError.isInstance(failure.error))).toEqual([
      true,
      true,
    ]);
    expect(connector.calls.filter((call) => call.method === 'submitJob')).toHaveLength(1);
  });

  it('never has more submits in flight than the concurrency allows', async () => {
    const gate = gatedConnector();
    const done = batchSubmitJobs(gate.connector, jobs(10), { concurrency: 3 });
    for (let released = 0; released < 10; released++) {
      await until(() => gate.pending.length > 0);
      gate.pending.shift()!();
    }
    const result = await done;
    expect(gate.maxInFlight).toBe(3);
    expect(result.jobIds.every((id) => id !== null)).toBe(true);
  });

  it('reports progress after every job', async () => {
    const progress: string[] = [];
    const connector = scriptedConnector([], {
      submitJob: async (request) => {
        if (request.jobName === 'job-0') throw new CloudExecutionError('no');
        return 'id';
      },
    });
    await batchSubmitJobs(connector, jobs(3), {
      concurrency: 1,
      onProgress: (p) => progress.push(`${p.done}/${p.total} ok=${p.succeeded} failed=${p.failed}`),
    });
    expect(progress).toEqual(['1/3 ok=0 failed=1', '2/3 ok=1 failed=1', '3/3 ok=2 failed=1']);
  });

  it('gives every job its own idempotency key, keeping one the caller set', async () => {
    const gate = gatedConnector();
    const input = [...jobs(3), { code: 'x', jobName: 'mine', idempotencyKey: 'caller-key' }];
    const done = batchSubmitJobs(gate.connector, input, { concurrency: 4 });
    await until(() => gate.pending.length === 4);
    for (const release of gate.pending.splice(0)) release();
    const result = await done;
    expect(new Set(result.idempotencyKeys).size).toBe(4);
    expect(result.idempotencyKeys[3]).toBe('caller-key');
    expect(gate.requests.map((request) => request.idempotencyKey)).toEqual(
      expect.arrayContaining([...result.idempotencyKeys]),
    );
  });

  it('retries a failed submit with the same key when the connector claims idempotency', async () => {
    const clock = createManualClock(0);
    const keysSent: (string | undefined)[] = [];
    const connector = scriptedConnector([], {
      capabilities: { ...NO_CAPABILITIES, idempotency: true },
      submitJob: async (request) => {
        keysSent.push(request.idempotencyKey);
        if (keysSent.length === 1) throw new CloudConnectionError('timeout after the platform got it');
        return 'job-a';
      },
    });
    const done = batchSubmitJobs(connector, jobs(1), { clock, retry: { random: () => 0 } });
    await until(() => clock.pendingSleepers === 1);
    await clock.advance(0);
    const result = await done;
    expect(result.jobIds).toEqual(['job-a']);
    expect(keysSent).toHaveLength(2);
    expect(keysSent[0]).toBe(keysSent[1]);
    expect(keysSent[0]).toBe(result.idempotencyKeys[0]);
  });

  it('never retries a submit when the connector does not claim idempotency', async () => {
    let calls = 0;
    const connector = scriptedConnector([], {
      submitJob: async () => {
        calls++;
        throw new CloudConnectionError('maybe submitted, maybe not');
      },
    });
    const result = await batchSubmitJobs(connector, jobs(1));
    expect(calls).toBe(1);
    expect(result.jobIds).toEqual([null]);
    expect(CloudConnectionError.isInstance(result.failures[0]?.error)).toBe(true);
  });

  it('stops starting jobs when aborted, passes the abort to those in flight, and reports the rest', async () => {
    const controller = new AbortController();
    const gate = gatedConnector();
    const done = batchSubmitJobs(gate.connector, jobs(6), { concurrency: 2, signal: controller.signal });
    await until(() => gate.pending.length === 2);
    controller.abort();
    expect(gate.requests.every((request) => request.signal?.aborted)).toBe(true);
    for (const release of gate.pending.splice(0)) release();
    const result = await done;
    expect(result.aborted).toBe(true);
    expect(gate.requests).toHaveLength(2);
    expect(result.jobIds).toEqual(['id-job-0', 'id-job-1', null, null, null, null]);
    expect(result.failures.map((failure) => failure.index)).toEqual([2, 3, 4, 5]);
    expect(result.failures.every((failure) => OperationAbortedError.isInstance(failure.error))).toBe(true);
  });

  it('refuses a concurrency that would submit nothing or everything at once', async () => {
    const connector = scriptedConnector([]);
    for (const concurrency of [0, Number.NaN, 1.5, -1]) {
      await expect(batchSubmitJobs(connector, jobs(2), { concurrency })).rejects.toSatisfy(
        InvalidParameterError.isInstance,
      );
    }
    await expect(batchSubmitJobs(connector, 'jobs' as never)).rejects.toSatisfy(
      InvalidParameterError.isInstance,
    );
    expect(connector.calls).toEqual([]);
  });

  it('handles an empty batch', async () => {
    await expect(batchSubmitJobs(scriptedConnector([]), [])).resolves.toMatchObject({
      jobIds: [],
      failures: [],
    });
  });
});
