// The one test configuration of the packages: each package's vitest.config.ts adds only what differs.
import { fileURLToPath } from 'node:url';
import { mergeConfig, type ViteUserConfig } from 'vitest/config';

/**
 * What every package's tests share. The limits are generous: CI runs every package's tests at once on two
 * cores, and tests drive their own clocks, so a higher limit never slows a passing test down.
 */
export const vitestBase: ViteUserConfig = {
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
};

/** The base configuration with `overrides` merged in (`globalSetup`, longer limits, aliases). */
export function vitestConfig(overrides: ViteUserConfig = {}): ViteUserConfig {
  return mergeConfig(vitestBase, overrides);
}

/**
 * Resolves a package's own name to its source in its tests, so a README example that imports the package by
 * name runs against the code under test rather than a stale build. `entry` is a `new URL(…, import.meta.url)`;
 * `subpaths` maps documented subpaths (`{ fake: new URL('./src/fake/index.ts', import.meta.url) }`) the same way.
 * Each name is matched whole: a bare prefix would turn `name/fake` into `src/index.ts/fake`.
 */
export function ownSourceAlias(name: string, entry: URL, subpaths: Record<string, URL> = {}): ViteUserConfig {
  // A package name holds letters, digits, `@`, `/`, `-`, `_` and `.`; only the dot means something in a pattern.
  const exactly = (specifier: string) => new RegExp(`^${specifier.replaceAll('.', '\\.')}$`);
  const alias = [
    { find: exactly(name), replacement: fileURLToPath(entry) },
    ...Object.entries(subpaths).map(([subpath, file]) => ({
      find: exactly(`${name}/${subpath}`),
      replacement: fileURLToPath(file),
    })),
  ];
  return { resolve: { alias } };
}
