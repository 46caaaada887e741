import { describe, expect, it } from 'vitest';
import { followLogsStartOffset, InvalidParameterError } from '../src/index.js';

describe('followLogsStartOffset', () => {
  it('starts at the beginning when no offset is given', () => {
    expect(followLogsStartOffset()).toBe(0);
    expect(followLogsStartOffset({})).toBe(0);
    expect(followLogsStartOffset({ fromOffset: undefined })).toBe(0);
  });

  it('starts at a whole, non-negative offset', () => {
    expect(followLogsStartOffset({ fromOffset: 0 })).toBe(0);
    expect(followLogsStartOffset({ fromOffset: 14 })).toBe(14);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])(
    'rejects fromOffset %s, naming the field and the rule',
    (fromOffset) => {
      let caught: unknown;
      try {
        followLogsStartOffset({ fromOffset });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidParameterError);
      expect((caught as Error).message).toContain('fromOffset');
      expect((caught as Error).message).toContain('must be a whole number of characters, 0 or more');
    },
  );
});
