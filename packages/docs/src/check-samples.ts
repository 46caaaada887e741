import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { CodeBlock } from '@neural/test-support';
import ts from 'typescript';

/** A compiler error in a code block, placed in the Markdown file it came from. */
export interface SampleProblem {
  /** The Markdown file. */
  readonly file: string;
  /** The 1-based line in the Markdown file. */
  readonly line: number;
  /** The 1-based column in that line of code. */
  readonly column: number;
  /** The compiler's message, flattened. */
  readonly message: string;
}

/** The outcome for one code block. */
export interface SampleResult {
  readonly block: CodeBlock;
  /** Where the block was written for the compiler. */
  readonly path: string;
  readonly problems: readonly SampleProblem[];
}

/**
 * What a reader's project looks like: strict, ES modules resolved the way Node.js resolves them, so an import
 * that only works through a bundler's leniency, or a subpath the package does not export, fails here too.
 */
export const SAMPLE_COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  types: ['node'],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  esModuleInterop: true,
  isolatedModules: true,
  resolveJsonModule: true,
};

const NAMED_BLOCK = /^\/\/ (?<name>[a-zA-Z0-9._-]+(?:\/[a-zA-Z0-9._-]+)*\.ts)(?::\s.*|\s*)$/;

/**
 * The file a block is written to. A block whose first line is a comment naming a file (`// target.ts`,
 * `// test/conformance.test.ts`, `// train.ts: what it is`) is written under that name, so a later block of the same Markdown file can
 * import it (`import target from './target.js'`), as the reader would after saving both. Other blocks are
 * named by their line.
 */
export function sampleFileName(block: CodeBlock): string {
  const name = NAMED_BLOCK.exec(block.code.split('\n', 1)[0] ?? '')?.groups?.name;
  return name !== undefined && !name.split('/').includes('..') ? name : `block-L${block.line}.ts`;
}

/**
 * Type-checks every block as its own ES module, all in one compiler program for speed. The blocks are written
 * to `workDir` (one folder per Markdown file), which must lie inside a package whose `node_modules` holds what the samples import (here,
 * `packages/docs`, whose devDependencies are the workspace packages, resolved to their built `dist`), and whose
 * `package.json` says `"type": "module"`, so top-level `await` is allowed as it is in a reader's `.mjs`.
 */
export function checkSamples(blocks: readonly CodeBlock[], workDir: string): SampleResult[] {
  rmSync(workDir, { recursive: true, force: true });
  const taken = new Set<string>();
  const written = blocks.map((block) => {
    const path = join(workDir, block.file.replace(/[^a-zA-Z0-9]+/g, '-'), sampleFileName(block));
    if (taken.has(path))
      throw new Error(`${block.file}:${block.line}: a second block names itself ${sampleFileName(block)}`);
    taken.add(path);
    mkdirSync(dirname(path), { recursive: true });
    // `export {}` keeps each block a module: its names stay its own, and top-level await is allowed.
    writeFileSync(path, `${block.code}\nexport {};\n`);
    return { block, path };
  });
  const program = ts.createProgram(
    written.map(({ path }) => path),
    SAMPLE_COMPILER_OPTIONS,
  );
  const byPath = new Map<string, SampleProblem[]>(written.map(({ path }) => [path, []]));
  const blockOf = new Map(written.map(({ path, block }) => [path, block]));
  const global: SampleProblem[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const source = diagnostic.file;
    const block = source ? blockOf.get(source.fileName) : undefined;
    if (source === undefined || block === undefined || diagnostic.start === undefined) {
      global.push({
        file: source ? relative(workDir, source.fileName) : '(compiler)',
        line: 0,
        column: 0,
        message,
      });
      continue;
    }
    const position = source.getLineAndCharacterOfPosition(diagnostic.start);
    byPath.get(source.fileName)?.push({
      file: block.file,
      line: block.line + position.line,
      column: position.character + 1,
      message,
    });
  }
  if (global.length > 0) {
    // An error outside any block (a broken package's .d.ts, a bad option) would otherwise pass unnoticed.
    throw new Error(
      `The samples' compiler program has errors outside the samples:\n${formatProblems(global)}`,
    );
  }
  return written.map(({ block, path }) => ({ block, path, problems: byPath.get(path) ?? [] }));
}

/** `file:line:column message` lines, as editors link them. */
export function formatProblems(problems: readonly SampleProblem[]): string {
  return problems
    .map((p) => `${p.file}:${p.line}:${p.column} ${p.message.replace(/\n/g, '\n    ')}`)
    .join('\n');
}
