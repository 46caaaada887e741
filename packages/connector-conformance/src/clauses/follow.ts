import { type Connector, InvalidParameterError, JobStatus } from '@neural/integrations-core';
import { defineClause } from '../clause.js';
import type { ClauseContext } from '../context.js';
import { settleWithin } from '../deadline.js';
import { drain } from './jobs.js';

/** The stream of `followLogs`, or a failure saying the claimed method is missing. */
function followOf(ctx: ClauseContext, connector: Connector): NonNullable<Connector['followLogs']> {
  const follow = connector.followLogs;
  if (!follow) {
    return ctx.fail({
      expected: 'a followLogs method',
      actual: 'the connector has none',
      call: 'connector.followLogs',
    });
  }
  return follow;
}

type Settled = { ended: true; text: string } | { ended: false; error: unknown } | { ended: 'not yet' };

/** Reads a stream to its end in the background; `settled` says how it ended, or that it has not. */
function follow(iterable: AsyncIterable<string>) {
  let text = '';
  let settled: Settled = { ended: 'not yet' };
  const done = (async () => {
    try {
      for await (const chunk of iterable) text += chunk;
      settled = { ended: true, text };
    } catch (error) {
      settled = { ended: false, error };
    }
  })();
  return { done, settled: () => settled, text: () => text };
}

/** Resolves once `promise` settles or `ms` pass on the run's clock, whichever is first; never rejects. */
async function within(ctx: ClauseContext, promise: Promise<unknown>, ms: number): Promise<void> {
  await settleWithin(ctx.clock, ms, () => promise);
}

/**
 * `logs.*` of `followLogs` beyond its output: it ends with a cancel, yields each part of the log once, refuses
 * an offset that is not one, and reads offset 0 as the start.
 */
