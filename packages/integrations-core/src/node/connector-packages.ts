import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { InvalidParameterError } from '../errors.js';
import { type ConnectorPackageFinder, connectorPackageNames } from '../registry.js';

/**
 * Finds the installed package of a connector kind as `node` would resolve it from `from` (default the current
 * folder): `@neural/connector-<kind>`, `neural-connector-<kind>`, then `@<scope>/neural-connector-<kind>`, in
 * each `node_modules` folder from `from` up; imports it and returns its exports. Pass it to the registry as
 * `findPackage` (`createConnector(kind, credentials, options, { findPackage: findConnectorPackage })`).
 *
 * @throws InvalidParameterError when two scoped packages claim the kind or a package.json is malformed.
 */
export const findConnectorPackage: ConnectorPackageFinder = async (kind, from) => {
  const found = locateConnectorPackage(kind, baseFolder(from));
  if (!found) return undefined;
  const exports = (await import(pathToFileURL(found.entry).href)) as Record<string, unknown>;
  return { name: found.name, exports };
};

function baseFolder(from: string | URL | undefined): string {
  if (from === undefined) return process.cwd();
  const path = from instanceof URL || from.startsWith('file:') ? new URL(from).pathname : resolve(from);
  return existsSync(path) && statSync(path).isFile() ? dirname(path) : path;
}

/** The package folders node would search from `base` (its `node_modules` and each ancestor's, then global ones). */
function nodeModulesFolders(base: string): string[] {
  const paths = createRequire(join(base, 'noop.js')).resolve.paths('neural-connector-x') ?? [];
  return paths.filter((folder) => existsSync(folder));
}

function locateConnectorPackage(kind: string, base: string): { name: string; entry: string } | undefined {
  const names = connectorPackageNames(kind);
  for (const folder of nodeModulesFolders(base)) {
    for (const name of names.exact) {
      const entry = packageEntry(join(folder, name));
      if (entry) return { name, entry };
    }
    const scoped: { name: string; entry: string }[] = [];
    for (const scope of readdirSync(folder).filter((item) => item.startsWith('@'))) {
      const name = `${scope}/${names.scopedSuffix}`;
      const entry = packageEntry(join(folder, name));
      if (entry) scoped.push({ name, entry });
    }
    if (scoped.length > 1) {
      throw InvalidParameterError.fromIssues('connector kind', [
        {
          field: 'kind',
          rule: `"${kind}" is claimed by several packages (${scoped.map((item) => item.name).join(', ')}); register one with registerConnector`,
        },
      ]);
    }
    if (scoped[0]) return scoped[0];
  }
  return undefined;
}

const PackageJsonSchema = z.looseObject({
  exports: z.unknown().optional(),
  module: z.string().optional(),
  main: z.string().optional(),
});

/** The ESM entry of the package in `folder`, as `import` would pick it; `undefined` when there is no package. */
function packageEntry(folder: string): string | undefined {
  const manifest = join(folder, 'package.json');
  if (!existsSync(manifest)) return undefined;
  const root = realpathSync(folder);
  let parsed: z.output<typeof PackageJsonSchema>;
  try {
    parsed = PackageJsonSchema.parse(JSON.parse(readFileSync(manifest, 'utf8')));
  } catch {
    throw InvalidParameterError.fromIssues('connector package', [
      { field: manifest, rule: 'must be a valid package.json object' },
    ]);
  }
  const exported = parsed.exports === undefined ? undefined : exportTarget(rootExport(parsed.exports));
  const relative = exported ?? parsed.module ?? parsed.main ?? 'index.js';
  return join(root, relative);
}

function rootExport(exports: unknown): unknown {
  if (typeof exports === 'string' || Array.isArray(exports)) return exports;
  if (exports !== null && typeof exports === 'object') {
    const map = exports as Record<string, unknown>;
    return Object.keys(map).some((key) => key.startsWith('.')) ? map['.'] : map;
  }
  return undefined;
}

const CONDITIONS = ['import', 'node', 'module-sync', 'default'];

function exportTarget(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const item of target) {
      const found = exportTarget(item);
      if (found) return found;
    }
    return undefined;
  }
  if (target !== null && typeof target === 'object') {
    for (const [condition, value] of Object.entries(target)) {
      if (CONDITIONS.includes(condition)) {
        const found = exportTarget(value);
        if (found) return found;
      }
    }
  }
  return undefined;
}
