import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { ConformanceTargetError, openConformanceSession, REPORTERS, runConformance } from '../src/index.js';
import { INVALID_KEY, memoryTarget, VALID_KEY } from './support/target.js';
import { assertWellFormedXml } from './support/xml.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (text) => (out += text), err: (text) => (err += text), isTTY: false });
  return { code, out, err };
}

describe('a target whose create() throws an error holding its API keys', { timeout: 30_000 }, () => {
  it.each(REPORTERS)(
    'is reported as the target failing, keys redacted, by the %s reporter',
    async (reporter) => {
      const { code, out, err } = await run(fixture('create-throws.target.ts'), '--reporter', reporter);
      expect(code).toBe(1);
      for (const text of [out, err]) {
        expect(text).not.toContain(VALID_KEY);
        expect(text).not.toContain(INVALID_KEY);
        expect(text).not.toContain(encodeURIComponent(VALID_KEY));
      }
      expect(out).toContain(
        'cannot connect to https://api.example/v1?key=[REDACTED] (also tried [REDACTED])',
      );
      if (reporter === 'text') {
        expect(out).toContain(
          '✗ the target failed: target.create(credentials.valid) threw Error: cannot connect',
        );
        expect(out).toContain('The target failed: the connector could not be judged in full.');
      }
      if (reporter === 'json') {
        const report = JSON.parse(out);
        expect(report.ok).toBe(false);
        expect(report.targetFailure).toMatchObject({
          phase: 'create',
          call: 'target.create(credentials.valid)',
        });
        expect(report.clauses.every((clause: { outcome: string }) => clause.outcome === 'skipped')).toBe(
          true,
        );
      }
      if (reporter === 'junit') {
        assertWellFormedXml(out);
        expect(out).toContain('errors="1"');
        expect(out).toMatch(
          /<error message="Error: cannot connect to https:\/\/api\.example\/v1\?key=\[REDACTED\]/,
        );
      }
    },
  );
});

describe('a target whose setup() or teardown() throws', () => {
  it('reports setup() as the target failure, redacted, with its code, and runs no clause', async () => {
    let created = 0;
    const target = memoryTarget(undefined, {
      setup: () => {
        const error = new Error(`sandbox refused token ${VALID_KEY}`) as Error & { code: string };
        error.code = 'E_SANDBOX';
        throw error;
      },
      create: () => {
        created += 1;
        throw new Error('unreachable');
      },
    });
    const report = await runConformance(target, { only: ['auth.'] });
    expect(report.ok).toBe(false);
    expect(report.targetFailure).toEqual({
      phase: 'setup',
      call: 'target.setup()',
      message: 'Error [E_SANDBOX]: sandbox refused token [REDACTED]',
    });
    expect(created).toBe(0);
  });

  it('reports teardown() after the clauses ran, keeping their outcomes', async () => {
    const target = memoryTarget(undefined, {
      teardown: () => {
        throw new Error(`could not delete sandbox of ${INVALID_KEY}`);
      },
    });
    const report = await runConformance(target, { only: ['auth.valid-credentials'] });
    expect(report.clauses[0]?.outcome).toBe('passed');
    expect(report.targetFailure).toEqual({
      phase: 'teardown',
      call: 'target.teardown()',
      message: 'Error: could not delete sandbox of [REDACTED]',
    });
    expect(report.ok).toBe(false);
  });

  it('throws a redacted ConformanceTargetError from openConformanceSession, with no raw cause to inspect', async () => {
    const target = memoryTarget(() => {
      throw new Error(`bad key ${VALID_KEY}`);
    });
    const error = await openConformanceSession(target).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConformanceTargetError);
    expect(inspect(error, { depth: 5 })).not.toContain(VALID_KEY);
    expect(JSON.stringify(error)).not.toContain(VALID_KEY);
  });
});
