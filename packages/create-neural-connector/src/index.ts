import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** What {@link createConnectorPackage} takes. */
export interface CreateConnectorOptions {
  /** The folder to create; must not exist, or be empty. */
  directory: string;
  /** The npm package name. Default: `neural-connector-<folder name>`. */
  packageName?: string | undefined;
  /** The platform's name in kebab-case (`my-platform`), from which `MyPlatformConnector` is named. Default: the folder name. */
  platform?: string | undefined;
  /**
   * Which kind of platform: `rest` (an HTTP API; conformance runs against the fake platform) or `cli` (a
   * scheduler driven through its commands, such as Slurm's `sbatch` or Grid Engine's `qsub`; conformance runs
   * against a small scheduler script in the package's tests). Default `rest`.
   */
  template?: ConnectorTemplate | undefined;
  /**
   * A checkout of the Neural Integrations repository (built: `pnpm install && pnpm build`), to depend on its
   * packages through `file:` links instead of the published versions: for trying the templates before the
   * packages are published, or against unreleased changes.
   */
  link?: string | undefined;
  /**
   * Version ranges to use for dependencies instead of the published ones, by package name, such as
   * `{ '@neural/integrations-core': 'file:../core.tgz' }`; for trying unpublished builds.
   */
  dependencyOverrides?: Readonly<Record<string, string>> | undefined;
}

/** The templates: a REST platform, or a CLI-driven scheduler. */
export const CONNECTOR_TEMPLATES = ['rest', 'cli'] as const;

/** One of {@link CONNECTOR_TEMPLATES}. */
export type ConnectorTemplate = (typeof CONNECTOR_TEMPLATES)[number];

/** The workspace folder of each `@neural` package a generated package depends on. */
const NEURAL_PACKAGES: Readonly<Record<string, string>> = Object.freeze({
  '@neural/integrations-core': 'integrations-core',
  '@neural/connector-conformance': 'connector-conformance',
  '@neural/fake-platform': 'fake-platform',
});

/**
 * The range a generated package asks for: `^x.y.z` from the version its template was made from, or the exact
 * version while it is `0.0.x` (where a caret range means that one version anyway, and reads as a placeholder).
 */
export function dependencyRange(version: string): string {
  return version.startsWith('0.0.') ? version : `^${version}`;
}

/** What {@link createConnectorPackage} made. */
export interface CreatedConnectorPackage {
  /** The absolute path of the new package. */
  readonly directory: string;
  /** Its npm name. */
  readonly packageName: string;
  /** The connector class it exports, such as `MyPlatformConnector`. */
  readonly className: string;
  /** Every file written, relative to `directory`. */
  readonly files: readonly string[];
}

/** Why an option was refused. */
export class CreateConnectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CreateConnectorError';
  }
}

const kebab = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const OptionsSchema = z.strictObject({
  directory: z.string().min(1, 'must be a folder path'),
  packageName: z
    .string()
    .regex(/^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/, 'must be a valid npm package name (lowercase)')
    .max(214, 'must be at most 214 characters')
    .optional(),
  platform: z
    .string()
    .regex(kebab, 'must be kebab-case: lowercase letters and digits, words joined by "-"')
    .optional(),
  dependencyOverrides: z.record(z.string(), z.string()).optional(),
  template: z.enum(CONNECTOR_TEMPLATES, { error: 'must be "rest" or "cli"' }).optional(),
  link: z.string().min(1, 'must be the path of a checkout of the repository').optional(),
});

/** `my-platform` → `MyPlatform`. */
export function toPascalCase(kebabName: string): string {
  return kebabName
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** The folder the template ships in: `template/` beside `dist/` (and beside `src/` in the repository). */
function templateRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '..', 'template');
}

function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/__([A-Z_]+)__/g, (match, key: string) => values[key] ?? match);
}