export const followClauses = [
  defineClause({
    id: 'logs.follow-ends-on-cancel',
    title: 'followLogs of a job ends when the job is cancelled',
    rule: '`followLogs()` of a running job that is then cancelled ends (without an error) within the job timeout of the cancel, as it does for a job that ends by itself.',
    why: 'A caller following a job it cancels (a dashboard, a CLI on Ctrl-C) waits on the stream; one that never ends hangs it forever on a job that is over.',
    requires: ['followLogs'],
    async run(ctx) {
      const connector = await ctx.connect();
      const followLogs = followOf(ctx, connector);
      const jobId = await ctx.submit(connector, 'runsLong');
      await ctx.waitForRunning(connector, jobId);
      const call = `connector.followLogs(${ctx.describe(jobId)}) of a running job, then cancelJob()`;
      const stream = follow(followLogs.call(connector, jobId, { signal: ctx.signal }));
      // Let the stream open and wait for more before the cancel: the situation is a stream waiting on a job.
      await within(ctx, stream.done, Math.max(50, ctx.timing.pollIntervalMs * 4));
      const cancelled = await connector.cancelJob(jobId, { signal: ctx.signal });
      ctx.check(cancelled === true, {
        expected: 'cancelJob() to resolve true for the running job',
        actual: `it resolved ${ctx.describe(cancelled)}`,
        call: `connector.cancelJob(${ctx.describe(jobId)})`,
      });
      await within(ctx, stream.done, ctx.timing.jobTimeoutMs);
      const settled = stream.settled();
      ctx.check(settled.ended !== 'not yet', {
        expected: `the stream to end within ${ctx.timing.jobTimeoutMs} ms (timing.jobTimeoutMs) of the cancel`,
        actual: `it was still open, having yielded ${ctx.describe(stream.text().slice(-120))}`,
        call,
      });
      ctx.check(settled.ended === true, {
        expected: 'the stream to end without an error once the job is cancelled',
        actual: `it rejected with ${ctx.describe(settled.ended === false ? settled.error : undefined)}`,
        call,
      });
    },
  }),
  defineClause({
    id: 'logs.follow-yields-log-once',
    title: 'followLogs yields the log once, from any offset',
    rule: "`followLogs()` of a job yields its log once and in order: read from the start to the job's end, all it yields is a beginning of what `getLogs()` returns once the job has finished (nothing twice, nothing else); read again from a `fromOffset`, a beginning of that log from there.",
    why: 'A stream that yields the whole log again with every new line prints the output many times over, and whoever parses it (metrics, progress) counts everything twice.',
    requires: ['followLogs'],
    async run(ctx) {
      const connector = await ctx.connect();
      const followLogs = followOf(ctx, connector);
      const jobId = await ctx.submit(connector, 'succeeds');
      const call = `connector.followLogs(${ctx.describe(jobId)}) of the succeeding job`;
      const stream = follow(followLogs.call(connector, jobId, { signal: ctx.signal }));
      await stream.done;
      const settled = stream.settled();
      if (settled.ended === false) throw settled.error;
      const result = await ctx.waitForTerminal(connector, jobId);
      const logs = await connector.getLogs(jobId, { signal: ctx.signal });
      const text = stream.text();
      // Whether the stream reaches the very end is logs.follow-yields-output's verdict; this one's is what it yields.
      ctx.check(logs.startsWith(text), {
        expected: `a beginning of the ${logs.length} characters getLogs() returns once the job ${result.status === JobStatus.SUCCEEDED ? 'succeeded' : `ended "${result.status}"`}: ${ctx.describe(logs.slice(0, 120))}`,
        actual: `it yielded ${text.length}: ${ctx.describe(text.slice(0, 120))}`,
        call,
      });
      const from = Math.floor(logs.length / 2);
      const rest = follow(followLogs.call(connector, jobId, { fromOffset: from, signal: ctx.signal }));
      await rest.done;
      const restSettled = rest.settled();
      if (restSettled.ended === false) throw restSettled.error;
      ctx.check(logs.slice(from).startsWith(rest.text()), {
        expected: `a beginning of the log from character ${from}: ${ctx.describe(logs.slice(from, from + 120))}`,
        actual: `it yielded ${ctx.describe(rest.text().slice(0, 120))}`,
        call: `connector.followLogs(${ctx.describe(jobId)}, { fromOffset: ${from} }) of the finished job`,
      });
    },
  }),
  defineClause({
    id: 'logs.follow-rejects-bad-offset',
    title: 'followLogs rejects an offset that is not a whole number of characters',
    rule: '`followLogs()` with a `fromOffset` of -1 or 1.5 rejects with `InvalidParameterError` before it yields anything.',
    why: 'An offset of -1 read as "from the end", or 1.5 rounded somewhere, resumes a stream at the wrong place: lines are lost or shown twice.',
    requires: ['followLogs'],
    async run(ctx) {
      const connector = await ctx.connect();
      const followLogs = followOf(ctx, connector);
      const jobId = await ctx.submit(connector, 'succeeds');
      for (const fromOffset of [-1, 1.5]) {
        const call = `connector.followLogs(${ctx.describe(jobId)}, { fromOffset: ${fromOffset} })`;
        const stream = follow(followLogs.call(connector, jobId, { fromOffset, signal: ctx.signal }));
        await stream.done;
        const settled = stream.settled();
        ctx.check(settled.ended === false && InvalidParameterError.isInstance(settled.error), {
          expected: `an InvalidParameterError for fromOffset ${fromOffset}`,
          actual:
            settled.ended === false
              ? `it rejected with ${ctx.describe(settled.error)}`
              : `it yielded ${ctx.describe(stream.text().slice(0, 120))} and ended`,
          call,
        });
        ctx.check(stream.text() === '', {
          expected: 'nothing yielded before the rejection',
          actual: `it yielded ${ctx.describe(stream.text().slice(0, 120))}`,
          call,
        });
      }
    },
  }),
  defineClause({
    id: 'logs.follow-from-offset-zero',
    title: 'followLogs from offset 0 yields the log from its start',
    rule: '`followLogs()` with an explicit `fromOffset: 0` reads from the start of the log, the same as without an offset: of a finished job, it yields exactly what `followLogs()` without one yields (the whole log, by the clauses above). 0 is the first character, never "from the end" or "new lines only", and never refused.',
    why: 'A caller resuming from a saved offset starts at 0 the first time; a connector that reads 0 as "no offset, follow new lines" or refuses it loses the whole beginning of the log.',
    requires: ['followLogs'],
    async run(ctx) {
      const connector = await ctx.connect();
      const followLogs = followOf(ctx, connector);
      const jobId = await ctx.submit(connector, 'succeeds');
      const result = await ctx.waitForTerminal(connector, jobId);
      const whole = await drain(followLogs.call(connector, jobId, { signal: ctx.signal }));
      const call = `connector.followLogs(${ctx.describe(jobId)}, { fromOffset: 0 }) of the finished job`;
      const stream = follow(followLogs.call(connector, jobId, { fromOffset: 0, signal: ctx.signal }));
      await stream.done;
      const settled = stream.settled();
      ctx.check(settled.ended === true, {
        expected: 'the stream to yield the log and end',
        actual: `it rejected with ${ctx.describe(settled.ended === false ? settled.error : undefined)}`,
        call,
      });
      ctx.check(stream.text() === whole, {
        expected: `what followLogs() without an offset yields of the job, which ended "${result.status}": ${whole.length} characters from the start, ${ctx.describe(whole.slice(0, 120))}`,
        actual: `it yielded ${stream.text().length}: ${ctx.describe(stream.text().slice(0, 120))}`,
        call,
      });
    },
  }),
];
