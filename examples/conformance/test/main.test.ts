import { describe, expect, it } from 'vitest';
import { run } from '../src/main.js';

describe('the main job', () => {
  it('runs the whole suite against the mock and HTTP connectors, in process and over a socket, and every clause applies or is skipped with a reason', async () => {
    const printed: string[] = [];
    const reports = await run((text) => printed.push(text));
    expect(reports.map((report) => report.target)).toHaveLength(3);
    for (const report of reports) {
      expect(
        report.clauses
          .filter((clause) => clause.outcome === 'failed')
          .map((clause) => clause.failure?.message),
      ).toEqual([]);
      expect(report.summary.passed).toBeGreaterThan(25);
      for (const clause of report.clauses.filter((c) => c.outcome === 'skipped'))
        expect(clause.reason).toBeTruthy();
    }
    expect(printed.at(-1)).toBe('All 3 reference connectors honour the contract.');
  }, 120_000);
});
