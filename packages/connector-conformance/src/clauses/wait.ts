import { CloudException, type Connector, JobStatus, type StatusChange } from '@neural/integrations-core';
import { defineClause } from '../clause.js';
import type { ClauseContext } from '../context.js';

/**
 * Calls `waitForStatusChange`, timing it on the run's clock: the connector must wait on that same clock (a
 * target given an injected clock makes its connectors on it), or its promptness is judged on the wrong time.
 */
async function timedWait(
  ctx: ClauseContext,
  connector: Connector,
  jobId: string,
  options: { since: JobStatus; timeoutMs: number; signal: AbortSignal },
): Promise<{ change: StatusChange; tookMs: number }> {
  const wait = connector.waitForStatusChange;
  if (!wait) throw new TypeError('the connector has no waitForStatusChange method');
  const started = ctx.clock.now();
  const change = await wait.call(connector, jobId, options);
  return { change, tookMs: ctx.clock.now() - started };
}

/** How late a polling implementation may notice: one poll interval of the target, or 5% of the wait. */
function allowedLatenessMs(ctx: ClauseContext, waitedMs: number): number {
  return Math.max(ctx.timing.maxPollIntervalMs, waitedMs * 0.05) + ctx.timing.abortGraceMs;
}

/** `status.wait-for-change`: the push capability returns on a change, never on a non-change, and stops on time. */
export const waitClauses = [
  defineClause({
    id: 'status.wait-for-change',
    title:
      'waitForStatusChange returns promptly on a change, never reports the same status, honours its timeout and signal',
    rule: "`waitForStatusChange(jobId, { since, timeoutMs, signal })` of the target's long-running job: resolves `{ changed: true }` with the current status at once when it already differs from `since`; with `since` the current status, resolves `{ status: since, changed: false }` no sooner than `timeoutMs` and within one poll interval (or 5% of the wait) after it; rejects with a `CloudException` within the abort grace period once its signal aborts; and, waiting while the job is cancelled, resolves `{ changed: true }` with a status other than `running` within one poll interval (or 5% of the wait) of the cancel.",
    why: '`waitForCompletion` and `watchJob` rely on it to notice an end the moment it happens: a wait that reports a non-change wakes callers for nothing, one that outlives its timeout or its signal hangs them, and one that misses a change leaves a finished job looking like it runs.',
    requires: ['waitForStatusChange'],
    async run(ctx) {
      const connector = await ctx.connect();
      const jobId = await ctx.submit(connector, 'runsLong');
      await ctx.waitForRunning(connector, jobId);
      const describe = (options: object) =>
        `connector.waitForStatusChange(${ctx.describe(jobId)}, ${ctx.describe(options)})`;

      const already = await timedWait(ctx, connector, jobId, {
        since: JobStatus.PENDING,
        timeoutMs: 60_000,
        signal: ctx.signal,
      });
      ctx.check(already.change.changed === true && already.change.status === JobStatus.RUNNING, {
        expected: '{ status: "running", changed: true }: the job already runs, which differs from "pending"',
        actual: `it resolved ${ctx.describe(already.change)}`,
        call: describe({ since: 'pending', timeoutMs: 60_000 }),
      });
      ctx.check(already.tookMs <= allowedLatenessMs(ctx, 0), {
        expected: `it to resolve at once (within ${allowedLatenessMs(ctx, 0)} ms)`,
        actual: `it took ${already.tookMs} ms`,
        call: describe({ since: 'pending', timeoutMs: 60_000 }),
      });

      const timeoutMs = Math.min(ctx.timing.jobTimeoutMs, Math.max(1_000, 2 * ctx.timing.pollIntervalMs));
      const unchanged = await timedWait(ctx, connector, jobId, {
        since: JobStatus.RUNNING,
        timeoutMs,
        signal: ctx.signal,
      });
      const call = describe({ since: 'running', timeoutMs });
      ctx.check(unchanged.change.changed === false && unchanged.change.status === JobStatus.RUNNING, {
        expected:
          '{ status: "running", changed: false }: nothing changed, and the same status is never a change',
        actual: `it resolved ${ctx.describe(unchanged.change)}`,
        call,
      });
      // A few milliseconds of slack: timers and clocks round.
      ctx.check(unchanged.tookMs >= timeoutMs - 20, {
        expected: `it to wait its whole timeout (${timeoutMs} ms) when nothing changes`,
        actual: `it resolved after ${unchanged.tookMs} ms`,
        call,
      });
      ctx.check(unchanged.tookMs <= timeoutMs + allowedLatenessMs(ctx, timeoutMs), {
        expected: `it to resolve within ${allowedLatenessMs(ctx, timeoutMs)} ms of its ${timeoutMs} ms timeout`,
        actual: `it took ${unchanged.tookMs} ms`,
        call,
      });

      const controller = new AbortController();
      const abortable = timedWait(ctx, connector, jobId, {
        since: JobStatus.RUNNING,
        timeoutMs: ctx.timing.jobTimeoutMs,
        signal: AbortSignal.any([ctx.signal, controller.signal]),
      });
      abortable.catch(() => {});
      await ctx.sleep(ctx.timing.pollIntervalMs);
      const abortedAt = ctx.clock.now();
      controller.abort();
      const aborted = await abortable.then(
        (change) => ({ settled: 'resolved' as const, value: change.change }),
        (error: unknown) => ({ settled: 'rejected' as const, value: error }),
      );
      const abortCall = `${describe({ since: 'running', timeoutMs: ctx.timing.jobTimeoutMs })} aborted while the job runs`;
      ctx.check(aborted.settled === 'rejected' && CloudException.isInstance(aborted.value), {
        expected: 'it to reject with a CloudException (OperationAbortedError) once its signal aborts',
        actual: `it ${aborted.settled} ${ctx.describe(aborted.value)}`,
        call: abortCall,
      });
      const abortTook = ctx.clock.now() - abortedAt;
      ctx.check(abortTook <= ctx.timing.abortGraceMs, {
        expected: `it to stop within the abort grace period (${ctx.timing.abortGraceMs} ms)`,
        actual: `it took ${abortTook} ms`,
        call: abortCall,
      });

      const waitStarted = ctx.clock.now();
      const changing = timedWait(ctx, connector, jobId, {
        since: JobStatus.RUNNING,
        timeoutMs: ctx.timing.jobTimeoutMs,
        signal: ctx.signal,
      });
      changing.catch(() => {});
      await ctx.sleep(ctx.timing.pollIntervalMs);
      await connector.cancelJob(jobId, { signal: ctx.signal });
      const cancelledAt = ctx.clock.now();
      const { change } = await changing;
      const changeCall = `${describe({ since: 'running', timeoutMs: ctx.timing.jobTimeoutMs })} while the job is cancelled`;
      ctx.check(change.changed === true && change.status !== JobStatus.RUNNING, {
        expected: '{ changed: true } with the new status (the job was cancelled)',
        actual: `it resolved ${ctx.describe(change)}`,
        call: changeCall,
      });
      const late = ctx.clock.now() - cancelledAt;
      const allowed = allowedLatenessMs(ctx, cancelledAt - waitStarted);
      ctx.check(late <= allowed, {
        expected: `it to resolve within ${allowed} ms of the cancel`,
        actual: `it resolved ${late} ms after the cancel`,
        call: changeCall,
      });
    },
  }),
];
