import { parseDuration } from '@neural/fake-platform/directives';
import { InvalidParameterError } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { parseDirectives } from '../src/index.js';

describe('parseDuration', () => {
  it('reads milliseconds, seconds and minutes', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('2s')).toBe(2_000);
    expect(parseDuration('1.5m')).toBe(90_000);
  });

  it('returns undefined for anything else', () => {
    for (const text of ['', '5', '-1s', '2h', 'soon']) expect(parseDuration(text)).toBeUndefined();
  });
});

describe('parseDirectives', () => {
  it('reads every directive the fake platform documents', () => {
    const directives = parseDirectives(
      [
        '# @fake duration=250ms',
        '# @fake queue=1s',
        '# @fake fail="out of memory"',
        '# @fake output="line one\\nline two"',
        '# @fake metrics={"loss":0.1,"epochs":3}',
        '# @fake artifacts=model.pt, metrics.json',
        '# @fake log="epoch 1"',
        '# @fake log=epoch 2',
        'train()',
      ].join('\n'),
    );
    expect(directives).toEqual({
      durationMs: 250,
      queueMs: 1_000,
      fail: 'out of memory',
      output: 'line one\nline two',
      metrics: { loss: 0.1, epochs: 3 },
      artifacts: ['model.pt', 'metrics.json'],
      logs: ['epoch 1', 'epoch 2'],
      forever: false,
    });
  });

  it('reads forever', () => {
    expect(parseDirectives('# @fake forever\nserve()').forever).toBe(true);
  });

  it('defaults the output to the string literals of print() calls, one per line', () => {
    expect(parseDirectives("print(\"hello\")\nx = 1\nprint('it\\'s done')").output).toBe("hello\nit's done");
  });

  it('leaves everything unset for code without directives', () => {
    expect(parseDirectives('x = 1')).toMatchObject({
      durationMs: undefined,
      queueMs: undefined,
      fail: undefined,
      output: undefined,
      metrics: {},
      artifacts: [],
      logs: [],
      forever: false,
    });
  });

  it('refuses an unknown or malformed directive, naming the line and the rule', () => {
    const error = (() => {
      try {
        parseDirectives('x = 1\n# @fake duraton=2s\n# @fake queue=later\n# @fake metrics=[1]');
      } catch (caught) {
        return caught;
      }
    })();
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    const issues = (error as InvalidParameterError).issues;
    expect(issues.map((issue) => issue.field)).toEqual(['code (line 2)', 'code (line 3)', 'code (line 4)']);
    expect(issues[0]!.rule).toMatch(/not a known directive/);
    expect(issues[1]!.rule).toMatch(/duration such as 250ms/);
    expect(issues[2]!.rule).toMatch(/JSON object/);
  });
});
