import { describe, expect, it } from 'vitest';
import { InvalidParameterError, parseRemotePath } from '../src/index.js';

describe('parseRemotePath', () => {
  it('accepts a relative path that stays under the root', () => {
    expect(parseRemotePath('models/v1/model.bin')).toBe('models/v1/model.bin');
    expect(parseRemotePath('a name with spaces.txt')).toBe('a name with spaces.txt');
  });

  it('refuses every path that is absolute, escapes the root or is ambiguous, naming the field', () => {
    for (const bad of [
      '',
      '/etc/passwd',
      '~/x',
      'C:/x',
      '../secrets',
      'a/../../b',
      'a\\b',
      'a//b',
      './a',
      '.',
      'a\0b',
    ]) {
      let caught: unknown;
      try {
        parseRemotePath(bad, 'destination');
      } catch (error) {
        caught = error;
      }
      expect(InvalidParameterError.isInstance(caught), JSON.stringify(bad)).toBe(true);
      expect((caught as InvalidParameterError).issues[0]?.field).toBe('destination');
    }
    expect(() => parseRemotePath(42)).toThrow(/remotePath: must be a non-empty string/);
    expect(() => parseRemotePath('x'.repeat(1025))).toThrow(/at most 1024/);
  });
});
