import { MockConnector } from '@neural/connector-mock';
import { describe, expect, it } from 'vitest';
import { defineConformanceTarget, runConformance } from '../src/index.js';
import { FAST_TIMING, INVALID_KEY, JOBS, VALID_KEY } from './support/target.js';

describe('@neural/connector-mock MockConnector', () => {
  it('passes every clause that applies to it', async () => {
    const target = defineConformanceTarget<{ apiKey: string }>({
      name: 'MockConnector',
      create: (credentials) =>
        new MockConnector({ credentials, acceptApiKey: VALID_KEY, queueMs: 5, durationMs: 20 }),
      credentials: { valid: { apiKey: VALID_KEY }, invalid: { apiKey: INVALID_KEY } },
      jobs: JOBS,
      timing: FAST_TIMING,
    });
    const report = await runConformance(target);
    expect(
      report.clauses.filter((clause) => clause.outcome === 'failed').map((clause) => clause.failure?.message),
    ).toEqual([]);
    // The mock claims every optional method, so only the clause about unclaimed ones does not apply.
    expect(
      report.clauses.filter((clause) => clause.outcome === 'skipped').map((clause) => clause.id),
    ).toEqual(['optional.unclaimed-not-supported']);
  });
});