/** The `file:` links to a checkout's packages, checked to be there (built) before anything is written. */
function linksTo(checkout: string): Record<string, string> {
  const root = resolve(checkout);
  const links: Record<string, string> = {};
  for (const [name, folder] of Object.entries(NEURAL_PACKAGES)) {
    const dir = join(root, 'packages', folder);
    if (!existsSync(join(dir, 'package.json'))) {
      throw new CreateConnectorError(
        `--link ${checkout}: ${dir} is missing; give the root of a checkout of the repository`,
      );
    }
    if (!existsSync(join(dir, 'dist'))) {
      throw new CreateConnectorError(
        `--link ${checkout}: ${name} is not built; run pnpm install && pnpm build there first`,
      );
    }
    links[name] = `file:${dir}`;
  }
  return links;
}

/**
 * Makes a new connector package from a template: `rest` for an HTTP platform, `cli` for a scheduler driven
 * through its commands. The package's source is the platform's code only (the plumbing comes from
 * `@neural/integrations-core/http`), with a build, a README whose sample is tested, published-shape checks
 * and a conformance test already wired, so it installs, builds and passes conformance before you change a
 * line. Then change it to speak your platform.
 *
 * @example
 * ```ts
 * const created = await createConnectorPackage({ directory: 'my-platform' });
 * console.log(`cd ${created.directory} && npm install && npm test`);
 * ```
 */
export async function createConnectorPackage(
  options: CreateConnectorOptions,
): Promise<CreatedConnectorPackage> {
  const parsed = OptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CreateConnectorError(`Invalid option ${issue.path.join('.') || '(options)'}: ${issue.message}`);
  }
  const directory = resolve(parsed.data.directory);
  const folder = basename(directory)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const platform = parsed.data.platform ?? folder;
  if (!kebab.test(platform)) {
    throw new CreateConnectorError(
      `Cannot name a connector after the folder "${basename(directory)}"; pass a kebab-case platform name (--platform my-platform)`,
    );
  }
  const packageName = parsed.data.packageName ?? `neural-connector-${platform}`;
  const className = toPascalCase(platform);
  if (existsSync(directory) && (await readdir(directory)).length > 0) {
    throw new CreateConnectorError(`${directory} already exists and is not empty; choose a new folder`);
  }

  const root = templateRoot();
  const template = parsed.data.template ?? 'rest';
  const versions = JSON.parse(await readFile(join(root, 'versions.json'), 'utf8')) as Record<string, string>;
  const links = parsed.data.link === undefined ? {} : linksTo(parsed.data.link);
  const version = (name: string) => {
    const found = versions[name];
    if (!found) throw new CreateConnectorError(`template/versions.json does not list ${name}; reinstall`);
    return found;
  };
  const range = (name: string) =>
    parsed.data.dependencyOverrides?.[name] ?? links[name] ?? dependencyRange(version(name));
  const values = {
    PACKAGE_NAME: packageName,
    PLATFORM: platform,
    CLASS: className,
    // A peer range must be semver (an override such as a file: link only applies to devDependencies).
    CORE_PEER_RANGE: dependencyRange(version('@neural/integrations-core')),
    CORE_RANGE: range('@neural/integrations-core'),
    CONFORMANCE_RANGE: range('@neural/connector-conformance'),
    FAKE_PLATFORM_RANGE: range('@neural/fake-platform'),
  };

  // Write everything into a sibling temp folder, then rename: an interrupted run leaves no half-made package.
  const staging = `${directory}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const files: string[] = [];
  try {
    for (const layer of ['shared', template]) {
      for (const relative of await listFiles(join(root, layer))) {
        const target = fill(relative, values)
          .replace(/\.tmpl$/, '')
          .replace(/(^|\/)_gitignore$/, '$1.gitignore');
        const text = await readFile(join(root, layer, relative), 'utf8');
        await mkdir(dirname(join(staging, target)), { recursive: true });
        await writeFile(join(staging, target), fill(text, values));
        files.push(target);
      }
    }
    if (existsSync(directory)) await rm(directory, { recursive: true });
    await mkdir(dirname(directory), { recursive: true });
    await cp(staging, directory, { recursive: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return Object.freeze({ directory, packageName, className, files: Object.freeze(files.sort()) });
}

async function listFiles(folder: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(join(folder, entry.name), relative)));
    else out.push(relative);
  }
  return out;
}
