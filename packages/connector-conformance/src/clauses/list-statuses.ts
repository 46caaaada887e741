import { JobStatus } from '@neural/integrations-core';
import { defineClause } from '../clause.js';
import { driveAll, OUTCOMES_IN_WORDS } from './situations.js';

/** `list.*` across every status: a filter holds for each `JobStatus`, the ones no platform state maps to too. */
export const listStatusClauses = [
  defineClause({
    id: 'list.filters-every-status',
    title: 'listJobs filters by every status, pending and unknown included',
    rule: `\`listJobs({ statusFilter })\`, for each \`JobStatus\` (\`pending\`, \`running\`, \`succeeded\`, \`failed\`, \`cancelled\` and \`unknown\`), returns only jobs in that status, and every job known to be in it: checked with jobs in several statuses on the platform (${OUTCOMES_IN_WORDS}, and one left running). A status no job is in, or that no platform state maps to (often \`unknown\`), lists no job rather than all of them.`,
    why: 'A filter the connector forgets for one status (because the platform has no word for it, or joins two of its states into it) returns every job as that status: a "pending" count that is really the whole history, or a clean-up of "unknown" jobs that cancels everything.',
    async run(ctx) {
      const connector = await ctx.connect();
      const [driven, running] = await Promise.all([
        driveAll(ctx, connector),
        (async () => {
          const jobId = await ctx.submit(connector, 'runsLong');
          await ctx.waitForRunning(connector, jobId);
          return jobId;
        })(),
      ]);
      const known: Array<[string, JobStatus]> = [
        ...driven.map((job): [string, JobStatus] => [job.jobId, job.result.status]),
        [running, JobStatus.RUNNING],
      ];
      for (const statusFilter of Object.values(JobStatus)) {
        const call = `connector.listJobs({ statusFilter: "${statusFilter}", limit: 1000 })`;
        const listed = await connector.listJobs({ statusFilter, limit: 1000, signal: ctx.signal });
        const stray = listed.find((job) => job.status !== statusFilter);
        ctx.check(stray === undefined, {
          expected: `only "${statusFilter}" jobs`,
          actual: `it listed ${ctx.describe(stray?.id)} as "${stray?.status}" (${listed.length} job(s) in all)`,
          call,
        });
        for (const [jobId, status] of known) {
          if (status !== statusFilter) continue;
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
    },
  }),
];
