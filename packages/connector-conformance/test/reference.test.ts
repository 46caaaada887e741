import { describe, expect, it } from 'vitest';
import { CONFORMANCE_CLAUSES, runConformance } from '../src/index.js';
import { RequiredOnlyConnector } from './support/required-only.js';
import { memoryTarget } from './support/target.js';

describe('a correct connector', () => {
  it('that claims every capability passes every clause but the one about unclaimed methods, in a few seconds', async () => {
    const report = await runConformance(memoryTarget());
    const notPassed = report.clauses.filter((clause) => clause.outcome !== 'passed');
    expect(notPassed).toEqual([
      expect.objectContaining({
        id: 'optional.unclaimed-not-supported',
        outcome: 'skipped',
        reason: 'the connector claims every optional method',
      }),
    ]);
    expect(report.summary).toEqual({
      passed: CONFORMANCE_CLAUSES.length - 1,
      failed: 0,
      skipped: 1,
      total: CONFORMANCE_CLAUSES.length,
    });
    expect(report.ok).toBe(true);
    expect(report.durationMs).toBeLessThan(5_000);
  });

  it('that claims nothing optional passes the required clauses and has the optional ones skipped, never passed', async () => {
    const report = await runConformance(
      memoryTarget((credentials, platform) => new RequiredOnlyConnector(credentials, platform)),
    );
    const skipped = Object.fromEntries(
      report.clauses
        .filter((clause) => clause.outcome === 'skipped')
        .map((clause) => [clause.id, clause.reason]),
    );
    expect(skipped).toEqual({
      'submit.idempotency-key': 'the connector does not claim capabilities.idempotency',
      'files.round-trip':
        'the connector does not claim capabilities.uploadFile and capabilities.downloadFile',
      'endpoints.deploy-then-delete':
        'the connector does not claim capabilities.deployModel and capabilities.deleteEndpoint',
      'usage.reports-values': 'the connector does not claim capabilities.getResourceUsage',
      'logs.follow-yields-output': 'the connector does not claim capabilities.followLogs',
      'abort.in-flight-follow': 'the connector does not claim capabilities.followLogs',
    });
    expect(report.clauses.filter((clause) => clause.outcome === 'failed')).toEqual([]);
    expect(report.clauses.find((clause) => clause.id === 'optional.unclaimed-not-supported')?.outcome).toBe(
      'passed',
    );
  });
});
