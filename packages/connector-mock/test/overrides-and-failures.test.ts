import {
  CloudConnectionError,
  JobResult,
  JobStatus,
  type JobSummary,
  OperationAbortedError,
  RateLimitError,
} from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import { describe, expect, it } from 'vitest';
import { MockConnector } from '../src/index.js';

describe('overrides', () => {
  it('a value is returned by every call', async () => {
    const connector = new MockConnector({ overrides: { getJobStatus: JobStatus.RUNNING } });
    expect(await connector.getJobStatus('any-id')).toBe(JobStatus.RUNNING);
    expect(await connector.getJobStatus('other-id')).toBe(JobStatus.RUNNING);
  });

  it('a list gives one value per call, then repeats the last', async () => {
    const connector = new MockConnector({
      overrides: { getJobStatus: [JobStatus.PENDING, JobStatus.RUNNING, JobStatus.SUCCEEDED] },
    });
    const seen = [];
    for (let i = 0; i < 5; i++) seen.push(await connector.getJobStatus('job-1'));
    expect(seen).toEqual(['pending', 'running', 'succeeded', 'succeeded', 'succeeded']);
  });

  it('a function is called with the arguments', async () => {
    const connector = new MockConnector({
      overrides: {
        getJobResult: (jobId) => new JobResult({ jobId, status: JobStatus.SUCCEEDED, output: jobId }),
      },
    });
    expect((await connector.getJobResult('job-7')).output).toBe('job-7');
  });

  it('a function that throws makes the call throw, and the error is recorded', async () => {
    const connector = new MockConnector({
      overrides: {
        cancelJob: () => {
          throw new RateLimitError('slow down', { retryAfterMs: 10 });
        },
      },
    });
    await expect(connector.cancelJob('job-1')).rejects.toBeInstanceOf(RateLimitError);
    expect(connector.calls.cancelJob[0]).toMatchObject({ state: 'threw', error: expect.any(RateLimitError) });
  });

  it('for array results, a plain array is one value and an array of arrays is a list', async () => {
    const summary: JobSummary = {
      id: 'job-1',
      name: undefined,
      status: JobStatus.RUNNING,
      rawState: 'RUNNING',
      createdAt: new Date(0),
    };
    const single = new MockConnector({ overrides: { listJobs: [summary] } });
    expect(await single.listJobs()).toEqual([summary]);
    expect(await single.listJobs()).toEqual([summary]);
    const empty = new MockConnector({ overrides: { listJobs: [] } });
    expect(await empty.listJobs()).toEqual([]);
    const list = new MockConnector({ overrides: { listJobs: [[summary], []] } });
    expect(await list.listJobs()).toEqual([summary]);
    expect(await list.listJobs()).toEqual([]);
  });

  it('streams the given chunks from followLogs', async () => {
    const connector = new MockConnector({ overrides: { followLogs: ['a\n', 'b\n'] } });
    const chunks: string[] = [];
    for await (const chunk of connector.followLogs('job-1')) chunks.push(chunk);
    expect(chunks).toEqual(['a\n', 'b\n']);
    expect(connector.calls.followLogs[0]).toMatchObject({ state: 'returned', result: ['a\n', 'b\n'] });
  });

  it('still validates arguments first', async () => {
    const connector = new MockConnector({ overrides: { getJobStatus: JobStatus.RUNNING } });
    await expect(connector.getJobStatus('')).rejects.toThrow(/jobId/);
  });

  it('can be set and cleared after construction', async () => {
    const connector = new MockConnector({ durationMs: 0, queueMs: 0 });
    const jobId = await connector.submitJob({ code: 'x = 1' });
    connector.override('getJobStatus', JobStatus.UNKNOWN);
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.UNKNOWN);
    connector.clearOverride('getJobStatus');
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.SUCCEEDED);
  });

  it('refuses an empty list for a method whose result is not an array', () => {
    expect(() => new MockConnector({ overrides: { getJobStatus: [] } })).toThrow(/must not be empty/);
  });
});

