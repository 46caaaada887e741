import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { CloudException, parseOrThrow } from '@neural/integrations-core';
import { build } from 'esbuild';
import { getContainerRuntimeClient, ImageName } from 'testcontainers';
import { z } from 'zod';
import { assembleRootfs, IMAGE_NODE_PATH, IMAGE_SERVER_PATH, listSharedLibraries } from './rootfs.js';

/** The tag {@link buildFakePlatformImage} builds and {@link FakePlatformContainer} runs by default. */
export const DEFAULT_FAKE_PLATFORM_IMAGE = 'localhost/neural-fake-platform:dev';

/** The port the server listens on inside the container. */
export const FAKE_PLATFORM_CONTAINER_PORT = 8080;

/**
 * The image label holding a digest of what went into the image (server bundle, Node.js version, libraries),
 * so an image is rebuilt exactly when its contents would change.
 */
export const IMAGE_DIGEST_LABEL = 'dev.neural.fake-platform.digest';

// Bumped when the image layout changes, so images built by an older version of this package are rebuilt.
const IMAGE_LAYOUT_VERSION = '1';

/** Options of {@link buildFakePlatformImage}. */
export interface BuildFakePlatformImageOptions {
  /** The tag to build (default {@link DEFAULT_FAKE_PLATFORM_IMAGE}). */
  tag?: string;
  /**
   * The server's entry file, bundled with esbuild (default: the `neural-fake-platform` CLI of the installed
   * `@neural/fake-platform`). It must accept `--port`, `--host`, `--api-key` and `--enable-control` and log
   * `Fake platform listening on http://…` once it serves.
   */
  entry?: string;
  /** The Node.js binary copied into the image (default: the one running this process). */
  nodeBinary?: string;
  /** The container engine CLI that builds (default `podman` when on the PATH, else `docker`). */
  engine?: 'podman' | 'docker';
  /** Build even when an image with this tag and the same contents exists. */
  force?: boolean;
  /** Cancels the build. */
  signal?: AbortSignal;
}

/** What {@link buildFakePlatformImage} did. */
export interface FakePlatformImage {
  /** The image tag, to pass to {@link FakePlatformContainer}. */
  readonly tag: string;
  /** The digest of the image's contents (the value of {@link IMAGE_DIGEST_LABEL}). */
  readonly digest: string;
  /** `false` when an up-to-date image already existed and nothing was built. */
  readonly built: boolean;
}

const OptionsSchema = z.strictObject({
  tag: z
    .string()
    .regex(
      /^[a-z0-9]+(?:[._/-][a-z0-9]+)*(?::\d+)?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?$/,
      'must be an image reference such as localhost/neural-fake-platform:dev (lowercase name, optional :tag)',
    )
    .default(DEFAULT_FAKE_PLATFORM_IMAGE),
  entry: z.string().min(1, 'must be a path to the server entry file').optional(),
  nodeBinary: z.string().min(1, 'must be a path to a node binary').optional(),
  engine: z.enum(['podman', 'docker'], { error: 'must be "podman" or "docker"' }).optional(),
  force: z.boolean({ error: 'must be true or false' }).default(false),
  signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, 'must be an AbortSignal').optional(),
});

function buildError(message: string, cause?: unknown): CloudException {
  return new CloudException(message, {
    code: 'IMAGE_BUILD_FAILED',
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Finds the `neural-fake-platform` CLI of the installed `@neural/fake-platform` package. */
export function resolveFakePlatformCli(): string {
  const require = createRequire(import.meta.url);
  let manifestPath: string;
  try {
    manifestPath = require.resolve('@neural/fake-platform/package.json');
  } catch (error) {
    throw buildError('Cannot find @neural/fake-platform: install it to build the fake platform image', error);
  }
  const manifest = require(manifestPath) as { bin?: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.['neural-fake-platform'];
  if (bin === undefined) throw buildError(`${manifestPath} declares no neural-fake-platform bin`);
  const cli = path.resolve(path.dirname(manifestPath), bin);
  if (!existsSync(cli)) {
    throw buildError(`The fake platform CLI ${cli} does not exist: build @neural/fake-platform first`);
  }
  return cli;
}

/**
 * Bundles `entry` and everything it imports into one ESM file that plain `node` runs with no
 * `node_modules` beside it.
 */
export async function bundleServer(entry: string, outfile: string): Promise<void> {
  try {
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      legalComments: 'none',
      // Bundled CommonJS dependencies call require() for Node built-ins, which ESM output lacks.
      banner: {
        js: "import { createRequire as __neuralCreateRequire } from 'node:module';\nconst require = __neuralCreateRequire(import.meta.url);",
      },
    });
  } catch (error) {
    throw buildError(
      `Could not bundle the fake platform server from ${entry}: ${(error as Error).message}`,
      error,
    );
  }
}

function run(
  command: string,
  args: readonly string[],
  signal: AbortSignal | undefined,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { signal, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr }));
      else resolve({ stdout, stderr });
    });
  });
}

async function commandExists(command: string): Promise<boolean> {
  try {
    await run(command, ['--version'], undefined);
    return true;
  } catch {
    return false;
  }
}

