import {
  type Connector,
  isJobStatus,
  isLegalTransition,
  isTerminalStatus,
  JOB_STATUSES,
  JobStatus,
} from '@neural/integrations-core';
import { defineClause } from '../clause.js';
import type { ClauseContext, StatusObservation } from '../context.js';
import { type DrivenJob, driveAll, OUTCOME_STATUS, OUTCOMES_IN_WORDS } from './situations.js';

/** The observations that are statuses; out-of-vocabulary values are status.values-in-enum's verdict. */
function statusesOf(observations: readonly StatusObservation[]) {
  return observations.filter((o): o is StatusObservation & { status: JobStatus } => isJobStatus(o.status));
}

/** Checks that each change between consecutive observations is legal. */
function checkTransitions(ctx: ClauseContext, label: string, observations: readonly StatusObservation[]) {
  // `unknown` is a non-answer ("ask again"), not a state the job passed through: it is no transition.
  const statuses = statusesOf(observations).filter((o) => o.status !== JobStatus.UNKNOWN);
  for (let i = 1; i < statuses.length; i++) {
    const from = statuses[i - 1]?.status as JobStatus;
    const to = statuses[i] as StatusObservation & { status: JobStatus };
    ctx.check(isLegalTransition(from, to.status), {
      expected: `a legal transition from "${from}"`,
      actual: `the ${label} job went "${from}" → "${to.status}" (seen: ${statuses.map((o) => o.status).join(' → ')})`,
      call: to.call,
    });
  }
}

/**
 * Watches a job to its end as a dashboard does: each poll reads `getJobStatus()`, then the job's line in
 * `listJobs()`, so both sources land in one sequence of observations.
 */
async function watchBothWays(
  ctx: ClauseContext,
  connector: Connector,
  jobId: string,
  observations: StatusObservation[],
  until: (status: JobStatus) => boolean = isTerminalStatus,
): Promise<void> {
  const deadline = ctx.clock.now() + ctx.timing.jobTimeoutMs;
  let interval = ctx.timing.pollIntervalMs;
  for (;;) {
    const status = await connector.getJobStatus(jobId, { signal: ctx.signal });
    observations.push({ status, call: `connector.getJobStatus(${ctx.describe(jobId)})` });
    if (isJobStatus(status) && until(status)) return;
    const listed = await connector.listJobs({ limit: 100, signal: ctx.signal });
    const summary = listed.find((job) => job.id === jobId);
    if (summary) observations.push({ status: summary.status, call: 'connector.listJobs({ limit: 100 })' });
    if (ctx.clock.now() >= deadline) {
      ctx.fail({
        expected: `the job to reach the awaited status within ${ctx.timing.jobTimeoutMs} ms`,
        actual: `it was still "${String(status)}"`,
        call: `connector.getJobStatus(${ctx.describe(jobId)})`,
      });
    }
    await ctx.sleep(interval);
    interval = Math.min(ctx.timing.maxPollIntervalMs, interval * 1.5);
  }
}

