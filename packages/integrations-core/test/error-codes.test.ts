import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withFreshErrorCodes } from '../scripts/errors-doc.js';
import { ERROR_CODE_FAMILIES, ERROR_CODES, type ErrorCode, isKnownErrorCode } from '../src/index.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fake' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every `new SomeError(…, { …, code: 'LITERAL' })` in packages/*\/src: the class and the literal code. */
function thrownCodes(): { file: string; error: string; code: string }[] {
  const packages = join(repo, 'packages');
  const found: { file: string; error: string; code: string }[] = [];
  for (const pkg of readdirSync(packages)) {
    const src = join(packages, pkg, 'src');
    if (!statSync(join(packages, pkg)).isDirectory()) continue;
    let files: string[];
    try {
      files = sourceFiles(src);
    } catch {
      continue;
    }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // A constructor call, then (without another call opening) its options' literal code.
      for (const match of text.matchAll(
        /new (\w+Error|CloudException)\((?:(?!new \w+\()[\s\S]){0,400}?code: '([A-Z0-9_]+)'/g,
      )) {
        found.push({ file: file.slice(repo.length), error: match[1] ?? '', code: match[2] ?? '' });
      }
    }
  }
  return found;
}

describe('ERROR_CODES', () => {
  it('holds every code the packages throw, under the class that throws it', () => {
    const thrown = thrownCodes();
    expect(thrown.length).toBeGreaterThan(30);
    const wrong = thrown.filter(({ error, code }) => {
      if (!isKnownErrorCode(code)) return true;
      const info = ERROR_CODES[code as keyof typeof ERROR_CODES];
      // A subclass of a listed class (UnknownConnectorError is an InvalidParameterError) throws its parent's codes.
      return (
        info !== undefined &&
        !(info.errors as readonly string[]).includes(error) &&
        !error.startsWith('Unknown')
      );
    });
    expect(wrong).toEqual([]);
  });

  it('is frozen, and every entry says what its code means', () => {
    expect(Object.isFrozen(ERROR_CODES)).toBe(true);
    expect(Object.isFrozen(ERROR_CODE_FAMILIES)).toBe(true);
    for (const info of [...Object.values(ERROR_CODES), ...Object.values(ERROR_CODE_FAMILIES)]) {
      expect(info.meaning.length).toBeGreaterThan(10);
      expect(info.meaning).not.toContain('\n');
    }
  });

  it('knows the codes of the transport that docs/errors.md once left out', () => {
    const codes: ErrorCode[] = [
      'TIMEOUT',
      'INVALID_RESPONSE',
      'SERVER_ERROR',
      'CHECKSUM_MISMATCH',
      'STREAM_BROKEN',
    ];
    for (const code of codes) expect(isKnownErrorCode(code)).toBe(true);
  });

  it('recognises family codes by prefix and nothing else', () => {
    expect(isKnownErrorCode('HTTP_409')).toBe(true);
    expect(isKnownErrorCode('SLURM_2000')).toBe(true);
    expect(isKnownErrorCode('HTTP_')).toBe(false);
    expect(isKnownErrorCode('TIMEOUTS')).toBe(false);
    expect(isKnownErrorCode('toString')).toBe(false);
  });
});

describe('docs/errors.md', () => {
  it('holds the table generated from ERROR_CODES (run `pnpm --filter @neural/integrations-core docs:errors`)', () => {
    const page = readFileSync(join(repo, 'docs/errors.md'), 'utf8');
    expect(page).toBe(withFreshErrorCodes(page));
    for (const code of Object.keys(ERROR_CODES)) expect(page).toContain(`\`${code}\``);
  });
});
