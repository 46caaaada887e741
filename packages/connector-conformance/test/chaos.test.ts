/**
 * The chaos subpath's check, clause by clause: it passes a correct connector under lost answers, and each rule
 * fails a connector (or a run) that breaks it.
 */
import { JobResult, type SubmitJobRequest } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import {
  assertNoneLostNoneDuplicated,
  type BatchRule,
  BatchViolationError,
  chaosJobRequests,
  findBatchViolations,
  type JournaledBatchRun,
  runJournaledBatch,
} from '../src/chaos/index.js';
import { LosesEveryTenthJobConnector, MakesEveryFifthJobTwiceConnector } from './broken/batch.js';
import { RacyIdConnector } from './broken/submit.js';
import { InMemoryPlatform, ReferenceConnector } from './support/reference-connector.js';
import { VALID_KEY } from './support/target.js';

const JOBS = 30;
/** Jobs whose output names them: the reference platform prints what the `output` directive says. */
const requests: SubmitJobRequest[] = Array.from({ length: JOBS }, (_, index) => ({
  code: `# @fake queue=2ms\n# @fake duration=5ms\n# @fake output="job ${index}"`,
  jobName: `job-${index}`,
}));
const expectedOutput = (index: number) => `job ${index}`;
const fast = { retry: { initialDelayMs: 1, maxDelayMs: 2 }, watch: { pollIntervalMs: 2, timeoutMs: 5_000 } };

async function runOn(Make: typeof ReferenceConnector) {
  const platform = new InMemoryPlatform(VALID_KEY);
  const run = await runJournaledBatch(new Make({ apiKey: VALID_KEY }, platform), requests, fast);
  return { run, platformJobIds: [...platform.jobs.keys()] };
}

const rulesOf = (run: JournaledBatchRun, options: Parameters<typeof findBatchViolations>[1] = {}) =>
  new Set(findBatchViolations(run, options).map((violation) => violation.rule));

