import { createManualClock } from '@neural/integrations-core/testing';
import { describe, expect, it } from 'vitest';
import { FakePlatformModel, PlatformProblem, parseDuration, planJob } from '../src/index.js';
import { normalizeFilePath } from '../src/model/files.js';

const defaults = { queueMs: 100, startingMs: 50, durationMs: 2000 };

describe('directives', () => {
  it('parse durations in ms, s and m', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('2s')).toBe(2000);
    expect(parseDuration('1.5m')).toBe(90_000);
    expect(parseDuration('2 s')).toBeUndefined();
    expect(parseDuration('25h')).toBeUndefined();
  });

  it('read several directives on one line, quoted strings with spaces and JSON objects', () => {
    const plan = planJob(
      '# @fake duration=1s fail="disk full: /tmp" metrics={"a":{"b":"x y"}}\n#@fake log=plain',
      defaults,
    );
    expect(plan).toMatchObject({
      durationMs: 1000,
      fail: 'disk full: /tmp',
      metrics: { a: { b: 'x y' } },
      logLines: ['plain'],
    });
  });

  it('default the output to print() string literals, one per line', () => {
    expect(planJob(`print("a")\nx = 1\nprint('b\\'c')\nprint(f"{x}")`, defaults).output).toBe("a\nb'c");
  });

  it('refuse unknown directives and malformed values, naming the line', () => {
    const problem = (() => {
      try {
        planJob('ok\n# @fake forever=yes metrics=[1] queue=', defaults);
      } catch (error) {
        return error as PlatformProblem;
      }
    })();
    expect(problem).toBeInstanceOf(PlatformProblem);
    expect(problem?.status).toBe(422);
    expect(problem?.errors?.map((e) => e.rule)).toEqual([
      'line 2: @fake forever takes no value',
      'line 2: @fake metrics must be a JSON object such as {"loss":0.1}',
      'line 2: @fake queue needs a value (key=value)',
    ]);
  });
});

describe('file paths', () => {
  it('are normalised relative paths', () => {
    expect(normalizeFilePath('a/./b//c.txt')).toBe('a/b/c.txt');
    expect(normalizeFilePath('dir%20name/f%2Fg')).toBe('dir name/f/g');
  });

  it.each([
    '..',
    'a/../../b',
    '%2E%2E/x',
    '/etc/passwd',
    '%2Fetc',
    'C:%5Cx',
    '\\\\server\\share',
    '',
    '%E0%A4%A',
    'a%00b',
  ])('refuse %j with INVALID_PATH', (path) => {
    expect(() => normalizeFilePath(path)).toThrow(expect.objectContaining({ code: 'INVALID_PATH' }));
  });
});

describe('the model', () => {
  it('wakes a long-poll when the manual clock is advanced directly', async () => {
    const clock = createManualClock();
    const model = new FakePlatformModel({ clock });
    const { job } = model.submitJob({ code: 'x' });
    const waiting = model.waitForJob(job.id, 'QUEUED', 30_000);
    await clock.advance(100);
    expect((await waiting).state).toBe('STARTING');
  });

  it('advances an offset on a clock it cannot move, and wakes waiters', async () => {
    let now = 1_000_000;
    const model = new FakePlatformModel({ clock: { now: () => now, sleep: () => new Promise(() => {}) } });
    const { job } = model.submitJob({ code: '# @fake queue=1s' });
    const waiting = model.waitForJob(job.id, 'QUEUED', 30_000);
    await model.advance(1_000);
    expect((await waiting).state).toBe('STARTING');
    now += 1;
    expect(model.now()).toBe(1_001_001);
  });

  it('lets a test finish a job directly, cutting its log at that moment', async () => {
    const clock = createManualClock();
    const model = new FakePlatformModel({ clock });
    const { job } = model.submitJob({ code: '# @fake duration=10s log="later"' });
    await clock.advance(1_000);
    expect(model.finishJob(job.id, { state: 'COMPLETED', output: 'forced' })).toMatchObject({
      finished: true,
    });
    expect(model.getResult(job.id)).toMatchObject({ state: 'COMPLETED', output: 'forced' });
    await clock.advance(60_000);
    const logs = model.readLogs(job.id);
    expect(logs.content).not.toContain('later');
    expect(logs.content).toMatch(/finished as COMPLETED\n$/);
    expect(logs.complete).toBe(true);
    expect(model.finishJob(job.id, { state: 'FAILED' })).toMatchObject({ finished: false });
  });

  it('lists a page by position: the cost of a page does not depend on how many jobs exist', () => {
    const model = new FakePlatformModel({ clock: createManualClock(), listScanBudget: 150 });
    for (let i = 0; i < 2_000; i++)
      model.submitJob({ code: i % 100 === 0 ? '# @fake fail=x queue=0ms starting=0ms duration=0ms' : 'x' });
    const page = model.listJobs({ limit: 5, states: ['FAILED'] });
    // Only the budget of 150 jobs (1999..1850) was inspected: the page is short but says where to continue.
    expect(page.jobs.map((j) => j.id)).toEqual([model.jobIds[1900]]);
    expect(page.nextCursor).not.toBeNull();
    const next = model.listJobs({ limit: 5, states: ['FAILED'], cursor: page.nextCursor! });
    expect(next.jobs.map((j) => j.id)).toEqual([model.jobIds[1800], model.jobIds[1700]]);
  });

  it('answers on the `url` option, and refuses the old `baseUrl` naming its new name', () => {
    const model = new FakePlatformModel({ url: 'http://platform.test/' });
    expect(model.options.url).toBe('http://platform.test/');
    expect(() => new FakePlatformModel({ baseUrl: 'http://platform.test' } as never)).toThrow(
      /baseUrl: is now `url`/,
    );
    // A typo is pointed at a key that works, never at the renamed one.
    const typo = () => new FakePlatformModel({ baseURL: 'http://platform.test' } as never);
    expect(typo).toThrow(/baseURL: is not a known option/);
    expect(typo).not.toThrow(/did you mean "baseUrl"/);
  });

  it('keeps secrets out of recorded requests', () => {
    const model = new FakePlatformModel({ apiKey: 'super-secret-key' });
    model.recordRequest(
      new Request('http://x/v1/jobs?access_token=abc&limit=2', {
        headers: {
          authorization: 'Bearer abc',
          'x-api-key': 'super-secret-key',
          'x-note': 'super-secret-key!',
        },
      }),
    );
    const [recorded] = model.requests;
    expect(JSON.stringify(recorded)).not.toMatch(/abc|super-secret-key/);
    expect(recorded?.path).toBe('/v1/jobs?access_token=%5BREDACTED%5D&limit=2');
  });
});

describe('disposing the model', () => {
  it('answers long-polls, breaks log streams without `end`, and keeps the jobs readable', async () => {
    const model = new FakePlatformModel({ clock: createManualClock() });
    const { job } = model.submitJob({ code: '# @fake forever' });
    const waiting = model.waitForJob(job.id, 'QUEUED', 30_000);
    const events: string[] = [];
    const following = (async () => {
      for await (const event of model.followLogs(job.id)) events.push(event.type);
    })();
    model.dispose();
    expect((await waiting).state).toBe('QUEUED');
    await following;
    expect(events).toEqual(['log']);
    expect(model.jobCount).toBe(1);
  });
});
