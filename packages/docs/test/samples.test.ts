import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSamples, formatProblems, type SampleResult } from '../src/check-samples.js';
import { type CodeBlock, isCheckedTypeScript } from '../src/code-blocks.js';
import { listDocFiles, REPO_ROOT, readCodeBlocks } from '../src/doc-files.js';
import { KNOWN_BROKEN_SAMPLES } from '../src/known-broken.js';

const WORK_DIR = join(REPO_ROOT, 'packages', 'docs', 'samples');
const files = listDocFiles();
const blocks = readCodeBlocks(files);
const checked = blocks.filter(isCheckedTypeScript);
const knownBroken = (block: CodeBlock) =>
  KNOWN_BROKEN_SAMPLES.find((known) => known.file === block.file && known.index === block.index);

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

  it('list only known-broken samples that exist', () => {
    for (const known of KNOWN_BROKEN_SAMPLES)
      expect(
        checked.some((b) => b.file === known.file && b.index === known.index),
        `${known.file} ts block ${known.index}`,
      ).toBe(true);
  });
});

describe.each(files.filter((file) => checked.some((b) => b.file === file)))('%s', (file) => {
  for (const block of checked.filter((b) => b.file === file)) {
    const known = knownBroken(block);
    if (known === undefined) {
      it(`ts block ${block.index} (line ${block.line}) compiles`, () => {
        const { problems } = results.get(block)!;
        expect(problems.length, `\n${formatProblems(problems)}\n`).toBe(0);
      });
    } else {
      it(`ts block ${block.index} (line ${block.line}) is a known-broken sample of ${known.owner}, and still fails`, () => {
        const { problems } = results.get(block)!;
        expect(
          problems.length,
          `${file} ts block ${block.index} now compiles: remove it from KNOWN_BROKEN_SAMPLES`,
        ).toBeGreaterThan(0);
      });
    }
  }
});
