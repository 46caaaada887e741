import { JobStatus } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { decodeExitStatus, mapSlurmState } from '../src/index.js';

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
