import {
  InvalidParameterError,
  isLegalTransition,
  JobNotFoundError,
  JobStatus,
  waitForCompletion,
} from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import { describe, expect, it } from 'vitest';
import { MockConnector } from '../src/index.js';

function setup(options: ConstructorParameters<typeof MockConnector>[0] = {}) {
  const clock = createManualClock();
  const connector = new MockConnector({ clock, queueMs: 100, durationMs: 1_000, ...options });
  return { clock, connector };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('the job lifecycle', () => {
  it('is PENDING for queueMs, RUNNING for durationMs, then SUCCEEDED', async () => {
    const { clock, connector } = setup();
    const jobId = await connector.submitJob({ code: 'print("hi")' });
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.PENDING);
    await clock.advance(99);
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.PENDING);
    await clock.advance(1);
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.RUNNING);
    await clock.advance(999);
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.RUNNING);
    await clock.advance(1);
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.SUCCEEDED);
  });

  it('only ever moves along legal transitions and stays terminal', async () => {
    const { clock, connector } = setup();
    const jobId = await connector.submitJob({ code: 'x = 1' });
    let previous = await connector.getJobStatus(jobId);
    for (let step = 0; step < 30; step++) {
      await clock.advance(50);
      const status = await connector.getJobStatus(jobId);
      expect(isLegalTransition(previous, status)).toBe(true);
      previous = status;
    }
    expect(previous).toBe(JobStatus.SUCCEEDED);
  });

  it('takes queue and duration from the job code, over the connector defaults', async () => {
    const { clock, connector } = setup();
    const jobId = await connector.submitJob({ code: '# @fake queue=0ms\n# @fake duration=10s\nrun()' });
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.RUNNING);
    await clock.advance(9_999);
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.RUNNING);
    await clock.advance(1);
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.SUCCEEDED);
  });

  it('gives ids that are unique', async () => {
    const { connector } = setup();
    const ids = await Promise.all(Array.from({ length: 50 }, () => connector.submitJob({ code: 'x = 1' })));
    expect(new Set(ids).size).toBe(50);
  });

  it('runs a `forever` job until it is cancelled', async () => {
    const { clock, connector } = setup();
    const jobId = await connector.submitJob({ code: '# @fake forever\nserve()' });
    await clock.advance(24 * 3_600_000);
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.RUNNING);
    expect(await connector.cancelJob(jobId)).toBe(true);
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.CANCELLED);
  });

  it('works with waitForCompletion on a manual clock', async () => {
    const { clock, connector } = setup();
    const jobId = await connector.submitJob({ code: 'print("done")' });
    const seen: JobStatus[] = [];
    const done = waitForCompletion(connector, jobId, {
      clock,
      pollIntervalMs: 50,
      onStatus: (change) => seen.push(change.status),
    });
    await clock.advance(2_000);
    const result = await done;
    expect(result.status).toBe(JobStatus.SUCCEEDED);
    expect(result.output).toBe('done');
    expect(seen).toEqual([JobStatus.PENDING, JobStatus.RUNNING, JobStatus.SUCCEEDED]);
  });
});

describe('results', () => {
  it('carry output, metrics, artifacts, a logs URL and a non-negative duration once the run completed', async () => {
    const { clock, connector } = setup();
    const jobId = await connector.submitJob({
      code: '# @fake duration=2500ms\n# @fake metrics={"accuracy":0.9}\n# @fake artifacts=model.pt\nprint("trained")',
    });
    const running = await connector.getJobResult(jobId);
    expect(running.status).toBe(JobStatus.PENDING);
    expect(running.output).toBeUndefined();
    expect(running.durationSeconds).toBeUndefined();
    await clock.advance(1_100);
    const midway = await connector.getJobResult(jobId);
    expect(midway.status).toBe(JobStatus.RUNNING);
    expect(midway.durationSeconds).toBe(1);
    await clock.advance(5_000);
    const result = await connector.getJobResult(jobId);
    expect(result).toMatchObject({
      jobId,
      status: JobStatus.SUCCEEDED,
      rawState: 'COMPLETED',
      output: 'trained',
      metrics: { accuracy: 0.9 },
      artifacts: ['model.pt'],
      logsUrl: `mock://jobs/${jobId}/logs`,
      durationSeconds: 2.5,
    });
    expect(result.error).toBeUndefined();
  });

  it('of a job whose code asks to fail carry its error', async () => {
    const { clock, connector } = setup();
    const jobId = await connector.submitJob({ code: '# @fake fail="CUDA out of memory"\ntrain()' });
    await clock.advance(5_000);
    const result = await connector.getJobResult(jobId);
    expect(result.status).toBe(JobStatus.FAILED);
    expect(result.rawState).toBe('FAILED');
    expect(result.error).toBe('CUDA out of memory');
    expect(result.durationSeconds).toBe(1);
  });

  it('of a cancelled pending job have a zero duration and no output', async () => {
    const { connector } = setup();
    const jobId = await connector.submitJob({ code: 'print("never")' });
    await connector.cancelJob(jobId);
    const result = await connector.getJobResult(jobId);
    expect(result.status).toBe(JobStatus.CANCELLED);
    expect(result.durationSeconds).toBe(0);
    expect(result.output).toBeUndefined();
  });
});