describe('call recording', () => {
  it('records every call with its args, outcome and clock time', async () => {
    const clock = createManualClock(1_000);
    const connector = new MockConnector({ clock });
    const jobId = await connector.submitJob({ code: 'x = 1', jobName: 'a' });
    await clock.advance(5);
    await connector.getJobStatus(jobId);
    await connector.getJobStatus('missing').catch(() => {});
    expect(connector.calls.submitJob).toEqual([
      { args: [{ code: 'x = 1', jobName: 'a' }], at: 1_000, state: 'returned', result: jobId },
    ]);
    expect(connector.calls.getJobStatus).toEqual([
      { args: [jobId, {}], at: 1_005, state: 'returned', result: JobStatus.PENDING },
      expect.objectContaining({ args: ['missing', {}], at: 1_005, state: 'threw' }),
    ]);
    expect(connector.calls.cancelJob).toEqual([]);
    connector.resetCalls();
    expect(connector.calls.submitJob).toEqual([]);
  });

  it('records a hanging call as pending', async () => {
    const connector = new MockConnector().hang('getLogs');
    const controller = new AbortController();
    const pending = connector
      .getLogs('job-1', { signal: controller.signal })
      .catch((error: unknown) => error);
    await Promise.resolve();
    expect(connector.calls.getLogs[0]!.state).toBe('pending');
    controller.abort();
    await pending;
    expect(connector.calls.getLogs[0]!.state).toBe('threw');
  });
});

describe('failNext', () => {
  it('fails the next n calls with a retryable CloudConnectionError, then recovers', async () => {
    const connector = new MockConnector();
    connector.failNext('listJobs', 2);
    await expect(connector.listJobs()).rejects.toBeInstanceOf(CloudConnectionError);
    await expect(connector.listJobs()).rejects.toMatchObject({ retryable: true, code: 'INJECTED_FAILURE' });
    await expect(connector.listJobs()).resolves.toEqual([]);
  });

  it('throws the given error', async () => {
    const connector = new MockConnector();
    const error = new RateLimitError('too many', { retryAfterMs: 50 });
    connector.failNext('authenticate', 1, error);
    await expect(connector.authenticate()).rejects.toBe(error);
    await expect(connector.authenticate()).resolves.toBe(true);
  });

  it('before the call has any effect, by default', async () => {
    const connector = new MockConnector();
    connector.failNext('submitJob');
    await expect(connector.submitJob({ code: 'x = 1' })).rejects.toThrow();
    expect(await connector.listJobs()).toEqual([]);
  });

  it('refuses an unknown method, a bad count, or an error outside the family', () => {
    const connector = new MockConnector();
    expect(() => connector.failNext('nope' as never)).toThrow(/method/);
    expect(() => connector.failNext('listJobs', 0)).toThrow(/n/);
    expect(() => connector.failNext('listJobs', 1, new Error('x') as never)).toThrow(/CloudException/);
  });
});

describe('hang', () => {
  it('makes a call hang until its signal aborts, then rejects with OperationAbortedError', async () => {
    const connector = new MockConnector().hang('getJobStatus');
    const controller = new AbortController();
    const call = connector.getJobStatus('job-1', { signal: controller.signal });
    let settled = false;
    void call.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    controller.abort(new Error('test gave up'));
    const error = await call.catch((caught: unknown) => caught);
    expect(OperationAbortedError.isInstance(error)).toBe(true);
    expect((error as OperationAbortedError).cause).toEqual(new Error('test gave up'));
  });

  it('hangs only `times` calls when asked', async () => {
    const connector = new MockConnector({ queueMs: 0 }).hang('submitJob', { times: 1 });
    const controller = new AbortController();
    const first = connector.submitJob({ code: 'x = 1', signal: controller.signal });
    await expect(connector.submitJob({ code: 'x = 2' })).resolves.toMatch(/^mock-job-/);
    controller.abort();
    await expect(first).rejects.toBeInstanceOf(OperationAbortedError);
  });

  it('releases hanging calls on resume', async () => {
    const connector = new MockConnector().hang('getResourceUsage');
    const call = connector.getResourceUsage();
    connector.resume('getResourceUsage');
    await expect(call).resolves.toMatchObject({ totalGpus: 8 });
  });

  it('rejects at once when the signal was already aborted', async () => {
    const connector = new MockConnector();
    await expect(connector.listJobs({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      OperationAbortedError,
    );
  });
});
