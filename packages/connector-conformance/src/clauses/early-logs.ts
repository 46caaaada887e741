import { type Connector, isTerminalStatus, JobStatus } from '@neural/integrations-core';
import { defineClause } from '../clause.js';
import type { ClauseContext } from '../context.js';

/** One read of a job's logs taken before it ended, and what its status said around it. */
interface EarlyRead {
  readonly logs: string;
  /** The status read just before the logs (`pending` or `running`). */
  readonly status: JobStatus;
  /** The status read just after them: the job may have moved on while its logs were read. */
  readonly statusAfter: JobStatus;
  /** Read `pending` before and after, with no other answer seen since submit: the job had not started. */
  readonly beforeStart: boolean;
  /** The result's `output`, read beside the logs of a job that had not started. */
  readonly output?: string | undefined;
}

/** How many times `part` occurs in `text`, without overlaps. */
function occurrences(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + part.length)) count++;
  return count;
}

/**
 * The complete lines of a log read, with how often each occurs: a line still being written (no newline yet)
 * is left out, and so are blank ones. A platform may join two streams with a newline of its own (stdout
 * mid-line, then stderr), so a complete line of an early read is looked for as text in the finished log.
 */
function completeLines(logs: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of logs.split('\n').slice(0, -1)) {
    if (line.trim() !== '') counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  return counts;
}

/**
 * Reads the job's logs (and, before it starts, its result) between two status reads, every poll interval,
 * until a status read says it ended. Fails the clause if it has not ended within the job timeout.
 */
async function readUntilEnd(ctx: ClauseContext, connector: Connector, jobId: string): Promise<EarlyRead[]> {
  const options = { signal: ctx.signal };
  const reads: EarlyRead[] = [];
  const deadline = ctx.clock.now() + ctx.timing.jobTimeoutMs;
  // Anything but `pending` (`unknown` too: it may hide a start) means the job may have run some code.
  let mayHaveStarted = false;
  for (;;) {
    const before = await connector.getJobStatus(jobId, options);
    if (isTerminalStatus(before)) return reads;
    mayHaveStarted ||= before !== JobStatus.PENDING;
    const logs: unknown = await connector.getLogs(jobId, options);
    const output = mayHaveStarted ? undefined : (await connector.getJobResult(jobId, options)).output;
    const after = await connector.getJobStatus(jobId, options);
    mayHaveStarted ||= after !== JobStatus.PENDING;
    if (typeof logs !== 'string') {
      ctx.fail({
        expected: 'getLogs() of a job not yet ended to resolve a string',
        actual: `it resolved ${ctx.describe(logs)}`,
        call: `connector.getLogs(${ctx.describe(jobId)}) while the job was "${before}"`,
      });
    }
    if (isTerminalStatus(after)) return reads;
    reads.push({ logs, status: before, statusAfter: after, beforeStart: !mayHaveStarted, output });
    if (ctx.clock.now() >= deadline) {
      ctx.fail({
        expected: `the succeeding job to end within the job timeout (${ctx.timing.jobTimeoutMs} ms)`,
        actual: `it was still "${after}"`,
        call: `connector.getJobStatus(${ctx.describe(jobId)})`,
      });
    }
    await ctx.sleep(ctx.timing.pollIntervalMs);
  }
}

/** `logs.*` read before the job ends: an early read shows what the job has written so far, and only that. */
export const earlyLogClauses = [
  defineClause({
    id: 'logs.early-reads-hold-only-what-was-written',
    title: 'Logs read before a job ends hold only what it has written',
    rule: "`getLogs()` of the target's succeeding job, read again and again before it has ended, holds no line of its finished log more often than the finished log does (no page read twice); lines the finished log does not hold (a platform's own notices, a placeholder, a part a platform no longer keeps) are not judged, nor lines not yet ended by a newline, nor blank ones. And while the job has not started (it reads `pending` before and after the read and again at the next read, and read nothing else since its submit), neither `getLogs()` nor the `output` of `getJobResult()` holds a line of what it prints (the target's `expectedOutput`) as a whole line.",
    why: 'Users watch a job by reading its logs as it runs: a log that repeats a page, or shows output before any code ran (a stale file of an earlier job with the same id, a cache keyed by name), tells them something that did not happen. A platform whose status lags its logs by a moment is tolerated: only output shown across two reads of a job still pending is judged.',
    async run(ctx) {
      const connector = await ctx.connect();
      const jobId = await ctx.submit(connector, 'succeeds');
      // readUntilEnd returns once a status read says the job ended: its log is finished.
      const reads = await readUntilEnd(ctx, connector, jobId);
      const logs: unknown = await connector.getLogs(jobId, { signal: ctx.signal });
      const finished =
        typeof logs === 'string'
          ? logs
          : ctx.fail({
              expected: 'getLogs() of a finished job to resolve a string',
              actual: `it resolved ${ctx.describe(logs)}`,
              call: `connector.getLogs(${ctx.describe(jobId)}) once the job has finished`,
            });
      const expectedOutput = ctx.target.jobs.succeeds.expectedOutput;
      const expectedLines = new Set(expectedOutput.split('\n').filter((line) => line.trim() !== ''));
      const holdsExpectedLine = (text: string | undefined): boolean =>
        text?.split('\n').some((line) => expectedLines.has(line)) ?? false;
      for (const [index, read] of reads.entries()) {
        const when =
          read.status === read.statusAfter
            ? `while the job was "${read.status}"`
            : `while the job went from "${read.status}" to "${read.statusAfter}"`;
        const call = `connector.getLogs(${ctx.describe(jobId)}) ${when}`;
        for (const [line, count] of completeLines(read.logs)) {
          const inFinished = occurrences(finished, line);
          ctx.check(inFinished === 0 || inFinished >= count, {
            expected:
              'no line of the finished log read more often, before the job ended, than the finished log holds it',
            actual: `the line ${ctx.describe(line)} was read ${count} time(s) then, but is ${inFinished} time(s) in the finished log ${ctx.describe(finished)}`,
            call,
          });
        }
        // Still pending at the next read too: output shown now is not a status lagging its logs by a moment.
        const stillPendingAfter = reads[index + 1]?.status === JobStatus.PENDING;
        if (!read.beforeStart || !stillPendingAfter) continue;
        ctx.check(!holdsExpectedLine(read.logs), {
          expected: `no ${ctx.describe(expectedOutput)} in the logs of a job that has not started`,
          actual: `they were ${ctx.describe(read.logs)}`,
          call: `${call}, before it started`,
        });
        ctx.check(!holdsExpectedLine(read.output), {
          expected: `no ${ctx.describe(expectedOutput)} in the output of a job that has not started`,
          actual: `the output was ${ctx.describe(read.output)}`,
          call: `connector.getJobResult(${ctx.describe(jobId)}) while the job was "pending", before it started`,
        });
      }
    },
  }),
];
