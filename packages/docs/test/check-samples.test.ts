import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type CodeBlock, extractCodeBlocks, isCheckedTypeScript } from '@neural/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSamples, type SampleResult, sampleFileName } from '../src/check-samples.js';
import { REPO_ROOT } from '../src/doc-files.js';

const markdown = [
  '# A page', // 1
  '', // 2
  '```ts', // 3
  "import { JobStatus } from '@neural/integrations-core';", // 4
  'const status: JobStatus = JobStatus.RUNNING;', // 5
  '```', // 6
  '', // 7
  '- a list item:', // 8
  '', // 9
  '  ```ts', // 10
  "  const count: number = 'three';", // 11
  '  ```', // 12
  '', // 13
  '```ts no-check', // 14
  'this is not TypeScript', // 15
  '```', // 16
  '', // 17
  '```sh', // 18
  'npm test', // 19
  '```', // 20
].join('\n');

describe('extractCodeBlocks', () => {
  const blocks = extractCodeBlocks(markdown, 'page.md');

  it('finds every fenced block with the line its code starts on, its language and flags', () => {
    expect(blocks.map(({ line, lang, flags, index }) => ({ line, lang, flags, index }))).toEqual([
      { line: 4, lang: 'ts', flags: [], index: 1 },
      { line: 11, lang: 'ts', flags: [], index: 2 },
      { line: 15, lang: 'ts', flags: ['no-check'], index: 3 },
      { line: 19, lang: 'sh', flags: [], index: 1 },
    ]);
  });

  it('removes the indentation of a fence inside a list item from its code', () => {
    expect(blocks[1]?.code).toBe("const count: number = 'three';");
  });

  it('checks ts blocks unless they are marked no-check', () => {
    expect(blocks.map(isCheckedTypeScript)).toEqual([true, true, false, false]);
  });
});

describe('checkSamples', () => {
  // Inside packages/docs, so the workspace packages resolve as they do for the real samples.
  const workDir = mkdtempSync(join(REPO_ROOT, 'packages', 'docs', 'samples-fixture-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  const page = extractCodeBlocks(markdown, 'page.md').filter(isCheckedTypeScript);
  const unexported = extractCodeBlocks(
    "```ts\nimport { NoSuchExport } from '@neural/integrations-core';\nNoSuchExport;\n```",
    'unexported.md',
  );
  const named = extractCodeBlocks(
    [
      '```ts',
      '// target.ts',
      'export default 42;',
      '```',
      '```ts',
      "import answer from './target.js';",
      'const n: number = answer;',
      '```',
    ].join('\n'),
    'named.md',
  );
  // One compiler program for every case, as for the real samples: a program costs seconds, a block nothing.
  let results: SampleResult[] = [];
  beforeAll(() => {
    results = checkSamples([...page, ...unexported, ...named], workDir);
  });
  const problemsOf = (block: CodeBlock | undefined) =>
    results.find((result) => result.block === block)?.problems;

  it('reports a type error at its line and column in the Markdown file, and passes a correct block', () => {
    expect(problemsOf(page[0])).toEqual([]);
    expect(problemsOf(page[1])).toEqual([
      expect.objectContaining({
        file: 'page.md',
        line: 11,
        column: 7,
        message: expect.stringContaining("'string' is not assignable to type 'number'"),
      }),
    ]);
  });

  it('fails an import of a name a package does not export', () => {
    expect(problemsOf(unexported[0])?.[0]?.message).toContain('has no exported member');
  });

  it('lets a later block import an earlier one that names its file, as a reader saving both would', () => {
    expect(named.map(sampleFileName)).toEqual(['target.ts', 'block-L6.ts']);
    expect(named.map(problemsOf)).toEqual([[], []]);
  });
});
