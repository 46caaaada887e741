import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { CloudException } from '@neural/integrations-core';

const execFileAsync = promisify(execFile);

/** Where the assembled image keeps Node.js and the bundled server. */
export const IMAGE_NODE_PATH = '/usr/local/bin/node';
/** Where the assembled image keeps the bundled fake platform server. */
export const IMAGE_SERVER_PATH = '/app/server.mjs';

/**
 * Reads the absolute library paths out of `ldd` output. The kernel's vDSO (`linux-vdso.so.1`) has no file
 * and is skipped; a library `ldd` could not find is an error, since the image would not start without it.
 *
 * @example
 * ```ts
 * parseLddOutput('\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x7f)\n\t/lib64/ld-linux-x86-64.so.2 (0x7f)');
 * // → ['/lib/x86_64-linux-gnu/libc.so.6', '/lib64/ld-linux-x86-64.so.2']
 * ```
 */
export function parseLddOutput(output: string): string[] {
  const libraries: string[] = [];
  for (const rawLine of output.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('linux-vdso') || line.startsWith('linux-gate')) continue;
    if (line.includes('statically linked')) continue;
    if (line.includes('=> not found')) {
      throw new CloudException(`ldd could not find a shared library: ${line}`, {
        code: 'IMAGE_BUILD_FAILED',
      });
    }
    const match = /=>\s*(\/\S+)/.exec(line) ?? /^(\/\S+)/.exec(line);
    if (match?.[1] !== undefined) libraries.push(match[1]);
  }
  return [...new Set(libraries)];
}

/** Lists the shared libraries `binary` loads, as `ldd` reports them on this machine. */
export async function listSharedLibraries(binary: string): Promise<string[]> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync('ldd', [binary]));
  } catch (error) {
    throw new CloudException(`Could not run ldd on ${binary}: ${(error as Error).message}`, {
      code: 'IMAGE_BUILD_FAILED',
      cause: error,
    });
  }
  return parseLddOutput(stdout);
}

/** What {@link assembleRootfs} puts into an image's root file system. */
export interface RootfsContents {
  /** The folder to fill (it becomes `/` in the image). */
  dir: string;
  /** The Node.js binary to copy; its libraries come along. */
  nodeBinary: string;
  /** The single-file server bundle, copied to {@link IMAGE_SERVER_PATH}. */
  bundle: string;
  /** The libraries to copy, when already listed (default: {@link listSharedLibraries} of `nodeBinary`). */
  libraries?: readonly string[];
}

async function copyInto(root: string, source: string, target: string, mode?: number): Promise<void> {
  const destination = path.join(root, target);
  await mkdir(path.dirname(destination), { recursive: true });
  // Library paths are often symlinks (libc.so.6 → libc-2.36.so); the image needs the file under the name
  // the loader asks for, so the link's target is copied under the link's name.
  await copyFile(await realpath(source), destination);
  if (mode !== undefined) await chmod(destination, mode);
}

/**
 * Fills `dir` with everything the image needs to run the server and nothing else: the Node.js binary, the
 * shared libraries it links (each at the path the dynamic loader looks for it) and the bundle.
 *
 * @returns the image paths of the libraries copied, for the image's digest.
 */
export async function assembleRootfs(contents: RootfsContents): Promise<string[]> {
  const libraries = [...(contents.libraries ?? (await listSharedLibraries(contents.nodeBinary)))];
  await copyInto(contents.dir, contents.nodeBinary, IMAGE_NODE_PATH, 0o755);
  for (const library of libraries) await copyInto(contents.dir, library, library, 0o755);
  await copyInto(contents.dir, contents.bundle, IMAGE_SERVER_PATH, 0o644);
  // Node's os.tmpdir() and some libraries expect a writable /tmp.
  await mkdir(path.join(contents.dir, 'tmp'), { recursive: true, mode: 0o1777 });
  await chmod(path.join(contents.dir, 'tmp'), 0o1777);
  return libraries;
}
