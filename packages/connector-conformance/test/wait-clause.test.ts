/**
 * `status.wait-for-change` against the in-memory reference connector given a `waitForStatusChange`: a correct
 * one passes, and each way of breaking the promise fails the clause. The clause times the connector, so the
 * run, the platform and the connector's waits share one manual clock: the verdicts never depend on how fast
 * the machine is.
 */
import {
  type JobStatus,
  pollForStatusChange,
  type StatusChange,
  type WaitForStatusChangeOptions,
} from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { afterAdvancing } from './support/manual-run.js';
import { ReferenceConnector } from './support/reference-connector.js';
import { memoryTarget } from './support/target.js';

/** Waits correctly, by polling the reference connector's status. */
class WaitsConnector extends ReferenceConnector {
  override async waitForStatusChange(
    jobId: string,
    options: WaitForStatusChangeOptions,
  ): Promise<StatusChange> {
    return pollForStatusChange((signal) => this.getJobStatus(jobId, { signal }), {
      ...options,
      minIntervalMs: 2,
      clock: this.platform.clock,
    });
  }
}

/** Says "changed" whenever its timeout passes, even though the status is still `since`. */
class ReportsSameStatusAsChangeConnector extends WaitsConnector {
  override async waitForStatusChange(
    jobId: string,
    options: WaitForStatusChangeOptions,
  ): Promise<StatusChange> {
    const change = await super.waitForStatusChange(jobId, options);
    return { ...change, changed: true };
  }
}

/** Answers at once, whatever its timeout. */
class IgnoresTimeoutConnector extends WaitsConnector {
  override async waitForStatusChange(
    jobId: string,
    options: WaitForStatusChangeOptions,
  ): Promise<StatusChange> {
    const status: JobStatus = await this.getJobStatus(jobId, options);
    return { status, changed: status !== options.since };
  }
}

/** Never looks at its signal. */
class IgnoresSignalConnector extends WaitsConnector {
  override async waitForStatusChange(
    jobId: string,
    options: WaitForStatusChangeOptions,
  ): Promise<StatusChange> {
    const { signal: _ignored, ...rest } = options;
    return super.waitForStatusChange(jobId, rest);
  }
}

const clause = 'status.wait-for-change';

async function outcomeOf(make: typeof WaitsConnector) {
  const clock = createManualClock();
  const target = memoryTarget((credentials, platform) => new make(credentials, platform), {}, clock);
  // A minute on the clock is past the clause's own time limit: the run is over by then, whatever the verdict.
  const report = await afterAdvancing(clock, 60_000, runConformance(target, { only: [clause], clock }));
  return report?.clauses.find((result) => result.id === clause);
}

describe(clause, () => {
  it('passes a connector that waits correctly', async () => {
    const result = await outcomeOf(WaitsConnector);
    expect(result?.failure?.message).toBeUndefined();
    expect(result?.outcome).toBe('passed');
  });

  it.each([
    [ReportsSameStatusAsChangeConnector, /changed: false/],
    [IgnoresTimeoutConnector, /whole timeout/],
    [IgnoresSignalConnector, /signal aborts|abort grace/],
  ])('fails %o', async (make, expected) => {
    const result = await outcomeOf(make);
    expect(result?.outcome).toBe('failed');
    expect(result?.failure?.expected).toMatch(expected);
  });

  it('is skipped, with the reason, for a connector that does not claim the capability', async () => {
    const result = await outcomeOf(ReferenceConnector as typeof WaitsConnector);
    expect(result?.outcome).toBe('skipped');
    expect(result?.reason ?? JSON.stringify(result)).toContain('waitForStatusChange');
  });
});
