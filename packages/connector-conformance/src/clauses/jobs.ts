import { randomUUID } from 'node:crypto';
import {
  type Connector,
  InvalidParameterError,
  isJobStatus,
  JobNotFoundError,
  JobStatus,
} from '@neural/integrations-core';
import { defineClause } from '../clause.js';
import type { ClauseContext } from '../context.js';

/** Drains an async iterable (for `followLogs`), returning the text it yielded. */
export async function drain(iterable: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of iterable) text += chunk;
  return text;
}

function jobIdMethods(ctx: ClauseContext, connector: Connector, jobId: string) {
  const options = { signal: ctx.signal };
  const methods: Array<[string, () => Promise<unknown>]> = [
    ['getJobStatus', () => connector.getJobStatus(jobId, options)],
    ['getJobResult', () => connector.getJobResult(jobId, options)],
    ['cancelJob', () => connector.cancelJob(jobId, options)],
    ['getLogs', () => connector.getLogs(jobId, options)],
  ];
  const follow = connector.followLogs;
  if (ctx.capabilities.followLogs && follow) {
    methods.push(['followLogs', () => drain(follow.call(connector, jobId, options))]);
  }
  return methods;
}

/** `ids.*` and `list.*`: job ids name jobs, and the list shows what was asked for. */
export const jobClauses = [
  defineClause({
    id: 'ids.unknown-raises-not-found',
    title: 'Unknown job ids raise JobNotFoundError from every job-id method',
    rule: '`getJobStatus`, `getJobResult`, `cancelJob`, `getLogs` (and `followLogs`, when claimed) reject with `JobNotFoundError` for an id that names no job.',
    why: 'A default answer ("pending", empty logs, `false`) for a job that does not exist hides a typo or a lost job forever.',
    async run(ctx) {
      const connector = await ctx.connect();
      const jobId = ctx.target.unknownJobId ?? `conformance-missing-${randomUUID()}`;
      for (const [method, call] of jobIdMethods(ctx, connector, jobId)) {
        const description = `connector.${method}(${ctx.describe(jobId)})`;
        const error = await ctx.rejection(description, call, 'a JobNotFoundError for an unknown id');
        ctx.check(JobNotFoundError.isInstance(error), {
          expected: 'a JobNotFoundError for an unknown id',
          actual: `it rejected with ${ctx.describe(error)}`,
          call: description,
        });
      }
    },
  }),
  defineClause({
    id: 'list.includes-new-job',
    title: 'listJobs includes a job just submitted',
    rule: '`listJobs()` (default options) lists a job submitted just before, newest first, as a summary whose status is a `JobStatus` and whose `createdAt` is a valid date.',
    why: 'Users list jobs to find the one they just started; a list that lags or drops it looks like a lost job.',
    async run(ctx) {
      const connector = await ctx.connect();
      const jobId = await ctx.submit(connector, 'succeeds');
      const listed = await connector.listJobs({ signal: ctx.signal });
      const call = 'connector.listJobs()';
      const summary = listed.find((job) => job.id === jobId);
      ctx.check(summary !== undefined, {
        expected: `the list to include ${ctx.describe(jobId)}`,
        actual: `it listed ${ctx.describe(listed.map((job) => job.id))}`,
        call,
      });
      ctx.check(isJobStatus(summary?.status), {
        expected: 'the summary status to be a JobStatus',
        actual: `it was ${ctx.describe(summary?.status)}`,
        call,
      });
      const createdAt: unknown = summary?.createdAt;
      ctx.check(createdAt instanceof Date && !Number.isNaN(createdAt.getTime()), {
        expected: 'summary.createdAt to be a valid Date',
        actual: `it was ${ctx.describe(createdAt)}`,
        call,
      });
    },
  }),
  defineClause({
    id: 'list.honours-limit',
    title: 'listJobs honours its limit',
    rule: '`listJobs({ limit })` returns at most `limit` jobs, and exactly `limit` when at least that many exist.',
    why: 'The limit bounds the cost of a call; a connector that ignores it returns thousands of jobs to a status bar.',
    async run(ctx) {
      const connector = await ctx.connect();
      for (let i = 0; i < 3; i++) await ctx.submit(connector, 'succeeds');
      for (const limit of [1, 2]) {
        const listed = await connector.listJobs({ limit, signal: ctx.signal });
        ctx.check(listed.length === limit, {
          expected: `exactly ${limit} job(s) (at least 3 exist)`,
          actual: `it returned ${listed.length}`,
          call: `connector.listJobs({ limit: ${limit} })`,
        });
      }
    },
  }),
  defineClause({
    id: 'list.honours-status-filter',
    title: 'listJobs honours its status filter',
    rule: '`listJobs({ statusFilter })` returns only jobs in that status, and includes a job known to be in it.',
    why: '"Show my running jobs" is how users find what to cancel; a filter that lets others through cancels the wrong job.',
    async run(ctx) {
      const connector = await ctx.connect();
      const finished = await ctx.submit(connector, 'succeeds');
      const finishedStatus = (await ctx.waitForTerminal(connector, finished)).status;
      const running = await ctx.submit(connector, 'runsLong');
      await ctx.waitForRunning(connector, running);
      const expectations: Array<[JobStatus, string]> = [
        [finishedStatus, finished],
        [JobStatus.RUNNING, running],
      ];
      for (const [statusFilter, jobId] of expectations) {
        const call = `connector.listJobs({ statusFilter: "${statusFilter}", limit: 1000 })`;
        const listed = await connector.listJobs({ statusFilter, limit: 1000, signal: ctx.signal });
        const stray = listed.find((job) => job.status !== statusFilter);
        ctx.check(stray === undefined, {
          expected: `only "${statusFilter}" jobs`,
          actual: `it listed ${ctx.describe(stray?.id)} as "${stray?.status}"`,
          call,
        });
        ctx.check(
          listed.some((job) => job.id === jobId),
          {
            expected: `the list to include ${ctx.describe(jobId)}, which is "${statusFilter}"`,
            actual: `it listed ${listed.length} job(s) without it`,
            call,
          },
        );
      }
    },
  }),
  defineClause({
    id: 'list.rejects-invalid-options',
    title: 'listJobs rejects a bad limit or status filter',
    rule: '`listJobs()` rejects with `InvalidParameterError` for a limit that is not a whole number from 1 to 1000, or a status filter that is not a `JobStatus`.',
    why: 'A limit of 0 or -1 silently meaning "everything" is how a dashboard takes a platform down.',
    async run(ctx) {
      const connector = await ctx.connect();
      const cases: Array<[string, Record<string, unknown>]> = [
        ['limit 0', { limit: 0 }],
        ['limit -1', { limit: -1 }],
        ['limit 1.5', { limit: 1.5 }],
        ['limit 1001', { limit: 1001 }],
        ['limit NaN', { limit: Number.NaN }],
        ['statusFilter "done"', { statusFilter: 'done' }],
      ];
      for (const [label, options] of cases) {
        const description = `connector.listJobs(${ctx.describe(options)})`;
        const error = await ctx.rejection(
          description,
          () => connector.listJobs({ ...options, signal: ctx.signal }),
          `an InvalidParameterError for ${label}`,
        );
        ctx.check(InvalidParameterError.isInstance(error), {
          expected: `an InvalidParameterError for ${label}`,
          actual: `it rejected with ${ctx.describe(error)}`,
          call: description,
        });
      }
    },
  }),
];
