import { describe, expect, it } from 'vitest';
import { InvalidParameterError, JOB_STATUSES, type JobStatus, stateMapping } from '../src/index.js';

// A made-up platform's states: two mean pending, so statesFor has a list of more than one to give.
const TABLE = {
  SUBMITTED: 'pending',
  PROVISIONING: 'pending',
  ACTIVE: 'running',
  DONE: 'succeeded',
  ERRORED: 'failed',
  ABORTED: 'cancelled',
} as const satisfies Record<string, JobStatus>;

describe('stateMapping', () => {
  const mapping = stateMapping(TABLE);

  it('maps every state the table lists to its status', () => {
    for (const [state, status] of Object.entries(TABLE)) expect(mapping.statusOf(state)).toBe(status);
  });

  it('maps a state the table does not list to unknown, the same name in another case or spacing too', () => {
    for (const state of ['HIBERNATING', '', 'submitted', ' ACTIVE'])
      expect(mapping.statusOf(state)).toBe('unknown');
  });

  it('reads own keys only: names every object inherits are unknown, not a function from Object.prototype', () => {
    for (const state of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(mapping.statusOf(state)).toBe('unknown');
    }
  });

  it('lists, for each status, exactly the states that mean it, in table order', () => {
    expect(Object.fromEntries(JOB_STATUSES.map((status) => [status, mapping.statesFor(status)]))).toEqual({
      pending: ['SUBMITTED', 'PROVISIONING'],
      running: ['ACTIVE'],
      succeeded: ['DONE'],
      failed: ['ERRORED'],
      cancelled: ['ABORTED'],
      unknown: [],
    });
  });

  it('gives a fresh array from statesFor, so a caller cannot change the mapping', () => {
    const states: string[] = mapping.statesFor('pending');
    states.push('HIBERNATING');
    expect(mapping.statesFor('pending')).toEqual(['SUBMITTED', 'PROVISIONING']);
  });

  it('is frozen, table included, and keeps its own copy of the table', () => {
    const table: Record<string, JobStatus> = { QUEUED: 'pending' };
    const own = stateMapping(table);
    table.QUEUED = 'failed';
    table.DONE = 'succeeded';
    expect(own.table).toEqual({ QUEUED: 'pending' });
    expect(own.statusOf('QUEUED')).toBe('pending');
    expect(own.statusOf('DONE')).toBe('unknown');
    expect(Object.isFrozen(own)).toBe(true);
    expect(Object.isFrozen(own.table)).toBe(true);
  });

  it('treats a state named like an inherited property as a state when the table lists it', () => {
    const odd = stateMapping({ constructor: 'running' } as Record<string, JobStatus>);
    expect(odd.statusOf('constructor')).toBe('running');
    expect(odd.statesFor('running')).toEqual(['constructor']);
    expect(odd.statusOf('toString')).toBe('unknown');
  });

  it('refuses a table that maps a state to unknown or to no status, naming each state', () => {
    const bad = { QUEUED: 'pending', LIMBO: 'unknown', DONE: 'done' } as unknown as Record<string, JobStatus>;
    expect(() => stateMapping(bad)).toThrow(InvalidParameterError);
    try {
      stateMapping(bad);
    } catch (error) {
      expect((error as InvalidParameterError).issues.map((issue) => issue.field)).toEqual([
        'table.LIMBO',
        'table.DONE',
      ]);
    }
  });
});
