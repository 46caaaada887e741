import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonErrorOffset, lineAndColumn } from '../src/json-position.js';

describe('locating where malformed JSON breaks', () => {
  it('agrees with JSON.parse on which texts are valid, for any text', () => {
    const jsonish = fc.oneof(
      fc.json(),
      fc.string(),
      fc
        .json()
        .chain((json) =>
          fc
            .tuple(fc.nat({ max: json.length }), fc.constantFrom('', '}', '{', ',', '"', ':', 'x', '\\', ']'))
            .map(([at, insert]) => json.slice(0, at) + insert + json.slice(at + 1)),
        ),
    );
    fc.assert(
      fc.property(jsonish, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const offset = findJsonErrorOffset(text);
        expect(offset === undefined).toBe(valid);
        if (offset !== undefined) expect(offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('points at the first offending character', () => {
    expect(findJsonErrorOffset('{"a": }')).toBe(6);
    expect(findJsonErrorOffset('{"a": 1')).toBe(7);
    expect(findJsonErrorOffset('{"a":1}}')).toBe(7);
    expect(findJsonErrorOffset('')).toBe(0);
  });

  it('turns an offset into a 1-based line and column', () => {
    const text = '{\n  "apiKey": "x",\n  "y": tru\n}';
    const offset = findJsonErrorOffset(text)!;
    expect(lineAndColumn(text, offset)).toEqual({ line: 3, column: 11 });
  });
});
