/**
 * A README's code samples, run as written: each TypeScript block is written to a module beside the test that
 * asks for it (so its imports resolve as the package's own tests do, aliases included), imported, and what it
 * printed is handed back for the test to compare with what the README says it prints.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { extractCodeBlocks } from './code-blocks.js';

/**
 * The fenced `ts` code blocks (without flags such as `no-check`) of the README at `readme`, in order, each
 * ending with its last line's newline.
 */
export async function readmeExamples(readme: URL): Promise<string[]> {
  const blocks = extractCodeBlocks(await readFile(readme, 'utf8'), fileURLToPath(readme));
  return blocks
    .filter((block) => block.lang === 'ts' && block.flags.length === 0)
    .map((block) => `${block.code}\n`);
}

/** What a README example printed while it ran. */
export interface ReadmeExampleOutput {
  /** The arguments of each `console.log` call, in order. */
  readonly logs: unknown[][];
  /** Everything written straight to `process.stdout` (a stream piped there, say). */
  readonly stdout: string;
}

/**
 * Runs `code` as an ES module written into the folder `dir` (pass `new URL('.', import.meta.url)`), and
 * returns what it printed. Top-level `await` in the example is awaited; an error it throws is thrown here. The
 * module file is removed afterwards, and each run gets a new file name, so the import cache never hands back
 * an earlier example.
 */
export async function runReadmeExample(code: string, dir: URL): Promise<ReadmeExampleOutput> {
  const file = fileURLToPath(new URL(`.readme-example-${process.pid}-${++runs}.generated.ts`, dir));
  await writeFile(file, code);
  const logs: unknown[][] = [];
  let stdout = '';
  const { log } = console;
  const write = process.stdout.write;
  console.log = (...args: unknown[]) => void logs.push(args);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  try {
    await import(file);
  } finally {
    console.log = log;
    process.stdout.write = write;
    await rm(file, { force: true });
  }
  return { logs, stdout };
}

let runs = 0;