/** `status.*`: statuses come from the shared vocabulary, move only forward, and stay put once final. */
export const statusClauses = [
  defineClause({
    id: 'status.values-in-enum',
    title: 'Every status is a JobStatus',
    rule: `\`getJobStatus()\` and \`listJobs()\` report only members of \`JobStatus\` (${JOB_STATUSES.join(', ')}), at every stage of a job's life (pending, running, finished) and whatever its outcome. Situations: ${OUTCOMES_IN_WORDS}; \`listJobs()\` read while they run and after they end.`,
    why: 'Callers switch on the status; a raw platform state ("QUEUED", "done") falls through every branch.',
    async run(ctx) {
      const connector = await ctx.connect();
      const listedWhileRunning: StatusObservation[] = [];
      const driving = driveAll(ctx, connector);
      // Awaited below; until then a rejection must not go unhandled if the list read fails first.
      driving.catch(() => undefined);
      // A read of the list while the jobs are still on their way, so pending and running lines are judged too.
      const listed = await connector.listJobs({ limit: 20, signal: ctx.signal });
      for (const job of listed)
        listedWhileRunning.push({
          status: job.status,
          call: 'connector.listJobs({ limit: 20 }) while jobs run',
        });
      const driven = await driving;
      for (const job of await connector.listJobs({ limit: 20, signal: ctx.signal }))
        listedWhileRunning.push({
          status: job.status,
          call: 'connector.listJobs({ limit: 20 }) after the end',
        });
      for (const { outcome, observations } of driven) {
        for (const { status, call } of observations) {
          ctx.check(isJobStatus(status), {
            expected: `a JobStatus (${JOB_STATUSES.join(', ')})`,
            actual: `the job ${outcome} was reported as ${ctx.describe(status)}`,
            call,
          });
        }
      }
      for (const { status, call } of listedWhileRunning) {
        ctx.check(isJobStatus(status), {
          expected: `a JobStatus (${JOB_STATUSES.join(', ')})`,
          actual: `a listed job was reported as ${ctx.describe(status)}`,
          call,
        });
      }
    },
  }),
  defineClause({
    id: 'status.transitions-legal',
    title: 'Every observed transition is legal',
    rule: `Each change between two consecutive observations of a job, by \`getJobStatus()\` or by its line in \`listJobs()\` (read alternately, as a dashboard does), is allowed by core \`isLegalTransition\`: forward, back to \`pending\` only from \`running\` (a requeue), and no way back from a terminal status. A read of \`unknown\` is a non-answer ("ask again"), not a transition: the statuses on either side of it are judged as consecutive. Situations: ${OUTCOMES_IN_WORDS}.`,
    why: 'Dashboards, retries and `watchJob` reason about progress; a job that goes backwards from an end looks restarted, and two sources that disagree make one of them lie.',
    async run(ctx) {
      const connector = await ctx.connect();
      const watchOne = async (label: string, kind: 'succeeds' | 'fails' | 'runsLong') => {
        const observations: StatusObservation[] = [];
        const jobId = await ctx.submit(connector, kind);
        if (label === 'cancelled while pending') await connector.cancelJob(jobId, { signal: ctx.signal });
        if (label === 'cancelled while running') {
          await watchBothWays(ctx, connector, jobId, observations, (s) => s === JobStatus.RUNNING);
          await connector.cancelJob(jobId, { signal: ctx.signal });
        }
        await watchBothWays(ctx, connector, jobId, observations);
        return { label, observations };
      };
      const watched = await Promise.all([
        watchOne('that succeeds', 'succeeds'),
        watchOne('that fails', 'fails'),
        watchOne('cancelled while pending', 'runsLong'),
        watchOne('cancelled while running', 'runsLong'),
      ]);
      for (const { label, observations } of watched) checkTransitions(ctx, label, observations);
    },
  }),
  defineClause({
    id: 'status.terminal-is-final',
    title: 'Terminal statuses are final',
    rule: `Once a job is reported succeeded, failed or cancelled, every later \`getJobStatus()\` and \`getJobResult()\` reports the same status: read just after the end, and again over the finality window (\`timing.finalityWindowMs\`, which scales with the job timeout). A read of \`unknown\` means "ask again" and is asked again within the job timeout; the answer must then be the same. Situations: ${OUTCOMES_IN_WORDS}.`,
    why: 'Callers stop watching at the first terminal status; a status that changes afterwards is never seen, and the recorded outcome is wrong.',
    async run(ctx) {
      const connector = await ctx.connect();
      const driven = await driveAll(ctx, connector);
      const reads = Math.max(1, ctx.timing.terminalRepolls);
      const gap = Math.max(ctx.timing.pollIntervalMs, Math.round(ctx.timing.finalityWindowMs / reads));
      await Promise.all(
        driven.map(async ({ outcome, jobId, result }) => {
          const terminal = result.status;
          if (!isTerminalStatus(terminal)) return;
          // Read 0 is "just after the end"; the last lands at the end of the finality window.
          for (let i = 0; i <= reads; i++) {
            if (i > 0) await ctx.sleep(gap);
            const when = i === 0 ? 'just after the end' : `${i * gap} ms after the end`;
            const status = await ctx.readStatus(connector, jobId);
            ctx.check(status === terminal, {
              expected: `the job ${outcome} to stay "${terminal}"`,
              actual: `it was reported "${status}" ${when}`,
              call: `connector.getJobStatus(${ctx.describe(jobId)})`,
            });
            const again = await connector.getJobResult(jobId, { signal: ctx.signal });
            ctx.check(again.status === terminal, {
              expected: `the result of the job ${outcome} to stay "${terminal}"`,
              actual: `its result said "${again.status}" ${when}`,
              call: `connector.getJobResult(${ctx.describe(jobId)})`,
            });
          }
        }),
      );
    },
  }),
  defineClause({
    id: 'status.outcome-matches-job',
    title: 'Each job ends the way it went',
    rule: `The target's succeeding job ends \`succeeded\`, its failing job \`failed\`, and a job cancelled (while pending or while running, with \`cancelJob()\` resolving \`true\`) ends \`cancelled\`. Situations: ${OUTCOMES_IN_WORDS}.`,
    why: 'A failure reported as success (or a cancellation as a failure) ships a broken model or pages someone for nothing.',
    async run(ctx) {
      const connector = await ctx.connect();
      const driven: DrivenJob[] = await driveAll(ctx, connector);
      for (const { outcome, jobId, result } of driven) {
        const expected = OUTCOME_STATUS[outcome];
        ctx.check(result.status === expected, {
          expected: `the job ${outcome} to end "${expected}"`,
          actual: `it ended "${result.status}"`,
          call: `connector.getJobStatus(${ctx.describe(jobId)})`,
        });
      }
    },
  }),
  defineClause({
    id: 'status.requeue-reads-pending',
    title: 'A requeued job reads pending, never failed',
    rule: "When the platform requeues a running job (the target's `requeue(jobId)`, e.g. `scontrol requeue`, standing in for a preemption or a node failure), the job is never reported terminal for it: it reads `pending` (or `unknown`, or `running` while the platform stops the run) until it is queued again or runs again, every change stays legal, and it can still be cancelled, ending `cancelled`. A connector maps a platform state by what happens next.",
    why: 'A requeued job reported failed (then pending) makes callers give up on, or re-submit, a job the platform is about to run again.',
    async run(ctx) {
      const requeue = ctx.target.requeue;
      if (!requeue)
        return ctx.skip('the target has no requeue(jobId) hook to make its platform requeue a job');
      const connector = await ctx.connect();
      const jobId = await ctx.submit(connector, 'runsLong');
      const observations: StatusObservation[] = [];
      await ctx.waitForRunning(connector, jobId, observations);
      await requeue.call(ctx.target, jobId);
      // Until it is queued again (or already runs again): never an end. Some platforms hold a requeued job a
      // while before it may run (Slurm: two minutes), so running again is not waited for.
      const afterRequeue = observations.length;
      await watchBothWays(ctx, connector, jobId, observations, (status) => {
        if (status === JobStatus.PENDING) return true;
        const sinceRequeue = statusesOf(observations.slice(afterRequeue));
        return status === JobStatus.RUNNING && sinceRequeue.some((o) => o.status !== JobStatus.RUNNING);
      });
      checkTransitions(ctx, 'requeued', observations);
      const ended = observations
        .slice(afterRequeue)
        .find((o) => isJobStatus(o.status) && isTerminalStatus(o.status));
      ctx.check(ended === undefined, {
        expected: 'the requeued job never to read terminal',
        actual: `it read "${String(ended?.status)}"`,
        call: ended?.call ?? `connector.getJobStatus(${ctx.describe(jobId)})`,
      });
      const cancelled = await connector.cancelJob(jobId, { signal: ctx.signal });
      ctx.check(cancelled === true, {
        expected: 'cancelJob() to resolve true for the requeued job',
        actual: `it resolved ${ctx.describe(cancelled)}`,
      });
      const { result } = await ctx.watchToEnd(connector, jobId);
      ctx.check(result.status === JobStatus.CANCELLED, {
        expected: 'the requeued job, cancelled, to end "cancelled"',
        actual: `it ended "${result.status}"`,
        call: `connector.getJobStatus(${ctx.describe(jobId)})`,
      });
    },
  }),
];