describe('runJournaledBatch and assertNoneLostNoneDuplicated', () => {
  it('pass a correct connector: one journaled job per request, each finished with its own output', async () => {
    const { run, platformJobIds } = await runOn(ReferenceConnector);
    expect(run.records.filter((record) => record.type === 'intent')).toHaveLength(JOBS);
    expect(run.watched.results).toHaveLength(JOBS);
    expect(findBatchViolations(run, { platformJobIds, expectedOutput })).toEqual([]);
    expect(() => assertNoneLostNoneDuplicated(run, { platformJobIds, expectedOutput })).not.toThrow();
  });

  it('fail a connector that makes a job twice: the platform holds jobs no request was answered with', async () => {
    const { run, platformJobIds } = await runOn(MakesEveryFifthJobTwiceConnector);
    expect(platformJobIds).toHaveLength(JOBS + JOBS / 5);
    const error = (() => {
      try {
        assertNoneLostNoneDuplicated(run, { platformJobIds, expectedOutput });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(BatchViolationError);
    const violations = (error as BatchViolationError).violations;
    expect(violations.map((v) => v.rule)).toEqual(Array(JOBS / 5).fill('platform-holds-each-once'));
    expect((error as Error).message).toContain('made twice');
  });

  it('fail a connector that answers with the id of another job: one job id for two requests', async () => {
    const { run, platformJobIds } = await runOn(RacyIdConnector);
    // The second request was answered with the first one's id: its own job was never made, and both keys
    // watch one job. Only the journal's view shows it: the platform holds exactly the ids that came back.
    expect(rulesOf(run, { platformJobIds })).toEqual(new Set(['distinct-job-ids', 'settled']));
    expect(findBatchViolations(run).find((v) => v.rule === 'settled')?.message).toMatch(
      /was settled [2-9] times/,
    );
  });

  it('fail a connector that loses a job: an id the platform never held, and a watch that could not end', async () => {
    const { run, platformJobIds } = await runOn(LosesEveryTenthJobConnector);
    const violations = findBatchViolations(run, { platformJobIds });
    const lost = violations.filter((v) => v.rule === 'platform-holds-each-once');
    expect(lost.map((v) => v.message)).toEqual([
      expect.stringContaining('job-lost-10 was returned but the platform does not hold it'),
      expect.stringContaining('job-lost-20'),
      expect.stringContaining('job-lost-30'),
    ]);
    expect(violations.filter((v) => v.rule === 'no-reported-failure')).toHaveLength(3);
    // Even told that failures are acceptable and without the platform's view, the journal shows the loss:
    // the failures are reported, so the run is consistent, but not clean.
    expect(rulesOf(run, { allowReportedFailures: true })).toEqual(new Set());
    expect(() => assertNoneLostNoneDuplicated(run)).toThrow(/no-reported-failure: job job-lost-10/);
  });
});

describe('each rule, on a run that breaks only it', () => {
  let clean: JournaledBatchRun;
  const cleanRun = async () => {
    clean ??= (await runOn(ReferenceConnector)).run;
    return clean;
  };
  const broken: Array<{
    rule: BatchRule;
    how: string;
    alter: (run: JournaledBatchRun) => JournaledBatchRun;
  }> = [
    {
      rule: 'journaled-once',
      how: 'a request journaled twice',
      alter: (run) => ({ ...run, records: [...run.records, run.records.find((r) => r.type === 'intent')!] }),
    },
    {
      rule: 'journaled-once',
      how: 'the journal names another job than the batch returned',
      alter: (run) => ({
        ...run,
        records: run.records.map((r) =>
          r.type === 'submitted' && r.jobId === run.submitted.jobIds[0] ? { ...r, jobId: 'job-x' } : r,
        ),
      }),
    },
    {
      rule: 'job-or-failure',
      how: 'a request without a job and without a reported failure',
      alter: (run) => {
        // As if the batch forgot the request: no record of it, no job, no failure.
        const [key, jobId] = [run.submitted.idempotencyKeys[0], run.submitted.jobIds[0]];
        return {
          ...run,
          submitted: { ...run.submitted, jobIds: [null, ...run.submitted.jobIds.slice(1)] },
          records: run.records.filter(
            (r) => !('key' in r && r.key === key) && !('jobId' in r && r.jobId === jobId),
          ),
          watched: { ...run.watched, results: run.watched.results.filter((r) => r.jobId !== jobId) },
        };
      },
    },
    {
      rule: 'settled',
      how: 'a submitted job neither finished nor reported',
      alter: (run) => ({ ...run, watched: { ...run.watched, results: run.watched.results.slice(1) } }),
    },
    {
      rule: 'settled',
      how: 'a result that is still running',
      alter: (run) => ({
        ...run,
        watched: {
          ...run.watched,
          results: run.watched.results.map((r, i) =>
            i === 0
              ? {
                  ...r,
                  result: new JobResult({ jobId: r.jobId, status: 'running', output: r.result.output }),
                }
              : r,
          ),
        },
      }),
    },
    {
      rule: 'expected-output',
      how: 'two results crossed',
      alter: (run) => ({
        ...run,
        watched: {
          ...run.watched,
          results: run.watched.results.map((r, i, all) =>
            i < 2 ? { ...r, result: new JobResult({ ...all[1 - i]!.result.toJSON(), jobId: r.jobId }) } : r,
          ),
        },
      }),
    },
  ];

  it.each(broken)('$rule fails $how', async ({ rule, alter }) => {
    const run = alter(await cleanRun());
    expect(rulesOf(run, { expectedOutput })).toEqual(new Set([rule]));
  });

  it('says what a job should have printed, quoting only an excerpt of a long output', async () => {
    const run = await cleanRun();
    const flooded = {
      ...run,
      watched: {
        ...run.watched,
        results: run.watched.results.map((r, i) =>
          i === 0
            ? { ...r, result: new JobResult({ ...r.result.toJSON(), output: 'x'.repeat(100_000) }) }
            : r,
        ),
      },
    };
    const [violation, ...others] = findBatchViolations(flooded, { expectedOutput });
    expect(others).toEqual([]);
    expect(violation?.rule).toBe('expected-output');
    expect(violation?.message).toMatch(
      /should have printed "job \d+"; it printed "x{199}… \(100000 characters\)$/,
    );
    expect(violation?.message.length).toBeLessThan(300);
  });
});

describe('chaosJobRequests', () => {
  it('makes numbered jobs that print their number, and refuses a bad count or prefix naming the field', () => {
    expect(chaosJobRequests(2, 'sweep')).toEqual([
      { code: 'print("sweep 0")\n# @fake duration=5ms', jobName: 'sweep-0' },
      { code: 'print("sweep 1")\n# @fake duration=10ms', jobName: 'sweep-1' },
    ]);
    expect(() => chaosJobRequests(0)).toThrow(/count: must be a whole number/);
    expect(() => chaosJobRequests(3, 'a"b')).toThrow(/prefix: must be 1 to 31 lowercase/);
  });

  it('runJournaledBatch refuses an empty list before anything is sent', async () => {
    const platform = new InMemoryPlatform(VALID_KEY);
    await expect(
      runJournaledBatch(new ReferenceConnector({ apiKey: VALID_KEY }, platform), []),
    ).rejects.toThrow(/requests: must be a non-empty array/);
    expect(platform.jobs.size).toBe(0);
  });
});
