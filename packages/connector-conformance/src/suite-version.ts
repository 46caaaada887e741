import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Semantic versioning 2.0.0: `major.minor.patch`, with an optional pre-release and build. */
export const SEMVER_PATTERN = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

const OwnPackageSchema = z.object({
  name: z.literal('@neural/connector-conformance'),
  version: z.string().regex(SEMVER_PATTERN, 'must be a semantic version'),
});

let cached: string | undefined;

/**
 * The version of `@neural/connector-conformance` that is running, read from its own `package.json`.
 *
 * Read at run time rather than inlined at build time, so that it is the version that was published (changesets
 * bump `package.json` after a build may already exist). `src/` and `dist/` both sit one folder below the
 * package root, and `package.json` is always published, so the same relative URL works from source, from a
 * build and from `node_modules`.
 */
export function conformanceSuiteVersion(): string {
  cached ??= OwnPackageSchema.parse(
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')),
  ).version;
  return cached;
}