describe('cancelJob', () => {
  it('stops a running job and returns true', async () => {
    const { clock, connector } = setup();
    const jobId = await connector.submitJob({ code: 'x = 1' });
    await clock.advance(500);
    expect(await connector.cancelJob(jobId)).toBe(true);
    await clock.advance(5_000);
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.CANCELLED);
    expect((await connector.getJobResult(jobId)).durationSeconds).toBe(0.4);
  });

  it('returns false on a finished job and leaves it unchanged', async () => {
    const { clock, connector } = setup();
    const jobId = await connector.submitJob({ code: 'print("ok")' });
    await clock.advance(5_000);
    const before = await connector.getJobResult(jobId);
    expect(await connector.cancelJob(jobId)).toBe(false);
    expect(await connector.getJobResult(jobId)).toEqual(before);
  });

  it('is idempotent: a second cancel returns false', async () => {
    const { connector } = setup();
    const jobId = await connector.submitJob({ code: 'x = 1' });
    expect(await connector.cancelJob(jobId)).toBe(true);
    expect(await connector.cancelJob(jobId)).toBe(false);
  });
});

describe('failJob', () => {
  it('fails a running job now with the given message', async () => {
    const { clock, connector } = setup();
    const jobId = await connector.submitJob({ code: 'print("x")' });
    await clock.advance(200);
    expect(connector.failJob(jobId, 'node lost')).toBe(true);
    const result = await connector.getJobResult(jobId);
    expect(result.status).toBe(JobStatus.FAILED);
    expect(result.error).toBe('node lost');
    expect(await connector.getLogs(jobId)).toContain('failed: node lost');
  });

  it('returns false on a finished job', async () => {
    const { clock, connector } = setup();
    const jobId = await connector.submitJob({ code: 'x = 1' });
    await clock.advance(5_000);
    expect(connector.failJob(jobId)).toBe(false);
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.SUCCEEDED);
  });

  it('throws JobNotFoundError for an unknown id', () => {
    const { connector } = setup();
    expect(() => connector.failJob('nope')).toThrow(JobNotFoundError);
  });
});

describe('listJobs', () => {
  it('lists newest first, honouring limit (default 10)', async () => {
    const { clock, connector } = setup();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(await connector.submitJob({ code: 'x = 1', jobName: `job-${i}` }));
      await clock.advance(10);
    }
    const all = await connector.listJobs();
    expect(all.map((job) => job.id)).toEqual(ids.slice(2).reverse());
    expect(all[0]).toMatchObject({
      id: ids[11],
      name: 'job-11',
      status: JobStatus.PENDING,
      rawState: 'QUEUED',
    });
    expect(all[0]!.createdAt).toBeInstanceOf(Date);
    expect((await connector.listJobs({ limit: 3 })).map((job) => job.id)).toEqual(ids.slice(9).reverse());
  });

  it('keeps submission order among jobs submitted in the same millisecond', async () => {
    const { connector } = setup();
    const first = await connector.submitJob({ code: 'x = 1' });
    const second = await connector.submitJob({ code: 'x = 2' });
    expect((await connector.listJobs()).map((job) => job.id)).toEqual([second, first]);
  });

  it('filters by status', async () => {
    const { clock, connector } = setup();
    const done = await connector.submitJob({ code: '# @fake duration=0ms\nx = 1' });
    const cancelled = await connector.submitJob({ code: 'x = 1' });
    await connector.cancelJob(cancelled);
    await clock.advance(100);
    const running = await connector.submitJob({ code: '# @fake queue=0ms\nx = 1' });
    expect((await connector.listJobs({ statusFilter: JobStatus.SUCCEEDED })).map((j) => j.id)).toEqual([
      done,
    ]);
    expect((await connector.listJobs({ statusFilter: JobStatus.CANCELLED })).map((j) => j.id)).toEqual([
      cancelled,
    ]);
    expect((await connector.listJobs({ statusFilter: JobStatus.RUNNING })).map((j) => j.id)).toEqual([
      running,
    ]);
    expect(await connector.listJobs({ statusFilter: JobStatus.FAILED })).toEqual([]);
  });

  it('rejects bad options with InvalidParameterError', async () => {
    const { connector } = setup();
    await expect(connector.listJobs({ limit: 0 })).rejects.toThrow(InvalidParameterError);
    await expect(connector.listJobs({ limit: 2.5 })).rejects.toThrow(/limit/);
    await expect(connector.listJobs({ statusFilter: 'done' as JobStatus })).rejects.toThrow(/statusFilter/);
  });
});

