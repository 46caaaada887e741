/** The statistics every figure rests on. */
import { describe, expect, it } from 'vitest';
import { interleave, median, quantile, ratio, summarize } from '../src/stats.js';

describe('order statistics', () => {
  it('take the nearest-rank value, so every figure is a value that was measured', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 0.95)).toBe(19);
    expect(Number.isNaN(median([]))).toBe(true);
  });

  it('summarize gives median ≤ p95 ≤ worst and the count', () => {
    expect(summarize([3, 1, 2, 100])).toEqual({ median: 2, p95: 100, max: 100, n: 4 });
  });

  it('ratios are rounded to three decimals', () => {
    expect(ratio(2, 3)).toBe(0.667);
  });
});

describe('interleave', () => {
  it('runs every variant each round and alternates which goes first', async () => {
    const order: string[] = [];
    const results = await interleave(3, {
      subject: async (round) => {
        order.push(`s${round}`);
        return round;
      },
      baseline: async (round) => {
        order.push(`b${round}`);
        return 10 + round;
      },
    });
    expect(order).toEqual(['s0', 'b0', 'b1', 's1', 's2', 'b2']);
    expect(results).toEqual({ subject: [0, 1, 2], baseline: [10, 11, 12] });
  });
});
