import { InvalidParameterError } from '@neural/integrations-core';
import { createManualClock } from '@neural/integrations-core/testing';
import { describe, expect, it } from 'vitest';
import { type ClauseReport, runConformance, selectClauses } from '../src/index.js';
import { afterAdvancing } from './support/manual-run.js';
import { ReferenceConnector } from './support/reference-connector.js';
import { memoryTarget } from './support/target.js';

describe('runConformance', () => {
  it('runs only the clauses asked for, by id or by area prefix, in contract order', async () => {
    const report = await runConformance(memoryTarget(), { only: ['list.', 'auth.valid-credentials'] });
    expect(report.clauses.map((clause) => clause.id)).toEqual([
      'auth.valid-credentials',
      'list.includes-new-job',
      'list.honours-limit',
      'list.honours-status-filter',
      'list.rejects-invalid-options',
      'list.filters-every-status',
    ]);
  });

  it('leaves out skipped clauses entirely', () => {
    const ids = selectClauses({ skip: ['secrets.', 'abort.pre-aborted-rejects'] }).map((clause) => clause.id);
    expect(ids).not.toContain('secrets.not-in-errors');
    expect(ids).not.toContain('abort.pre-aborted-rejects');
    expect(ids).toContain('abort.in-flight-follow');
  });

  it('refuses an id that names no clause rather than silently running nothing', () => {
    expect(() => selectClauses({ only: ['submit.unique-id'] })).toThrow(InvalidParameterError);
  });

  it('reports each clause as it finishes, runs setup and teardown once each', async () => {
    const seen: ClauseReport[] = [];
    const calls: string[] = [];
    const target = memoryTarget(undefined, {
      setup: () => {
        calls.push('setup');
      },
      teardown: () => {
        calls.push('teardown');
      },
    });
    const report = await runConformance(target, { only: ['auth.'], onClause: (clause) => seen.push(clause) });
    expect(seen).toEqual(report.clauses);
    expect(calls).toEqual(['setup', 'teardown']);
  });

  it('gives each clause a fresh connector', async () => {
    let made = 0;
    const target = memoryTarget((credentials, platform) => {
      made += 1;
      return new ReferenceConnector(credentials, platform);
    });
    await runConformance(target, { only: ['submit.returns-id', 'list.includes-new-job'] });
    // One for the capability probe, one per clause.
    expect(made).toBe(3);
  });

  it('stops when its signal aborts: the rest are skipped with the reason, none passed', async () => {
    const controller = new AbortController();
    const report = await runConformance(memoryTarget(), {
      signal: controller.signal,
      onClause: () => controller.abort(),
    });
    expect(report.clauses[0]?.outcome).toBe('passed');
    expect(
      report.clauses.slice(1).every((c) => c.outcome === 'skipped' && c.reason === 'the run was aborted'),
    ).toBe(true);
  });
});

describe('a clause that a call breaks unexpectedly', () => {
  it('fails naming the call that threw, including target.create', async () => {
    let calls = 0;
    const target = memoryTarget((credentials, platform) => {
      calls += 1;
      // The capability probe succeeds; the clause's own connector cannot be made.
      if (calls > 1) throw new TypeError('cannot reach the platform');
      return new ReferenceConnector(credentials, platform);
    });
    const report = await runConformance(target, { only: ['submit.returns-id'] });
    expect(report.clauses[0]?.failure).toMatchObject({
      expected: 'the call to succeed',
      actual: 'it threw TypeError: cannot reach the platform',
      call: 'target.create(credentials.valid)',
    });
  });
});

describe('a connector that hangs', () => {
  it('fails the clause at timing.clauseTimeoutMs and does not hang the run in clean-up', async () => {
    class HangingConnector extends ReferenceConnector {
      override getJobStatus(): Promise<never> {
        return new Promise<never>(() => undefined);
      }
    }
    const clock = createManualClock();
    const target = memoryTarget(
      (credentials, platform) => new HangingConnector(credentials, platform),
      { timing: { jobTimeoutMs: 500, pollIntervalMs: 2, abortGraceMs: 20, clauseTimeoutMs: 100 } },
      clock,
    );
    const run = runConformance(target, { only: ['result.holds-output', 'auth.valid-credentials'], clock });
    // 100 ms for the clause; its clean-up's status read hangs too, and is given up on after the job timeout and
    // the abort grace (500 + 20 ms): the run ends then, and no later.
    expect(await afterAdvancing(clock, 619, run)).toBeUndefined();
    const report = await afterAdvancing(clock, 1, run);
    if (!report) throw new Error('the run did not end when its clean-up was given up on');
    expect(report.clauses.map((c) => [c.id, c.outcome])).toEqual([
      ['auth.valid-credentials', 'passed'],
      ['result.holds-output', 'failed'],
    ]);
    expect(report.clauses[1]).toMatchObject({
      durationMs: 100,
      failure: { expected: 'the clause to finish within 100 ms (timing.clauseTimeoutMs)' },
    });
    expect(report.clauses[1]?.failure?.call).toMatch(/^connector\.getJobStatus\("job-/);
  });
});
