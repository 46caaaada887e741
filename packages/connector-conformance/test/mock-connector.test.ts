import { MockConnector } from '@neural/connector-mock';
import { describe, expect, it } from 'vitest';
import { defineConformanceTarget, runConformance } from '../src/index.js';
import { skipsOf, unclaimedSkips } from './support/applicable.js';
import { echo, FAST_TIMING, INVALID_KEY, JOBS, VALID_KEY } from './support/target.js';

describe('@neural/connector-mock MockConnector', () => {
  it('passes every clause that applies to it', async () => {
    const target = defineConformanceTarget<{ apiKey: string }>({
      name: 'MockConnector',
      create: (credentials) =>
        new MockConnector({ credentials, acceptApiKey: VALID_KEY, queueMs: 5, durationMs: 20 }),
      credentials: { valid: { apiKey: VALID_KEY }, invalid: { apiKey: INVALID_KEY } },
      // The mock "prints" its code's print() literals, so it can echo; it runs no code, so it cannot print
      // an environment variable, and nothing requeues its jobs.
      jobs: { ...JOBS, echo },
      timing: FAST_TIMING,
    });
    const report = await runConformance(target);
    expect(
      report.clauses.filter((clause) => clause.outcome === 'failed').map((clause) => clause.failure?.message),
    ).toEqual([]);
    expect(skipsOf(report)).toEqual({
      ...unclaimedSkips(report.capabilities),
      'submit.environment-reaches-job':
        'the target gives no jobs.printsEnv(name) factory, needed for environment variables',
      'status.requeue-reads-pending':
        'the target has no requeue(jobId) hook to make its platform requeue a job',
    });
  });
});
