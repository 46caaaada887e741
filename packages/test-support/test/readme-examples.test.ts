import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readmeExamples, runReadmeExample } from '../src/index.js';

let dir: URL;
beforeEach(async () => {
  dir = pathToFileURL(`${await mkdtemp(join(tmpdir(), 'readme-examples-'))}/`);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('readmeExamples', () => {
  it('returns every ts block in order, and nothing from blocks of other languages', async () => {
    const readme = new URL('README.md', dir);
    await writeFile(
      readme,
      '# P\n\n```ts\nconst a = 1;\n```\n\n```sh\nnpm i p\n```\n\n```ts\nconst b = 2;\n```\n',
    );
    expect(await readmeExamples(readme)).toEqual(['const a = 1;\n', 'const b = 2;\n']);
  });
});

describe('runReadmeExample', () => {
  it('hands back what the example logged and wrote to stdout, awaiting its top-level await', async () => {
    const output = await runReadmeExample(
      "await new Promise((r) => setTimeout(r, 1));\nconsole.log('done', 2);\nprocess.stdout.write('raw');\n",
      dir,
    );
    expect(output).toEqual({ logs: [['done', 2]], stdout: 'raw' });
  });

  it('runs the same code twice afresh, and leaves no module file behind', async () => {
    const code = 'console.log(Math.random());';
    const [first, second] = [await runReadmeExample(code, dir), await runReadmeExample(code, dir)];
    expect(first.logs[0]?.[0]).not.toBe(second.logs[0]?.[0]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('rethrows what the example throws, with console.log restored and the file removed', async () => {
    const { log } = console;
    await expect(runReadmeExample("throw new Error('broken sample');", dir)).rejects.toThrow('broken sample');
    expect(console.log).toBe(log);
    expect(await readdir(dir)).toEqual([]);
  });
});
