// The one build preset of the packages: each package's tsup.config.ts names its entries and what differs.
import type { Options } from 'tsup';

/** What every build shares: Node.js 20, source maps. */
const shared = { target: 'node20', sourcemap: true } as const satisfies Options;

/**
 * A library entry point: ESM and CommonJS with their declarations, the output folder cleaned first. Pass the
 * entries and whatever the package needs besides (`shims` for `import.meta.url` in CommonJS, `splitting`).
 */
export function libraryBuild(options: Options): Options {
  return { ...shared, format: ['esm', 'cjs'], dts: true, clean: true, ...options };
}

/**
 * A file that is run, never imported (a bin, a spawned supervisor): ESM only, no declarations, never cleaning
 * the folder the library build wrote. A bin gets its `#!/usr/bin/env node` line unless `shebang` is false.
 */
export function executableBuild(options: Options & { shebang?: boolean }): Options {
  const { shebang = true, ...rest } = options;
  return {
    ...shared,
    format: ['esm'],
    dts: false,
    clean: false,
    ...(shebang ? { banner: { js: '#!/usr/bin/env node' } } : {}),
    ...rest,
  };
}