describe('logs', () => {
  it('contain the lifecycle, the log directives and the output', async () => {
    const { clock, connector } = setup();
    const jobId = await connector.submitJob({
      code: '# @fake log="epoch 1"\n# @fake log="epoch 2"\nprint("accuracy 0.9")',
      resourceConfig: { gpuEnabled: true, gpuCount: 2 },
    });
    expect(await connector.getLogs(jobId)).toMatch(/job mock-job-1 queued\n$/);
    await clock.advance(500); // one third of the run: the first of two log lines
    const midway = await connector.getLogs(jobId);
    expect(midway).toContain('started on standard with 2 GPU(s)');
    expect(midway).toContain('epoch 1');
    expect(midway).not.toContain('epoch 2');
    await clock.advance(5_000);
    const logs = await connector.getLogs(jobId);
    expect(logs).toContain('epoch 2\naccuracy 0.9\n');
    expect(logs).toMatch(/succeeded\n$/);
  });
});

describe('validation and unknown ids', () => {
  it('rejects a bad submit before storing anything', async () => {
    const { connector } = setup();
    const error = await rejection(
      connector.submitJob({ code: '  ', resourceConfig: { gpuCount: -1 }, jobName: 'bad name!' }),
    );
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    const fields = (error as InvalidParameterError).issues.map((issue) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(['code', 'jobName']));
    expect(await connector.listJobs()).toEqual([]);
  });

  it('rejects malformed directives in the code as InvalidParameterError', async () => {
    const { connector } = setup();
    await expect(connector.submitJob({ code: '# @fake duration=forever' })).rejects.toThrow(
      InvalidParameterError,
    );
  });

  it('rejects a bad job id with InvalidParameterError, on every job-id method', async () => {
    const { connector } = setup();
    for (const call of [
      () => connector.getJobStatus(''),
      () => connector.getJobResult(''),
      () => connector.cancelJob(''),
      () => connector.getLogs(''),
    ]) {
      expect(InvalidParameterError.isInstance(await rejection(call()))).toBe(true);
    }
  });

  it('throws JobNotFoundError for an unknown id, on every job-id method', async () => {
    const { connector } = setup();
    for (const call of [
      () => connector.getJobStatus('job-404'),
      () => connector.getJobResult('job-404'),
      () => connector.cancelJob('job-404'),
      () => connector.getLogs('job-404'),
    ]) {
      const error = await rejection(call());
      expect(JobNotFoundError.isInstance(error)).toBe(true);
      expect((error as JobNotFoundError).jobId).toBe('job-404');
    }
    const iterator = connector.followLogs('job-404')[Symbol.asyncIterator]();
    expect(JobNotFoundError.isInstance(await rejection(iterator.next()))).toBe(true);
  });

  it('rejects bad constructor options, naming the field', () => {
    expect(() => new MockConnector({ durationMs: -1 })).toThrow(/durationMs/);
    expect(() => new MockConnector({ queueMs: 1.5 })).toThrow(/queueMs/);
    expect(() => new MockConnector({ overrides: { getJobStatuss: 'x' } as never })).toThrow(/getJobStatuss/);
    expect(() => new MockConnector({ clock: {} as never })).toThrow(/clock/);
  });
});

describe('idempotency', () => {
  it('declares the idempotency capability and every optional method but the push-based wait', () => {
    // waitForStatusChange is left to core's capped polling: on a manual clock the mock's timeline is read
    // exactly by polling, and a push path would change how many reads the application's tests observe.
    expect(new MockConnector().capabilities).toEqual({
      deployModel: true,
      deleteEndpoint: true,
      uploadFile: true,
      downloadFile: true,
      getResourceUsage: true,
      followLogs: true,
      idempotency: true,
      waitForStatusChange: false,
    });
  });

  it('returns the same job for the same key, never a second one', async () => {
    const { connector } = setup();
    const request = { code: 'x = 1', idempotencyKey: 'key-1' };
    const first = await connector.submitJob(request);
    expect(await connector.submitJob(request)).toBe(first);
    expect(await connector.listJobs()).toHaveLength(1);
    expect(await connector.submitJob({ ...request, idempotencyKey: 'key-2' })).not.toBe(first);
  });

  it('refuses the same key for a different job', async () => {
    const { connector } = setup();
    await connector.submitJob({ code: 'x = 1', idempotencyKey: 'key-1' });
    await expect(connector.submitJob({ code: 'x = 2', idempotencyKey: 'key-1' })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
  });

  it('makes a retried submit whose response was lost return the stored job', async () => {
    const { connector } = setup();
    connector.failNext('submitJob', 1, undefined, { when: 'after' });
    const request = { code: 'x = 1', idempotencyKey: 'retry-me' };
    await expect(connector.submitJob(request)).rejects.toMatchObject({ retryable: true });
    const id = await connector.submitJob(request);
    expect((await connector.listJobs()).map((job) => job.id)).toEqual([id]);
  });
});
