import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { relative, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const packageDir = resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(resolve(packageDir, 'package.json'), 'utf8')) as {
  exports: Record<string, { import: { default: string } }>;
};
const builtins = new Set(builtinModules);

/**
 * Bundles `entry` as a bundler for an edge runtime would (platform neutral, nothing external) and returns every
 * Node.js built-in it reaches (`node:fs` or `fs`), with the file that imports it. Each is recorded and left external so that one
 * run names them all, rather than stopping at the first one esbuild cannot resolve.
 */
async function nodeImportsReachedFrom(entry: string): Promise<string[]> {
  if (!existsSync(entry)) throw new Error(`${entry} does not exist: build the package first`);
  const reached: string[] = [];
  const recordNodeImports: Plugin = {
    name: 'record-node-imports',
    setup(bundle) {
      bundle.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.startsWith('node:') ? args.path : args.path.split('/')[0]!;
        if (!args.path.startsWith('node:') && !builtins.has(bare)) return undefined;
        reached.push(`${args.path} (imported by ${relative(packageDir, args.importer)})`);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'neutral',
    format: 'esm',
    logLevel: 'silent',
    plugins: [recordNodeImports],
  });
  expect(result.errors).toEqual([]);
  return reached;
}

const entryOf = (subpath: string) => resolve(packageDir, manifest.exports[subpath]!.import.default);

describe('the root entry (and ./http, ./testing) runs on every runtime', () => {
  it('is what a bundler without the "node" condition resolves the package to', () => {
    expect(manifest.exports['.']!.import.default).toBe('./dist/index.js');
  });

  it('reaches no node: module, directly or through its imports', async () => {
    expect(await nodeImportsReachedFrom(entryOf('.'))).toEqual([]);
  });

  it('the http and testing subpaths reach none either', async () => {
    expect(manifest.exports['./http']!.import.default).toBe('./dist/http.js');
    expect(await nodeImportsReachedFrom(entryOf('./http'))).toEqual([]);
    expect(await nodeImportsReachedFrom(entryOf('./testing'))).toEqual([]);
  });

  it('would notice one: the node subpath reaches fs (the build writes node: imports without the prefix)', async () => {
    const reached = await nodeImportsReachedFrom(entryOf('./node'));
    expect(reached.some((line) => /^(node:)?fs\b/.test(line))).toBe(true);
  });
});
