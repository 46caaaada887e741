import { JobStatus } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { decodeExitStatus, mapSlurmState, REQUEUE_GRACE_SECONDS, slurmJobStatus } from '../src/states.js';

describe('Slurm state mapping', () => {
  it.each([
    ['PENDING', JobStatus.PENDING],
    ['CONFIGURING', JobStatus.PENDING],
    ['REQUEUED', JobStatus.PENDING],
    ['SUSPENDED', JobStatus.PENDING],
    ['RUNNING', JobStatus.RUNNING],
    ['COMPLETING', JobStatus.RUNNING],
    ['COMPLETED', JobStatus.SUCCEEDED],
    ['FAILED', JobStatus.FAILED],
    ['TIMEOUT', JobStatus.FAILED],
    ['NODE_FAIL', JobStatus.FAILED],
    ['OUT_OF_MEMORY', JobStatus.FAILED],
    ['BOOT_FAIL', JobStatus.FAILED],
    ['DEADLINE', JobStatus.FAILED],
    ['PREEMPTED', JobStatus.FAILED],
    ['CANCELLED', JobStatus.CANCELLED],
    ['cancelled by 0', JobStatus.CANCELLED],
    ['COMPLETING+', JobStatus.RUNNING],
    ['SOMETHING_NEW', JobStatus.UNKNOWN],
    ['', JobStatus.UNKNOWN],
  ])('%s is %s', (state, status) => {
    expect(mapSlurmState(state)).toBe(status);
  });

  it.each(['constructor', '__proto__', 'toString', 'CONSTRUCTOR', 'hasOwnProperty'])(
    'maps %s, a name every object inherits, to unknown (never to a function from Object.prototype)',
    (state) => {
      expect(mapSlurmState(state)).toBe(JobStatus.UNKNOWN);
      expect(slurmJobStatus({ state, requeue: true, endTime: 0 }, 1_800_000_000)).toBe(JobStatus.UNKNOWN);
    },
  );
});

describe('Slurm job status, by what happens next', () => {
  const now = 1_800_000_000;
  it.each(['PREEMPTED', 'NODE_FAIL'])(
    'reads a requeueable %s job pending: Slurm is about to queue it again',
    (state) => {
      expect(slurmJobStatus({ state, requeue: true, endTime: now - 1 }, now)).toBe(JobStatus.PENDING);
      expect(slurmJobStatus({ state, requeue: true, endTime: 0 }, now)).toBe(JobStatus.PENDING);
    },
  );

  it.each(['PREEMPTED', 'NODE_FAIL'])('reads %s failed for a job Slurm will not requeue', (state) => {
    expect(slurmJobStatus({ state, requeue: false, endTime: now }, now)).toBe(JobStatus.FAILED);
    expect(slurmJobStatus({ state, endTime: now }, now)).toBe(JobStatus.FAILED);
  });

  it('reads a requeueable job failed once the grace period passed with no requeue (PreemptMode=CANCEL)', () => {
    const endTime = now - REQUEUE_GRACE_SECONDS;
    expect(slurmJobStatus({ state: 'PREEMPTED', requeue: true, endTime }, now)).toBe(JobStatus.FAILED);
  });

  it('maps a requeue as it happens: COMPLETING (running), REQUEUED and PENDING (pending), never a terminal state', () => {
    const seen = ['RUNNING', 'COMPLETING', 'REQUEUED', 'PENDING', 'RUNNING'].map((state) =>
      slurmJobStatus({ state, requeue: true, endTime: 0 }, now),
    );
    expect(seen).toEqual(['running', 'running', 'pending', 'pending', 'running']);
  });

  it('maps every other state as mapSlurmState does', () => {
    for (const state of ['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'OUT_OF_MEMORY', 'WHATEVER'])
      expect(slurmJobStatus({ state, requeue: true, endTime: now }, now)).toBe(mapSlurmState(state));
  });
});

describe('exit status decoding', () => {
  it('reads the exit code from the high byte of the wait status', () => {
    expect(decodeExitStatus(768)).toEqual({ code: 3, signal: 0 });
    expect(decodeExitStatus(0)).toEqual({ code: 0, signal: 0 });
    expect(decodeExitStatus(255 << 8)).toEqual({ code: 255, signal: 0 });
  });
  it('reads the killing signal from the low seven bits', () => {
    expect(decodeExitStatus(15)).toEqual({ code: 0, signal: 15 });
    expect(decodeExitStatus(9 | 0x80)).toEqual({ code: 0, signal: 9 });
  });
});
