import { JobStatus } from '@neural/integrations-core';
import { defineClause } from '../clause.js';
import { drive, driveAll } from './situations.js';

/** `cancel.*`: cancel stops what runs or waits, and leaves alone what has finished. */
export const cancelClauses = [
  defineClause({
    id: 'cancel.stops-running-job',
    title: 'Cancel stops a running job',
    rule: '`cancelJob()` on a running job resolves `true`, and the job then ends `cancelled` (and stays so).',
    why: 'A cancel that does not stop the job leaves it running, and billing, with nobody watching.',
    async run(ctx) {
      const connector = await ctx.connect();
      const { jobId, cancelled, result } = await drive(ctx, connector, 'cancelled while running');
      ctx.check(cancelled === true, {
        expected: 'cancelJob() to resolve true for a running job',
        actual: `it resolved ${ctx.describe(cancelled)}`,
        call: `connector.cancelJob(${ctx.describe(jobId)})`,
      });
      ctx.check(result.status === JobStatus.CANCELLED, {
        expected: 'the cancelled job to end "cancelled"',
        actual: `it ended "${result.status}"`,
        call: `connector.getJobStatus(${ctx.describe(jobId)}) after cancelJob()`,
      });
    },
  }),
  defineClause({
    id: 'cancel.stops-pending-job',
    title: 'Cancel stops a job that has not started',
    rule: '`cancelJob()` right after submit (while the job is pending, on a platform that queues) resolves `true`, and the job then ends `cancelled`, never `succeeded` or `failed`, and never runs to an end.',
    why: 'Users cancel a job they submitted by mistake before it starts; one that starts anyway does the damage the cancel was for.',
    async run(ctx) {
      const connector = await ctx.connect();
      const { jobId, cancelled, result } = await drive(ctx, connector, 'cancelled while pending');
      ctx.check(cancelled === true, {
        expected: 'cancelJob() to resolve true for a job just submitted',
        actual: `it resolved ${ctx.describe(cancelled)}`,
        call: `connector.cancelJob(${ctx.describe(jobId)}) right after submit`,
      });
      ctx.check(result.status === JobStatus.CANCELLED, {
        expected: 'the job cancelled before it started to end "cancelled"',
        actual: `it ended "${result.status}"`,
        call: `connector.getJobStatus(${ctx.describe(jobId)}) after cancelJob()`,
      });
    },
  }),
  defineClause({
    id: 'cancel.finished-job-unchanged',
    title: 'Cancel leaves a finished job alone',
    rule: '`cancelJob()` on a job that already ended resolves `false`, and the job keeps its status and result. Situations: a job that succeeded, one that failed, and one already cancelled (a second cancel), at once.',
    why: 'Cancelling is idempotent cleanup: running it twice, or late, must not rewrite a success or a failure into a cancellation.',
    async run(ctx) {
      const connector = await ctx.connect();
      const driven = await driveAll(ctx, connector, ['succeeded', 'failed', 'cancelled while running']);
      for (const { outcome, jobId, result: before } of driven) {
        const cancelled = await connector.cancelJob(jobId, { signal: ctx.signal });
        ctx.check(cancelled === false, {
          expected: `cancelJob() to resolve false for the job ${outcome}, which ended "${before.status}"`,
          actual: `it resolved ${ctx.describe(cancelled)}`,
          call: `connector.cancelJob(${ctx.describe(jobId)})`,
        });
        const status = await ctx.readStatus(connector, jobId);
        ctx.check(status === before.status, {
          expected: `the job ${outcome} to stay "${before.status}" after cancelJob()`,
          actual: `it became "${status}"`,
          call: `connector.getJobStatus(${ctx.describe(jobId)}) after cancelJob()`,
        });
        const after = await connector.getJobResult(jobId, { signal: ctx.signal });
        ctx.check(
          after.status === before.status && after.output === before.output && after.error === before.error,
          {
            expected: `the result to stay ${ctx.describe({ status: before.status, output: before.output, error: before.error })}`,
            actual: `it became ${ctx.describe({ status: after.status, output: after.output, error: after.error })}`,
            call: `connector.getJobResult(${ctx.describe(jobId)}) after cancelJob()`,
          },
        );
      }
    },
  }),
];
