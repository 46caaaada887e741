import { describe, expect, it } from 'vitest';
import { createPrng } from '../src/index.js';

describe('createPrng', () => {
  it('gives the same sequence for the same seed, in [0, 1)', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const first = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
    for (const n of first) expect(n >= 0 && n < 1).toBe(true);
  });

  it('is mulberry32: the sequence of seed 1 is fixed across machines and releases', () => {
    const random = createPrng(1);
    // Pinned values: a change here changes every seeded fake platform's faults and ids.
    expect([random(), random(), random()]).toEqual([
      0.6270739405881613, 0.002735721180215478, 0.5274470399599522,
    ]);
  });

  it('gives different sequences for different seeds, and uses only the low 32 bits', () => {
    expect(createPrng(1)()).not.toBe(createPrng(2)());
    expect(createPrng(2 ** 32 + 7)()).toBe(createPrng(7)());
  });
});
