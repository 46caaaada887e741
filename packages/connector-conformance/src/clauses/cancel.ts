import { JobStatus } from '@neural/integrations-core';
import { defineClause } from '../clause.js';

/** `cancel.*`: cancel stops what runs and leaves alone what has finished. */
export const cancelClauses = [
  defineClause({
    id: 'cancel.stops-running-job',
    title: 'Cancel stops a running job',
    rule: '`cancelJob()` on a running job resolves `true`, and the job then ends `cancelled` (and stays so).',
    why: 'A cancel that does not stop the job leaves it running, and billing, with nobody watching.',
    async run(ctx) {
      const connector = await ctx.connect();
      const jobId = await ctx.submit(connector, 'runsLong');
      await ctx.waitForRunning(connector, jobId);
      const cancelled = await connector.cancelJob(jobId, { signal: ctx.signal });
      ctx.check(cancelled === true, {
        expected: 'cancelJob() to resolve true for a running job',
        actual: `it resolved ${ctx.describe(cancelled)}`,
      });
      const result = await ctx.waitForTerminal(connector, jobId);
      ctx.check(result.status === JobStatus.CANCELLED, {
        expected: 'the cancelled job to end "cancelled"',
        actual: `it ended "${result.status}"`,
        call: `connector.getJobStatus(${ctx.describe(jobId)}) after cancelJob()`,
      });
    },
  }),
  defineClause({
    id: 'cancel.finished-job-unchanged',
    title: 'Cancel leaves a finished job alone',
    rule: '`cancelJob()` on a job that already ended resolves `false`, and the job keeps its status and result.',
    why: 'Cancelling is idempotent cleanup: running it twice, or late, must not rewrite a success into a cancellation.',
    async run(ctx) {
      const connector = await ctx.connect();
      const jobId = await ctx.submit(connector, 'succeeds');
      const before = await ctx.waitForTerminal(connector, jobId);
      const cancelled = await connector.cancelJob(jobId, { signal: ctx.signal });
      ctx.check(cancelled === false, {
        expected: `cancelJob() to resolve false for a job that ended "${before.status}"`,
        actual: `it resolved ${ctx.describe(cancelled)}`,
      });
      const status = await connector.getJobStatus(jobId, { signal: ctx.signal });
      ctx.check(status === before.status, {
        expected: `the job to stay "${before.status}" after cancelJob()`,
        actual: `it became "${status}"`,
        call: `connector.getJobStatus(${ctx.describe(jobId)}) after cancelJob()`,
      });
      const after = await connector.getJobResult(jobId, { signal: ctx.signal });
      ctx.check(after.status === before.status && after.output === before.output, {
        expected: `the result to stay ${ctx.describe({ status: before.status, output: before.output })}`,
        actual: `it became ${ctx.describe({ status: after.status, output: after.output })}`,
        call: `connector.getJobResult(${ctx.describe(jobId)}) after cancelJob()`,
      });
    },
  }),
];
