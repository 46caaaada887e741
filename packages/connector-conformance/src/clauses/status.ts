import {
  type Connector,
  isJobStatus,
  isLegalTransition,
  isTerminalStatus,
  JOB_STATUSES,
  JobStatus,
} from '@neural/integrations-core';
import { defineClause } from '../clause.js';
import type { ClauseContext, ConformanceJobKind } from '../context.js';

interface Observation {
  readonly status: unknown;
  readonly call: string;
}

/** Runs a job to its end, recording every status `getJobStatus` reported, in order. */
async function observe(
  ctx: ClauseContext,
  connector: Connector,
  kind: ConformanceJobKind,
): Promise<{ jobId: string; observations: Observation[] }> {
  const jobId = await ctx.submit(connector, kind);
  const observations: Observation[] = [];
  const watched: Connector = new Proxy(connector, {
    get(target, property) {
      if (property !== 'getJobStatus') return Reflect.get(target, property, target);
      return async (id: string, options?: { signal?: AbortSignal }) => {
        const status = await target.getJobStatus(id, options);
        observations.push({ status, call: `connector.getJobStatus(${ctx.describe(id)})` });
        return status;
      };
    },
  });
  await ctx.waitForTerminal(watched, jobId);
  return { jobId, observations };
}

/** `status.*`: statuses come from the shared vocabulary and move only forward. */
export const statusClauses = [
  defineClause({
    id: 'status.values-in-enum',
    title: 'Every status is a JobStatus',
    rule: `\`getJobStatus()\` and \`listJobs()\` report only members of \`JobStatus\` (${JOB_STATUSES.join(', ')}), at every stage of a job's life.`,
    why: 'Callers switch on the status; a raw platform state ("QUEUED", "done") falls through every branch.',
    async run(ctx) {
      const connector = await ctx.connect();
      for (const kind of ['succeeds', 'fails'] as const) {
        const { observations } = await observe(ctx, connector, kind);
        for (const { status, call } of observations) {
          ctx.check(isJobStatus(status), {
            expected: `a JobStatus (${JOB_STATUSES.join(', ')})`,
            actual: `the ${kind} job was reported as ${ctx.describe(status)}`,
            call,
          });
        }
      }
      const listed = await connector.listJobs({ limit: 20, signal: ctx.signal });
      for (const job of listed) {
        ctx.check(isJobStatus(job.status), {
          expected: `a JobStatus (${JOB_STATUSES.join(', ')})`,
          actual: `listJobs() reported job ${ctx.describe(job.id)} as ${ctx.describe(job.status)}`,
          call: 'connector.listJobs({ limit: 20 })',
        });
      }
    },
  }),
  defineClause({
    id: 'status.transitions-legal',
    title: 'Every observed transition is legal',
    rule: 'Each change between two consecutive statuses of a job is allowed by core `isLegalTransition` (no running → pending, no way back from a terminal status).',
    why: 'Dashboards, retries and `watchJob` reason about progress; a job that goes backwards looks restarted or lost.',
    async run(ctx) {
      const connector = await ctx.connect();
      for (const kind of ['succeeds', 'fails'] as const) {
        const { observations } = await observe(ctx, connector, kind);
        // Out-of-vocabulary values are status.values-in-enum's verdict; only judge what can be judged.
        const statuses = observations.filter((o): o is Observation & { status: JobStatus } =>
          isJobStatus(o.status),
        );
        for (let i = 1; i < statuses.length; i++) {
          const from = statuses[i - 1]?.status as JobStatus;
          const to = statuses[i] as Observation & { status: JobStatus };
          ctx.check(isLegalTransition(from, to.status), {
            expected: `a legal transition from "${from}"`,
            actual: `the ${kind} job went "${from}" → "${to.status}"`,
            call: to.call,
          });
        }
      }
    },
  }),
  defineClause({
    id: 'status.terminal-is-final',
    title: 'Terminal statuses are final',
    rule: 'Once a job is reported succeeded, failed or cancelled, every later `getJobStatus()` and `getJobResult()` reports the same status.',
    why: 'Callers stop watching at the first terminal status; a status that changes afterwards is never seen, and the recorded outcome is wrong.',
    async run(ctx) {
      const connector = await ctx.connect();
      for (const kind of ['succeeds', 'fails'] as const) {
        const jobId = await ctx.submit(connector, kind);
        const result = await ctx.waitForTerminal(connector, jobId);
        const terminal = result.status;
        for (let i = 0; i < ctx.timing.terminalRepolls; i++) {
          await ctx.sleep(ctx.timing.pollIntervalMs);
          const status = await connector.getJobStatus(jobId, { signal: ctx.signal });
          ctx.check(status === terminal, {
            expected: `the ${kind} job to stay "${terminal}"`,
            actual: `it was later reported "${status}" (re-read ${i + 1} of ${ctx.timing.terminalRepolls})`,
            call: `connector.getJobStatus(${ctx.describe(jobId)})`,
          });
          const again = await connector.getJobResult(jobId, { signal: ctx.signal });
          ctx.check(again.status === terminal, {
            expected: `the ${kind} job's result to stay "${terminal}"`,
            actual: `its result later said "${again.status}"`,
            call: `connector.getJobResult(${ctx.describe(jobId)})`,
          });
        }
      }
    },
  }),
  defineClause({
    id: 'status.outcome-matches-job',
    title: 'A succeeding job succeeds and a failing job fails',
    rule: "The target's succeeding job ends `succeeded` and its failing job ends `failed`.",
    why: 'A failure reported as success (or the reverse) ships a broken model or pages someone for nothing.',
    async run(ctx) {
      const connector = await ctx.connect();
      const expectations = [
        ['succeeds', JobStatus.SUCCEEDED],
        ['fails', JobStatus.FAILED],
      ] as const;
      for (const [kind, expected] of expectations) {
        const jobId = await ctx.submit(connector, kind);
        const result = await ctx.waitForTerminal(connector, jobId);
        ctx.check(isTerminalStatus(result.status) && result.status === expected, {
          expected: `the ${kind} job to end "${expected}"`,
          actual: `it ended "${result.status}"`,
          call: `connector.getJobStatus(${ctx.describe(jobId)})`,
        });
      }
    },
  }),
];
