import { fileURLToPath } from 'node:url';
import { createManualClock } from '@neural/integrations-core/testing';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { type ConformanceEvent, runConformance } from '../src/index.js';
import { afterAdvancing } from './support/manual-run.js';
import { JOBS, memoryTarget } from './support/target.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
async function run(isTTY: boolean, ...argv: string[]) {
  const chunks: Array<['out' | 'err', string]> = [];
  const code = await main(argv, {
    out: (text) => chunks.push(['out', text]),
    err: (text) => chunks.push(['err', text]),
    isTTY,
  });
  const join = (stream: 'out' | 'err') =>
    chunks
      .filter(([name]) => name === stream)
      .map(([, text]) => text)
      .join('');
  return { code, chunks, out: join('out'), err: join('err') };
}

describe('live progress', { timeout: 30_000 }, () => {
  it('on a terminal, prints each clause as it finishes, then the whole text report', async () => {
    const only = ['auth.valid-credentials', 'submit.returns-id', 'list.honours-limit'];
    const { code, chunks, out } = await run(true, fixture('broken.target.ts'), '--only', only.join(','));
    expect(code).toBe(1);
    // One write per finished clause, each before the report's first line is written.
    const reportAt = chunks.findIndex(([, text]) => text.startsWith('Conformance of'));
    const progress = chunks.slice(0, reportAt).filter(([stream]) => stream === 'out');
    expect(progress.map(([, text]) => /^ {2}[✓✗-] ([\w.-]+):/.exec(text)?.[1])).toEqual([...only, undefined]);
    expect(progress.at(-1)?.[1]).toBe('\n');
    expect(out.slice(out.indexOf('Conformance of'))).toContain('✗ list.honours-limit');
  });

  it('for the machine reporters, keeps stdout to the report and prints progress on stderr', async () => {
    const { code, out, err } = await run(
      true,
      fixture('reference.target.ts'),
      '-r',
      'json',
      '--only',
      'auth.valid-credentials,auth.invalid-credentials',
    );
    expect(code).toBe(0);
    expect(JSON.parse(out).summary.total).toBe(2);
    expect(err).toMatch(/^ {2}✓ auth\.valid-credentials: .*\n {2}✓ auth\.invalid-credentials: /);
  });

  it('in text mode off a terminal, still shows progress, on stderr, and stdout holds only the report', async () => {
    const { out, err } = await run(false, fixture('reference.target.ts'), '--only', 'auth.valid-credentials');
    expect(out.startsWith('Conformance of in-memory reference')).toBe(true);
    expect(err).toContain('✓ auth.valid-credentials');
  });

  it('notices a job that stays in one status past --stall-notice, naming the job and the status', async () => {
    const { code, err } = await run(
      false,
      fixture('slow-queue.target.ts'),
      '--only',
      'result.holds-output',
      '--stall-notice',
      '50',
    );
    expect(code).toBe(0);
    expect(err).toMatch(
      / {2}! job (job-\S+) \(result\.holds-output\) has been "pending" for \d+(?: ms|\.\d s| s) \(notice after 50 ms\)\n/,
    );
    // Once per job and status, not at every poll.
    expect(err.match(/has been "pending"/g)).toHaveLength(1);
  });

  it('refuses a stall threshold that is not a positive whole number of milliseconds', async () => {
    const { code, err } = await run(false, fixture('reference.target.ts'), '--stall-notice', '5s');
    expect(code).toBe(2);
    expect(err).toContain('--stall-notice: must be a whole number of milliseconds greater than 0');
  });
});

describe('runConformance events', () => {
  it('reports clauses starting and finishing, and every job a clause starts with its statuses', async () => {
    const events: ConformanceEvent[] = [];
    await runConformance(memoryTarget(), {
      only: ['result.holds-output'],
      onEvent: (event) => events.push(event),
    });
    expect(events[0]).toEqual({
      type: 'clause-started',
      clauseId: 'result.holds-output',
      title: expect.any(String),
    });
    expect(events.at(-1)).toMatchObject({ type: 'clause-finished', clause: { outcome: 'passed' } });
    const submitted = events.find((event) => event.type === 'job-submitted');
    expect(submitted).toMatchObject({
      clauseId: 'result.holds-output',
      jobId: expect.stringMatching(/^job-/),
    });
    const statuses = events.flatMap((event) =>
      event.type === 'job-status' && submitted?.type === 'job-submitted' && event.jobId === submitted.jobId
        ? [event.status]
        : [],
    );
    expect(statuses.at(-1)).toBe('succeeded');
  });

  it('by default notices after a quarter of timing.jobTimeoutMs', async () => {
    const events: ConformanceEvent[] = [];
    const clock = createManualClock();
    const target = memoryTarget(
      undefined,
      {
        jobs: { ...JOBS, succeeds: { code: "# @fake queue=300ms\nprint('late')", expectedOutput: 'late' } },
        timing: { jobTimeoutMs: 800, pollIntervalMs: 5, maxPollIntervalMs: 10 },
      },
      clock,
    );
    const run = runConformance(target, {
      only: ['result.holds-output'],
      clock,
      onEvent: (event) => events.push(event),
    });
    const report = await afterAdvancing(clock, 60_000, run);
    expect(report?.ok).toBe(true);
    const stalled = events.find((event) => event.type === 'job-stalled');
    expect(stalled).toMatchObject({ status: 'pending', thresholdMs: 200, forMs: 200 });
  });
});
