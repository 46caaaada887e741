import {
  type Connector,
  InvalidParameterError,
  isJobStatus,
  JobNotFoundError,
  JobStatus,
  type JobSummary,
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

/** Fails unless `createdAt` never increases down the list (equal times are fine: some platforms count seconds). */
function checkNewestFirst(ctx: ClauseContext, listed: readonly JobSummary[], call: string): void {
  for (let i = 1; i < listed.length; i++) {
    const before = listed[i - 1] as JobSummary;
    const after = listed[i] as JobSummary;
    ctx.check(!(after.createdAt > before.createdAt), {
      expected: 'jobs newest first (createdAt never increasing down the list)',
      actual: `${ctx.describe(after.id)} (${String(after.createdAt?.toISOString?.())}) came after the older ${ctx.describe(before.id)} (${String(before.createdAt?.toISOString?.())})`,
      call,
    });
  }
}

/** `ids.*` and `list.*`: job ids name jobs, and the list shows what was asked for. */
export const jobClauses = [
  defineClause({
    id: 'ids.unknown-raises-not-found',
    title: 'Unknown job ids raise JobNotFoundError from every job-id method',
    rule: "`getJobStatus`, `getJobResult`, `cancelJob`, `getLogs` (and `followLogs`, when claimed) reject with `JobNotFoundError` for an id that names no job: the target's `unknownJobId`, in the platform's own shape (numeric for Slurm), which every clause needing an unknown id uses.",
    why: 'A default answer ("pending", empty logs, `false`) for a job that does not exist hides a typo or a lost job forever.',
    async run(ctx) {
      const connector = await ctx.connect();
      const jobId = ctx.unknownJobId;
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
    title: 'listJobs includes a job just submitted, newest first, under its name',
    rule: '`listJobs()` (default options) lists a job submitted just before, as a summary whose status is a `JobStatus`, whose `createdAt` is a valid date and whose `name` is the `jobName` it was submitted with; jobs come newest first (`createdAt` never increases down the list, and of two jobs submitted one after the other the later is listed first).',
    why: 'Users list jobs to find the one they just started, by its name; a list that lags, drops the name or buries the newest job looks like a lost job.',
    async run(ctx) {
      const connector = await ctx.connect();
      const olderName = ctx.jobName('older');
      const older = await ctx.submit(connector, 'succeeds', { jobName: olderName });
      const newerName = ctx.jobName('newer');
      const newer = await ctx.submit(connector, 'succeeds', { jobName: newerName });
      const listed = await connector.listJobs({ signal: ctx.signal });
      const call = 'connector.listJobs()';
      for (const [jobId, name] of [
        [newer, newerName],
        [older, olderName],
      ] as const) {
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
        ctx.check(summary?.name === name, {
          expected: `summary.name to be the jobName submitted, ${ctx.describe(name)}`,
          actual: `it was ${ctx.describe(summary?.name)}`,
          call,
        });
      }
      checkNewestFirst(ctx, listed, call);
      const newerAt = listed.findIndex((job) => job.id === newer);
      const olderAt = listed.findIndex((job) => job.id === older);
      ctx.check(newerAt < olderAt, {
        expected: `the job submitted later (${ctx.describe(newer)}) before the earlier one (${ctx.describe(older)})`,
        actual: `they were listed at positions ${newerAt} and ${olderAt}`,
        call,
      });
    },
  }),
  defineClause({
    id: 'list.honours-limit',
    title: 'listJobs honours its limit, keeping the newest',
    rule: '`listJobs({ limit })` returns at most `limit` jobs, exactly `limit` when more exist, and those are the newest: with a limit smaller than the jobs there are, the jobs just submitted come first, newest first.',
    why: 'The limit bounds the cost of a call; a connector that ignores it returns thousands of jobs to a status bar, and one that keeps the oldest hides the job just started.',
    async run(ctx) {
      const connector = await ctx.connect();
      const submitted: string[] = [];
      for (let i = 0; i < 3; i++) submitted.push(await ctx.submit(connector, 'succeeds'));
      const newestFirst = [...submitted].reverse();
      for (const limit of [1, 2]) {
        const call = `connector.listJobs({ limit: ${limit} })`;
        const listed = await connector.listJobs({ limit, signal: ctx.signal });
        ctx.check(listed.length === limit, {
          expected: `exactly ${limit} job(s) (at least 3 exist)`,
          actual: `it returned ${listed.length}`,
          call,
        });
        checkNewestFirst(ctx, listed, call);
        // Another user's job may be newer still, on a shared platform: only ours are judged for order.
        const ours = listed.map((job) => job.id).filter((id) => submitted.includes(id));
        ctx.check(
          ours.every((id, index) => id === newestFirst[index]),
          {
            expected: `the newest of the jobs just submitted, newest first (${ctx.describe(newestFirst.slice(0, limit))})`,
            actual: `it listed ${ctx.describe(listed.map((job) => job.id))}`,
            call,
          },
        );
      }
    },
  }),
  defineClause({
    id: 'list.honours-status-filter',
    title: 'listJobs honours its status filter, alone and with a limit',
    rule: '`listJobs({ statusFilter })` returns only jobs in that status and includes every job known to be in it, the older as well as the newest; with a `limit` too, the filter applies first: `{ statusFilter, limit: 1 }` returns one matching job, the newest that matches, even when newer jobs do not match.',
    why: '"Show my running jobs" is how users find what to cancel; a filter that lets others through cancels the wrong job, and a limit applied before the filter shows nothing at all.',
    async run(ctx) {
      const connector = await ctx.connect();
      const [finished, older, running] = await Promise.all([
        (async () => {
          const jobId = await ctx.submit(connector, 'succeeds');
          return { jobId, status: (await ctx.waitForTerminal(connector, jobId)).status };
        })(),
        (async () => {
          const jobId = await ctx.submit(connector, 'runsLong');
          await ctx.waitForRunning(connector, jobId);
          return jobId;
        })(),
        (async () => {
          await ctx.sleep(ctx.timing.pollIntervalMs);
          const jobId = await ctx.submit(connector, 'runsLong');
          await ctx.waitForRunning(connector, jobId);
          return jobId;
        })(),
      ]);
      // A job newer than both running ones that is not running: a limit applied before the filter misses them.
      const newest = await ctx.submit(connector, 'succeeds');
      await ctx.waitForTerminal(connector, newest);
      const expectations: Array<[JobStatus, string[]]> = [
        [finished.status, [finished.jobId]],
        [JobStatus.RUNNING, [running, older]],
      ];
      for (const [statusFilter, jobIds] of expectations) {
        const call = `connector.listJobs({ statusFilter: "${statusFilter}", limit: 1000 })`;
        const listed = await connector.listJobs({ statusFilter, limit: 1000, signal: ctx.signal });
        const stray = listed.find((job) => job.status !== statusFilter);
        ctx.check(stray === undefined, {
          expected: `only "${statusFilter}" jobs`,
          actual: `it listed ${ctx.describe(stray?.id)} as "${stray?.status}"`,
          call,
        });
        for (const jobId of jobIds) {
          ctx.check(
            listed.some((job) => job.id === jobId),
            {
              expected: `the list to include ${ctx.describe(jobId)}, which is "${statusFilter}"`,
              actual: `it listed ${listed.length} job(s) without it`,
              call,
            },
          );
        }
      }
      const call = `connector.listJobs({ statusFilter: "running", limit: 1 })`;
      const limited = await connector.listJobs({
        statusFilter: JobStatus.RUNNING,
        limit: 1,
        signal: ctx.signal,
      });
      ctx.check(limited.length === 1 && limited[0]?.status === JobStatus.RUNNING, {
        expected: 'exactly one "running" job (two are running, and newer jobs are not)',
        actual: `it listed ${ctx.describe(limited.map((job) => [job.id, job.status]))}`,
        call,
      });
      // The newest running job is ours unless another user's job started since; then it is at least as new.
      const first = limited[0];
      const runningSummary = (
        await connector.listJobs({ statusFilter: JobStatus.RUNNING, limit: 1000, signal: ctx.signal })
      ).find((job) => job.id === running);
      ctx.check(
        first?.id === running ||
          (first !== undefined &&
            runningSummary !== undefined &&
            first.createdAt >= runningSummary.createdAt &&
            first.id !== older),
        {
          expected: `the newest running job (${ctx.describe(running)}), not the older ${ctx.describe(older)}`,
          actual: `it listed ${ctx.describe(first?.id)}`,
          call,
        },
      );
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
