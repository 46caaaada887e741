import { isJobStatus, JobStatus } from '@neural/integrations-core';
import { defineClause } from '../clause.js';

/** `result.*` and `logs.*`: what a finished job produced, consistent with what its status says. */
export const resultClauses = [
  defineClause({
    id: 'result.agrees-with-status',
    title: 'getJobResult agrees with getJobStatus',
    rule: 'For a finished job, `getJobResult()` names the same job id and the same status as `getJobStatus()`.',
    why: 'Callers read the status to decide and the result to report; two answers to one question is a bug report waiting to happen.',
    async run(ctx) {
      const connector = await ctx.connect();
      for (const kind of ['succeeds', 'fails'] as const) {
        const jobId = await ctx.submit(connector, kind);
        await ctx.waitForTerminal(connector, jobId);
        const status = await connector.getJobStatus(jobId, { signal: ctx.signal });
        const result = await connector.getJobResult(jobId, { signal: ctx.signal });
        const call = `connector.getJobResult(${ctx.describe(jobId)})`;
        ctx.check(result !== null && typeof result === 'object', {
          expected: 'a JobResult',
          actual: `it resolved ${ctx.describe(result)}`,
          call,
        });
        ctx.check(result.jobId === jobId, {
          expected: `result.jobId ${ctx.describe(jobId)}`,
          actual: `it was ${ctx.describe(result.jobId)}`,
          call,
        });
        ctx.check(isJobStatus(result.status) && result.status === status, {
          expected: `result.status "${status}", as getJobStatus() said`,
          actual: `it was ${ctx.describe(result.status)}`,
          call,
        });
      }
    },
  }),
  defineClause({
    id: 'result.failed-has-error',
    title: 'A failed job carries an error',
    rule: 'The result of a job that ended `failed` has a non-empty `error` saying why.',
    why: 'A failure without a reason sends the user digging through raw platform logs.',
    async run(ctx) {
      const connector = await ctx.connect();
      const jobId = await ctx.submit(connector, 'fails');
      const result = await ctx.waitForTerminal(connector, jobId);
      if (result.status !== JobStatus.FAILED) {
        ctx.skip(
          `the failing job ended "${result.status}", not failed (status.outcome-matches-job judges that)`,
        );
      }
      ctx.check(typeof result.error === 'string' && result.error.trim().length > 0, {
        expected: 'a non-empty result.error',
        actual: `it was ${ctx.describe(result.error)}`,
        call: `connector.getJobResult(${ctx.describe(jobId)})`,
      });
    },
  }),
  defineClause({
    id: 'result.durations-non-negative',
    title: 'Durations are never negative',
    rule: '`durationSeconds`, when a result has one, is a finite number ≥ 0, for succeeded and failed jobs alike.',
    why: 'A negative duration (clock skew, start and end swapped) corrupts cost reports and averages.',
    async run(ctx) {
      const connector = await ctx.connect();
      for (const kind of ['succeeds', 'fails'] as const) {
        const jobId = await ctx.submit(connector, kind);
        const result = await ctx.waitForTerminal(connector, jobId);
        const duration: unknown = result.durationSeconds;
        ctx.check(
          duration === undefined ||
            (typeof duration === 'number' && Number.isFinite(duration) && duration >= 0),
          {
            expected: 'durationSeconds undefined or a finite number ≥ 0',
            actual: `the ${kind} job's was ${ctx.describe(duration)}`,
            call: `connector.getJobResult(${ctx.describe(jobId)})`,
          },
        );
      }
    },
  }),
  defineClause({
    id: 'result.holds-output',
    title: "A succeeded job's result holds its output",
    rule: "The result of the target's succeeding job has an `output` that contains the target's `expectedOutput`.",
    why: 'The output is what the user ran the job for; `formatJobOutput` and every report read it from here.',
    async run(ctx) {
      const connector = await ctx.connect();
      const jobId = await ctx.submit(connector, 'succeeds');
      const result = await ctx.waitForTerminal(connector, jobId);
      const expected = ctx.target.jobs.succeeds.expectedOutput;
      ctx.check(typeof result.output === 'string' && result.output.includes(expected), {
        expected: `result.output to contain ${ctx.describe(expected)}`,
        actual: `it was ${ctx.describe(result.output)}`,
        call: `connector.getJobResult(${ctx.describe(jobId)})`,
      });
    },
  }),
  defineClause({
    id: 'logs.hold-output',
    title: "A finished job's logs hold its output",
    rule: "`getLogs()` of the target's succeeding job, once finished, contains the target's `expectedOutput`.",
    why: 'Logs are where users look first when something is off; logs without the output hide what the job did.',
    async run(ctx) {
      const connector = await ctx.connect();
      const jobId = await ctx.submit(connector, 'succeeds');
      await ctx.waitForTerminal(connector, jobId);
      const logs: unknown = await connector.getLogs(jobId, { signal: ctx.signal });
      const expected = ctx.target.jobs.succeeds.expectedOutput;
      ctx.check(typeof logs === 'string' && logs.includes(expected), {
        expected: `the logs to contain ${ctx.describe(expected)}`,
        actual: `they were ${ctx.describe(logs)}`,
        call: `connector.getLogs(${ctx.describe(jobId)})`,
      });
    },
  }),
];
