import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/index.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: [true, { d: null, c: undefined }] })).toBe(
      '{"a":[true,{"d":null}],"b":1}',
    );
  });

  it('gives the same text for objects that differ only in key order', () => {
    expect(canonicalJson({ x: 1, y: { q: 'a', p: 'b' } })).toBe(
      canonicalJson({ y: { p: 'b', q: 'a' }, x: 1 }),
    );
  });

  it('reads back as the same value as JSON.parse(JSON.stringify(value))', () => {
    const value = { name: 'é"\n', n: -0.5, list: [1, 'two', null, { z: [] }], empty: {} };
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('writes undefined in an array, or at the top, as null (like JSON.stringify in arrays)', () => {
    expect(canonicalJson([1, undefined, 2])).toBe('[1,null,2]');
    expect(canonicalJson(undefined)).toBe('null');
  });
});
