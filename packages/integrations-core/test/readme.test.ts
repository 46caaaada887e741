import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it, vi } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const readmePath = join(packageDir, 'README.md');
const entry = join(packageDir, 'src', 'index.ts');
const httpEntry = join(packageDir, 'src', 'http', 'index.ts');
const nodeEntry = join(packageDir, 'src', 'node', 'index.ts');
const testingEntry = join(packageDir, 'src', 'testing', 'index.ts');
const entries = [entry, httpEntry, nodeEntry, testingEntry];
// Inside the package so the blocks resolve `zod` and `@types/node` as a user's code would.
const blocksDir = join(packageDir, 'node_modules', '.cache', `readme-blocks-${process.pid}`);

async function readmeBlocks(): Promise<string[]> {
  const readme = await readFile(readmePath, 'utf8');
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

/**
 * One TypeScript program over the README's blocks and the package entry, built once: compiling is the slow
 * part, and every check below reads from it.
 */
let compiled: Promise<{ program: ts.Program; files: string[] }> | undefined;
function compileReadme() {
  compiled ??= (async () => {
    const blocks = await readmeBlocks();
    await mkdir(blocksDir, { recursive: true });
    await writeFile(join(blocksDir, 'package.json'), '{ "type": "module" }\n');
    const files = await Promise.all(
      blocks.map(async (block, index) => {
        const file = join(blocksDir, `block-${index + 1}.ts`);
        await writeFile(file, block);
        return file;
      }),
    );
    const program = ts.createProgram([...files, ...entries], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts'],
      types: ['node'],
      strict: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      noEmit: true,
      skipLibCheck: true,
      paths: {
        '@neural/integrations-core': [entry],
        '@neural/integrations-core/http': [httpEntry],
        '@neural/integrations-core/node': [nodeEntry],
        '@neural/integrations-core/testing': [testingEntry],
      },
    });
    return { program, files };
  })();
  return compiled;
}

/** Every name the entry points (the root and its `http`, `node` and `testing` subpaths) export, values and types alike. */
async function packageExports(): Promise<{ checker: ts.TypeChecker; symbols: ts.Symbol[] }> {
  const { program } = await compileReadme();
  const checker = program.getTypeChecker();
  const symbols = entries.flatMap((file) =>
    checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!),
  );
  return { checker, symbols };
}

afterAll(async () => {
  await rm(blocksDir, { recursive: true, force: true });
});

describe('README.md', { timeout: 60_000 }, () => {
  it('has code blocks that type-check against the source', async () => {
    const { program, files } = await compileReadme();
    expect(files.length).toBeGreaterThan(10);
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file === undefined || files.includes(diagnostic.file.fileName));
    const report = diagnostics.map((diagnostic) => {
      const where = diagnostic.file
        ? `${diagnostic.file.fileName.split('/').at(-1)}:${
            diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1
          }`
        : '';
      return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
    expect(report).toEqual([]);
  });

  it('opens with an example that runs and prints the formatted result', async () => {
    const [quickStart] = await readmeBlocks();
    await mkdir(blocksDir, { recursive: true });
    const file = join(blocksDir, 'quick-start.ts');
    await writeFile(file, quickStart!);
    const printed: unknown[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(...args);
    });
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      log.mockRestore();
    }
    expect(printed).toEqual(['Job job-1: SUCCEEDED\n  Duration: 10.5s\nOutput:\n  ran: print("hello")']);
  });

  it('names every export of the package', async () => {
    const readme = await readFile(readmePath, 'utf8');
    const { symbols } = await packageExports();
    expect(symbols.length).toBeGreaterThan(80);
    const missing = symbols
      .map((symbol) => symbol.getName())
      .filter((name) => !readme.includes(`\`${name}\``) && !new RegExp(`\\b${name}\\b`).test(readme));
    expect(missing).toEqual([]);
  });
});

describe('TSDoc', { timeout: 60_000 }, () => {
  it('exists on every export', async () => {
    const { checker, symbols } = await packageExports();
    const undocumented = symbols
      .filter((symbol) => {
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        return target.getDocumentationComment(checker).length === 0;
      })
      .map((symbol) => symbol.getName());
    expect(undocumented).toEqual([]);
  });
});
