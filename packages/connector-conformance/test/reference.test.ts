import { describe, expect, it } from 'vitest';
import { CONFORMANCE_CLAUSES, runConformance } from '../src/index.js';
import { skipsOf, unclaimedSkips } from './support/applicable.js';
import { LaggingStatusConnector, refusingCreate, UnknownRightAfterEndConnector } from './support/quirky.js';
import { ReferenceConnector } from './support/reference-connector.js';
import { RequiredOnlyConnector } from './support/required-only.js';
import { memoryTarget } from './support/target.js';

describe('a correct connector', () => {
  it('that claims every capability passes every clause, in every situation, in a few seconds', async () => {
    const report = await runConformance(memoryTarget());
    const failed = report.clauses.filter((clause) => clause.outcome === 'failed');
    expect(failed.map((clause) => clause.failure?.message)).toEqual([]);
    // Only clauses about optional methods it does not implement may not apply, each with the reason.
    expect(skipsOf(report)).toEqual(unclaimedSkips(report.capabilities));
    expect(report.summary.total).toBe(CONFORMANCE_CLAUSES.length);
    expect(report.ok).toBe(true);
    expect(report.durationMs).toBeLessThan(5_000);
  });

  it('that claims nothing optional passes the required clauses and has the optional ones skipped, never passed', async () => {
    const report = await runConformance(
      memoryTarget((credentials, platform) => new RequiredOnlyConnector(credentials, platform)),
    );
    expect(skipsOf(report)).toEqual(unclaimedSkips(report.capabilities));
    expect(skipsOf(report)).toMatchObject({
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

  it('that reads UNKNOWN right after a job ends (ask again) passes every clause', async () => {
    const report = await runConformance(
      memoryTarget((credentials, platform) => new UnknownRightAfterEndConnector(credentials, platform)),
    );
    expect(report.clauses.filter((c) => c.outcome === 'failed').map((c) => c.failure?.message)).toEqual([]);
  });

  it('whose status lags its logs by a moment, with a platform notice while it waits, passes every clause', async () => {
    const report = await runConformance(
      memoryTarget((credentials, platform) => new LaggingStatusConnector(credentials, platform)),
    );
    expect(report.clauses.filter((c) => c.outcome === 'failed').map((c) => c.failure?.message)).toEqual([]);
    expect(report.clauses.find((c) => c.id === 'logs.early-reads-hold-only-what-was-written')?.outcome).toBe(
      'passed',
    );
  });

  it('whose create() refuses bad credentials by throwing AuthenticationError is judged the same by every clause', async () => {
    const report = await runConformance(memoryTarget(refusingCreate));
    expect(report.clauses.filter((c) => c.outcome === 'failed').map((c) => c.failure?.message)).toEqual([]);
    for (const id of ['auth.invalid-credentials', 'secrets.not-in-connector', 'secrets.not-in-errors'])
      expect(report.clauses.find((c) => c.id === id)?.outcome).toBe('passed');
  });

  it('on a platform without secret credentials has the credential clauses skipped with its reason', async () => {
    const target = memoryTarget(undefined, {});
    const report = await runConformance({
      ...target,
      credentials: { valid: target.credentials.valid, none: 'the Unix user is the identity' },
    });
    const skipped = Object.fromEntries(
      report.clauses.filter((c) => c.outcome === 'skipped').map((c) => [c.id, c.reason]),
    );
    const reason = 'the platform has no secret credentials: the Unix user is the identity';
    expect(skipped).toMatchObject({
      'auth.invalid-credentials': reason,
      'secrets.not-in-connector': reason,
      'secrets.not-in-errors': reason,
    });
    expect(report.clauses.find((c) => c.id === 'auth.valid-credentials')?.outcome).toBe('passed');
    expect(report.clauses.find((c) => c.id === 'errors.are-cloud-exceptions')?.outcome).toBe('passed');
    expect(report.ok).toBe(true);
  });

  it("has every unknown-id call use the target's unknownJobId", async () => {
    const seen: string[] = [];
    class Watching extends ReferenceConnector {
      override async getJobStatus(jobId: string, options?: { signal?: AbortSignal }) {
        seen.push(jobId);
        return super.getJobStatus(jobId, options);
      }
    }
    const report = await runConformance(
      memoryTarget((credentials, platform) => new Watching(credentials, platform), {
        unknownJobId: '999999999',
      }),
      { only: ['ids.', 'secrets.not-in-errors'] },
    );
    expect(report.ok).toBe(true);
    const unknown = seen.filter((id) => !id.startsWith('job-'));
    expect(unknown.length).toBeGreaterThan(0);
    expect(new Set(unknown)).toEqual(new Set(['999999999']));
  });
});
