import { join } from 'node:path';
import { type CodeBlock, isCheckedTypeScript } from '@neural/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSamples, formatProblems, type SampleResult } from '../src/check-samples.js';
import { listDocFiles, REPO_ROOT, readCodeBlocks } from '../src/doc-files.js';

const WORK_DIR = join(REPO_ROOT, 'packages', 'docs', 'samples');
const files = listDocFiles();
const blocks = readCodeBlocks(files);
const checked = blocks.filter(isCheckedTypeScript);

let results: Map<CodeBlock, SampleResult>;
beforeAll(() => {
  results = new Map(checkSamples(checked, WORK_DIR).map((result) => [result.block, result]));
});

describe('the Markdown files whose samples are checked', () => {
  it('include every guide, the root README and every package README', () => {
    for (const guide of [
      'README',
      'getting-started',
      'writing-a-connector',
      'conformance-in-ci',
      'fake-platform',
      'errors',
    ])
      expect(files).toContain(`docs/${guide}.md`);
    expect(files).toContain('README.md');
    expect(files).toContain('packages/integrations-core/README.md');
    expect(files.some((file) => file.startsWith('docs/api/'))).toBe(false);
  });

  it('never skip a sample of the getting-started guide', () => {
    const skipped = blocks.filter(
      (b) => b.file === 'docs/getting-started.md' && b.flags.includes('no-check'),
    );
    expect(skipped.map((b) => `${b.file}:${b.line}`)).toEqual([]);
  });
});

describe.each(files.filter((file) => checked.some((b) => b.file === file)))('%s', (file) => {
  // Every sample must compile: there is no list of tolerated failures.
  for (const block of checked.filter((b) => b.file === file)) {
    it(`ts block ${block.index} (line ${block.line}) compiles`, () => {
      const { problems } = results.get(block) as SampleResult;
      expect(problems.length, `\n${formatProblems(problems)}\n`).toBe(0);
    });
  }
});
