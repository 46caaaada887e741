import { describe, expect, it } from 'vitest';
import { assertLocalPath as fromHttp } from '../src/http/index.js';
import { assertLocalPath, InvalidParameterError, LOCAL_PATH_RULE } from '../src/index.js';

describe('assertLocalPath', () => {
  it('returns a non-empty path unchanged', () => {
    expect(assertLocalPath('out/model.bin')).toBe('out/model.bin');
    expect(assertLocalPath('/tmp/a b/ü.txt', 'target')).toBe('/tmp/a b/ü.txt');
  });

  it.each([
    ['an empty string', ''],
    ['a NUL byte', 'a\0b'],
    ['a number', 42],
    ['undefined', undefined],
  ])('refuses %s with an InvalidParameterError naming the field and the rule', (_label, value) => {
    let caught: unknown;
    try {
      assertLocalPath(value, 'target');
    } catch (error) {
      caught = error;
    }
    expect(InvalidParameterError.isInstance(caught)).toBe(true);
    expect((caught as InvalidParameterError).issues).toEqual([{ field: 'target', rule: LOCAL_PATH_RULE }]);
  });

  it('is the same function at the root and at the http subpath', () => {
    expect(fromHttp).toBe(assertLocalPath);
  });
});
