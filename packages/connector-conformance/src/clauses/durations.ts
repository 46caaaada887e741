import { defineClause } from '../clause.js';

/** Platforms that count whole seconds round both ends of a run: the bound allows for it. */
const ROUNDING_SECONDS = 1.5;

/** `result.*` on how long a job ran: a duration fits the run it measures and does not move once it is over. */
export const durationClauses = [
  defineClause({
    id: 'result.duration-fits-the-run',
    title: "A finished job's duration fits its run and stays put",
    rule: `A finished job's \`durationSeconds\`, when given, is in seconds and no more than the time since the job was submitted (give or take ${ROUNDING_SECONDS} s for platforms that count whole seconds), and every later read of the result gives the same value. Situations: the target's succeeding and failing jobs, at once.`,
    why: 'Durations are billed, charted and compared; one in milliseconds, or one that keeps growing after the job ended, makes a 20-second job look like a day-long one.',
    async run(ctx) {
      const connector = await ctx.connect();
      await Promise.all(
        (['succeeds', 'fails'] as const).map(async (kind) => {
          const submittedAt = ctx.clock.now();
          const jobId = await ctx.submit(connector, kind);
          const result = await ctx.waitForTerminal(connector, jobId);
          const duration = result.durationSeconds;
          if (duration === undefined) return;
          const call = `connector.getJobResult(${ctx.describe(jobId)}) of the ${kind === 'succeeds' ? 'succeeding' : 'failing'} job`;
          const elapsedSeconds = (ctx.clock.now() - submittedAt) / 1000;
          ctx.check(duration <= elapsedSeconds + ROUNDING_SECONDS, {
            expected: `at most ${elapsedSeconds.toFixed(3)} s (the time since submit) + ${ROUNDING_SECONDS} s`,
            actual: `durationSeconds was ${duration}`,
            call,
          });
          await ctx.sleep(Math.max(10, ctx.timing.pollIntervalMs * 2));
          const again = await connector.getJobResult(jobId, { signal: ctx.signal });
          ctx.check(again.durationSeconds === duration, {
            expected: `durationSeconds to stay ${duration} once the job ended "${result.status}"`,
            actual: `a later read gave ${ctx.describe(again.durationSeconds)}`,
            call,
          });
        }),
      );
    },
  }),
];
