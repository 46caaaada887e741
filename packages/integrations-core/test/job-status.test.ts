import { describe, expect, it } from 'vitest';
import {
  isJobStatus,
  isLegalTransition,
  isTerminalStatus,
  JOB_STATUS_TRANSITIONS,
  JOB_STATUSES,
  JobStatus,
  TERMINAL_STATUSES,
} from '../src/index.js';

describe('JobStatus', () => {
  it('has the six seed states, whose values are their lower-case names', () => {
    expect({ ...JobStatus }).toEqual({
      PENDING: 'pending',
      RUNNING: 'running',
      SUCCEEDED: 'succeeded',
      FAILED: 'failed',
      CANCELLED: 'cancelled',
      UNKNOWN: 'unknown',
    });
    expect(JOB_STATUSES).toEqual(['pending', 'running', 'succeeded', 'failed', 'cancelled', 'unknown']);
  });

  it('recognises only its own values', () => {
    for (const status of JOB_STATUSES) expect(isJobStatus(status)).toBe(true);
    for (const other of ['PENDING', 'done', '', null, undefined, 1, {}])
      expect(isJobStatus(other)).toBe(false);
  });

  it('calls exactly SUCCEEDED, FAILED and CANCELLED terminal', () => {
    expect(TERMINAL_STATUSES).toEqual(['succeeded', 'failed', 'cancelled']);
    expect(JOB_STATUSES.filter(isTerminalStatus)).toEqual(['succeeded', 'failed', 'cancelled']);
    expect(isTerminalStatus(JobStatus.UNKNOWN)).toBe(false);
  });
});

describe('the legal transitions', () => {
  it('are written down for every status', () => {
    expect(Object.keys(JOB_STATUS_TRANSITIONS).sort()).toEqual([...JOB_STATUSES].sort());
  });

  it('make terminal states final', () => {
    for (const terminal of TERMINAL_STATUSES) {
      expect(JOB_STATUS_TRANSITIONS[terminal]).toEqual([]);
      for (const to of JOB_STATUSES) expect(isLegalTransition(terminal, to)).toBe(to === terminal);
    }
  });

  it('let a job move forward, and a running job be requeued (back to PENDING, then RUNNING again)', () => {
    expect(isLegalTransition('pending', 'running')).toBe(true);
    expect(isLegalTransition('running', 'succeeded')).toBe(true);
    expect(isLegalTransition('running', 'pending')).toBe(true);
    expect(isLegalTransition('pending', 'running')).toBe(true);
  });

  it('let UNKNOWN appear between non-terminal observations and resolve to anything', () => {
    for (const from of JOB_STATUSES.filter((s) => !isTerminalStatus(s))) {
      expect(isLegalTransition(from, 'unknown')).toBe(true);
      expect(isLegalTransition('unknown', from)).toBe(true);
    }
    for (const to of TERMINAL_STATUSES) expect(isLegalTransition('unknown', to)).toBe(true);
  });

  it('always allow observing the same status again', () => {
    for (const status of JOB_STATUSES) expect(isLegalTransition(status, status)).toBe(true);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(JOB_STATUS_TRANSITIONS)).toBe(true);
    expect(Object.isFrozen(JOB_STATUS_TRANSITIONS.pending)).toBe(true);
    expect(Object.isFrozen(JOB_STATUSES)).toBe(true);
  });
});
