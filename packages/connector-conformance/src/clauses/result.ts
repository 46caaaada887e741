import { type Connector, isJobStatus, isTerminalStatus, JobStatus } from '@neural/integrations-core';
import { defineClause } from '../clause.js';
import type { ClauseContext } from '../context.js';
import { driveAll, OUTCOMES_IN_WORDS } from './situations.js';

/** Text with what a real job prints that naive escaping breaks: quotes, a backslash, a newline, non-ASCII. */
export function trickyText(marker: string): string {
  return `${marker} it's "quoted" \\ back\nsecond line: héllo wörld, 日本語, ✓ ${marker}`;
}

/** The succeeding job, with a distinct output per call when the target can echo; the target's own otherwise. */
async function submitSucceeding(
  ctx: ClauseContext,
  connector: Connector,
  label: string,
): Promise<{ jobId: string; expected: string }> {
  if (ctx.target.jobs.echo) {
    const expected = ctx.marker(label);
    return { jobId: await ctx.submitCode(connector, ctx.echoCode(expected, label)), expected };
  }
  return {
    jobId: await ctx.submit(connector, 'succeeds'),
    expected: ctx.target.jobs.succeeds.expectedOutput,
  };
}

/** `result.*` and `logs.*`: what a finished job produced, consistent with what its status says. */
export const resultClauses = [
  defineClause({
    id: 'result.agrees-with-status',
    title: 'getJobResult agrees with getJobStatus',
    rule: `For a finished job, \`getJobResult()\` names the same job id and the same status as \`getJobStatus()\`. Situations: ${OUTCOMES_IN_WORDS}.`,
    why: 'Callers read the status to decide and the result to report; two answers to one question is a bug report waiting to happen.',
    async run(ctx) {
      const connector = await ctx.connect();
      for (const { outcome, jobId } of await driveAll(ctx, connector)) {
        const status = await ctx.readStatus(connector, jobId);
        const result = await connector.getJobResult(jobId, { signal: ctx.signal });
        const call = `connector.getJobResult(${ctx.describe(jobId)})`;
        ctx.check(result !== null && typeof result === 'object', {
          expected: 'a JobResult',
          actual: `it resolved ${ctx.describe(result)}`,
          call,
        });
        ctx.check(result.jobId === jobId, {
          expected: `result.jobId ${ctx.describe(jobId)}`,
          actual: `it was ${ctx.describe(result.jobId)} for the job ${outcome}`,
          call,
        });
        ctx.check(isJobStatus(result.status) && result.status === status, {
          expected: `result.status "${status}", as getJobStatus() said`,
          actual: `it was ${ctx.describe(result.status)} for the job ${outcome}`,
          call,
        });
      }
    },
  }),
  defineClause({
    id: 'result.failed-has-error',
    title: 'A failed job carries an error',
    rule: 'The result of a job that ended `failed` has a non-empty `error` saying why, read just after the end and again later.',
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
      await ctx.sleep(ctx.timing.pollIntervalMs);
      const later = await connector.getJobResult(jobId, { signal: ctx.signal });
      for (const [when, read] of [
        ['just after the end', result],
        ['read again later', later],
      ] as const) {
        ctx.check(typeof read.error === 'string' && read.error.trim().length > 0, {
          expected: 'a non-empty result.error',
          actual: `it was ${ctx.describe(read.error)} (${when})`,
          call: `connector.getJobResult(${ctx.describe(jobId)})`,
        });
      }
    },
  }),
  defineClause({
    id: 'result.durations-non-negative',
    title: 'Durations are never negative',
    rule: `\`durationSeconds\`, when a result has one, is a finite number ≥ 0, whatever the outcome. Situations: ${OUTCOMES_IN_WORDS}.`,
    why: 'A negative duration (clock skew, start and end swapped, a job cancelled before it started) corrupts cost reports and averages.',
    async run(ctx) {
      const connector = await ctx.connect();
      for (const { outcome, jobId, result } of await driveAll(ctx, connector)) {
        const duration: unknown = result.durationSeconds;
        ctx.check(
          duration === undefined ||
            (typeof duration === 'number' && Number.isFinite(duration) && duration >= 0),
          {
            expected: 'durationSeconds undefined or a finite number ≥ 0',
            actual: `the job ${outcome} had ${ctx.describe(duration)}`,
            call: `connector.getJobResult(${ctx.describe(jobId)})`,
          },
        );
      }
    },
  }),
  defineClause({
    id: 'result.holds-output',
    title: "A succeeded job's result holds its output",
    rule: "The result of a succeeded job has an `output` that contains what the job printed: the target's `expectedOutput`, or, when the target gives `jobs.echo`, text with quotes, a backslash, newlines and non-ASCII letters, exactly.",
    why: 'The output is what the user ran the job for; `formatJobOutput` and every report read it from here, and a mangled quote or accent corrupts it.',
    async run(ctx) {
      const connector = await ctx.connect();
      const plain = await ctx.submit(connector, 'succeeds');
      const jobs: Array<{ jobId: string; expected: string }> = [
        { jobId: plain, expected: ctx.target.jobs.succeeds.expectedOutput },
      ];
      if (ctx.target.jobs.echo) {
        const expected = trickyText(ctx.marker('tricky'));
        jobs.push({
          jobId: await ctx.submitCode(connector, ctx.echoCode(expected, 'tricky text')),
          expected,
        });
      }
      await Promise.all(
        jobs.map(async ({ jobId, expected }) => {
          const result = await ctx.waitForTerminal(connector, jobId);
          ctx.check(typeof result.output === 'string' && result.output.includes(expected), {
            expected: `result.output to contain ${ctx.describe(expected)}`,
            actual: `it was ${ctx.describe(result.output)}`,
            call: `connector.getJobResult(${ctx.describe(jobId)})`,
          });
        }),
      );
    },
  }),
  defineClause({
    id: 'logs.hold-output',
    title: "A job's logs can be read at every stage, and hold its output once finished",
    rule: "`getLogs()` resolves a string while the job is pending or running, and, once a succeeding job has finished, contains what it printed (the target's `expectedOutput`, or the `jobs.echo` text with quotes, newlines and non-ASCII letters, exactly).",
    why: 'Logs are where users look first, often while the job runs; logs that throw until the end, or lack the output after it, hide what the job did.',
    async run(ctx) {
      const connector = await ctx.connect();
      const long = await ctx.submit(connector, 'runsLong');
      const early: unknown = await connector.getLogs(long, { signal: ctx.signal });
      ctx.check(typeof early === 'string', {
        expected: 'getLogs() of a job just submitted to resolve a string (empty is fine)',
        actual: `it resolved ${ctx.describe(early)}`,
        call: `connector.getLogs(${ctx.describe(long)}) right after submit`,
      });
      const jobs = [
        { jobId: await ctx.submit(connector, 'succeeds'), expected: ctx.target.jobs.succeeds.expectedOutput },
      ];
      if (ctx.target.jobs.echo) {
        const expected = trickyText(ctx.marker('logs'));
        jobs.push({
          jobId: await ctx.submitCode(connector, ctx.echoCode(expected, 'tricky text')),
          expected,
        });
      }
      await ctx.waitForRunning(connector, long);
      const running: unknown = await connector.getLogs(long, { signal: ctx.signal });
      ctx.check(typeof running === 'string', {
        expected: 'getLogs() of a running job to resolve a string',
        actual: `it resolved ${ctx.describe(running)}`,
        call: `connector.getLogs(${ctx.describe(long)}) while it runs`,
      });
      await connector.cancelJob(long, { signal: ctx.signal });
      await Promise.all(
        jobs.map(async ({ jobId, expected }) => {
          await ctx.waitForTerminal(connector, jobId);
          const logs: unknown = await connector.getLogs(jobId, { signal: ctx.signal });
          ctx.check(typeof logs === 'string' && logs.includes(expected), {
            expected: `the logs to contain ${ctx.describe(expected)}`,
            actual: `they were ${ctx.describe(logs)}`,
            call: `connector.getLogs(${ctx.describe(jobId)})`,
          });
        }),
      );
    },
  }),
  defineClause({
    id: 'isolation.concurrent-jobs',
    title: 'Concurrent jobs never cross',
    rule: "Several jobs of different kinds run at once on one connector (two succeeding jobs with different outputs when the target gives `jobs.echo`, a failing one, a cancelled one): each job's status, result (`jobId`, `status`, `output`, `error`) and logs are its own. No job's output appears in another's result or logs.",
    why: 'A connector that caches "the last job" or keys a map wrongly shows one user\'s model output, or failure, as another\'s.',
    async run(ctx) {
      const connector = await ctx.connect();
      const [first, second] = await Promise.all([
        submitSucceeding(ctx, connector, 'first'),
        submitSucceeding(ctx, connector, 'second'),
      ]);
      const finish = async (job: { jobId: string; expected: string }, kind: string) => ({
        ...job,
        kind,
        result: await ctx.waitForTerminal(connector, job.jobId),
      });
      const [one, two, others] = await Promise.all([
        finish(first, 'first succeeding'),
        finish(second, 'second succeeding'),
        driveAll(ctx, connector, ['failed', 'cancelled while running']),
      ]);
      const driven = [
        one,
        two,
        ...others.map((job) => ({
          jobId: job.jobId,
          expected: undefined,
          result: job.result,
          kind: job.outcome,
        })),
      ];
      const outputs = driven.flatMap((job) => (job.expected === undefined ? [] : [job.expected]));
      const distinct = new Set(outputs).size === outputs.length;
      for (const job of driven) {
        const call = `connector.getJobResult(${ctx.describe(job.jobId)})`;
        const result = await connector.getJobResult(job.jobId, { signal: ctx.signal });
        const logs = await connector.getLogs(job.jobId, { signal: ctx.signal });
        ctx.check(result.jobId === job.jobId && result.status === job.result.status, {
          expected: `the ${job.kind} job's own result (jobId ${ctx.describe(job.jobId)}, "${job.result.status}")`,
          actual: `it was ${ctx.describe({ jobId: result.jobId, status: result.status })}`,
          call,
        });
        if (job.expected !== undefined && isTerminalStatus(result.status)) {
          ctx.check(result.status === JobStatus.SUCCEEDED && (result.output ?? '').includes(job.expected), {
            expected: `the ${job.kind} job's output ${ctx.describe(job.expected)}`,
            actual: `its result was ${ctx.describe({ status: result.status, output: result.output })}`,
            call,
          });
        }
        if (!distinct) continue;
        for (const other of outputs) {
          if (other === job.expected) continue;
          ctx.check(!(result.output ?? '').includes(other) && !logs.includes(other), {
            expected: `the ${job.kind} job's result and logs to hold no other job's output`,
            actual: `they hold ${ctx.describe(other)}, printed by another job`,
            call: `${call} and connector.getLogs(${ctx.describe(job.jobId)})`,
          });
        }
      }
    },
  }),
];