async function chooseEngine(preferred: 'podman' | 'docker' | undefined): Promise<'podman' | 'docker'> {
  if (preferred !== undefined) return preferred;
  if (await commandExists('podman')) return 'podman';
  if (await commandExists('docker')) return 'docker';
  throw buildError('Neither podman nor docker is on the PATH: one of them is needed to build the image');
}

async function labelledDigest(tag: string): Promise<{ id: string; digest: string | undefined } | undefined> {
  const client = await getContainerRuntimeClient();
  try {
    const info = await client.image.inspect(ImageName.fromString(tag));
    return { id: info.Id, digest: info.Config?.Labels?.[IMAGE_DIGEST_LABEL] };
  } catch {
    return undefined;
  }
}

/** Drops an image the rebuilt tag moved away from, unless another tag still names it. */
async function removeIfUntagged(engine: 'podman' | 'docker', imageId: string): Promise<void> {
  try {
    const { stdout } = await run(
      engine,
      ['image', 'inspect', '--format', '{{len .RepoTags}}', imageId],
      undefined,
    );
    // Left alone when still tagged: removing by id would remove every other tag with it.
    if (stdout.trim() === '0') await run(engine, ['rmi', imageId], undefined);
  } catch {
    // Already gone, or in use by a container: either way nothing to clean up now.
  }
}

/**
 * Builds the fake platform image, `FROM scratch`, without pulling anything: the fake platform's CLI bundled
 * into one file with esbuild, the host's `node` binary and the shared libraries `ldd` lists for it. Skips the
 * build when an image with this tag and the same contents already exists, so calling it from every test
 * run's global setup is cheap (an esbuild bundle and one image inspect).
 *
 * The container engine the tests use (`DOCKER_HOST`, through testcontainers) must share its image store
 * with the CLI that builds: true for rootful podman with its API service, and for Docker.
 *
 * @throws InvalidParameterError for bad options; `CloudException` with code `IMAGE_BUILD_FAILED`
 *   when bundling, `ldd` or the engine's build fails.
 *
 * @example
 * ```ts
 * const image = await buildFakePlatformImage({ tag: 'localhost/neural-fake-platform:dev' });
 * const platform = await new FakePlatformContainer(image.tag).start();
 * ```
 */
export async function buildFakePlatformImage(
  options: BuildFakePlatformImageOptions = {},
): Promise<FakePlatformImage> {
  const settings = parseOrThrow(OptionsSchema, options, 'buildFakePlatformImage options');
  const entry = settings.entry ?? resolveFakePlatformCli();
  const nodeBinary = settings.nodeBinary ?? process.execPath;
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'neural-fake-platform-image-'));
  try {
    const bundle = path.join(workDir, 'server.mjs');
    await bundleServer(entry, bundle);
    settings.signal?.throwIfAborted();

    const libraries = await listSharedLibraries(nodeBinary);
    const hash = createHash('sha256');
    hash.update(`layout ${IMAGE_LAYOUT_VERSION}\n`);
    hash.update(await readFile(bundle));
    // Size and mtime stand in for the 100 MB node binary's and the libraries' bytes: cheap, and they change
    // whenever a package upgrade replaces the files.
    for (const file of [nodeBinary, ...libraries]) {
      const info = await stat(file);
      hash.update(`\n${file} ${info.size} ${info.mtimeMs}`);
    }
    const digest = hash.digest('hex').slice(0, 32);

    const existing = await labelledDigest(settings.tag);
    if (!settings.force && existing?.digest === digest) return { tag: settings.tag, digest, built: false };

    await assembleRootfs({ dir: path.join(workDir, 'rootfs'), nodeBinary, bundle, libraries });
    const containerfile = path.join(workDir, 'Containerfile');
    await writeFile(
      containerfile,
      [
        'FROM scratch',
        'COPY rootfs/ /',
        `LABEL ${IMAGE_DIGEST_LABEL}="${digest}"`,
        `EXPOSE ${FAKE_PLATFORM_CONTAINER_PORT}`,
        `ENTRYPOINT ["${IMAGE_NODE_PATH}", "${IMAGE_SERVER_PATH}"]`,
        `CMD ["--port", "${FAKE_PLATFORM_CONTAINER_PORT}", "--host", "0.0.0.0"]`,
        '',
      ].join('\n'),
    );
    const engine = await chooseEngine(settings.engine);
    // `FROM scratch` needs no base image; --pull=never makes podman fail instead of reaching a registry.
    const pull = engine === 'podman' ? ['--pull=never'] : [];
    try {
      await run(
        engine,
        ['build', ...pull, '--tag', settings.tag, '--file', containerfile, workDir],
        settings.signal,
      );
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
      throw buildError(
        `${engine} build of ${settings.tag} failed: ${stderr || (error as Error).message}`,
        error,
      );
    }
    const built = await labelledDigest(settings.tag);
    if (built?.digest !== digest) {
      throw buildError(
        `${engine} built ${settings.tag}, but the container engine testcontainers uses (DOCKER_HOST=${process.env.DOCKER_HOST ?? 'unset'}) does not see it: the CLI and the engine must share an image store`,
      );
    }
    if (existing !== undefined && existing.id !== built.id) await removeIfUntagged(engine, existing.id);
    return { tag: settings.tag, digest, built: true };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
