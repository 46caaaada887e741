import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { delimiter, join, resolve, sep } from 'node:path';

// LocalConnector needs no credentials: "authenticated" means it can run jobs here.

/** Whether the interpreter's program is an executable file, by path or on `PATH`. */
export async function interpreterFound(interpreter: readonly string[]): Promise<boolean> {
  const program = interpreter[0] ?? '';
  const candidates = program.includes(sep)
    ? [resolve(program)]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((folder) => join(folder, program));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      if ((await stat(candidate)).isFile()) return true;
    } catch {
      // Not here; try the next folder.
    }
  }
  return false;
}

/** Whether `root` exists (or can be made) and a file can be written in it. */
export async function rootWritable(root: string): Promise<boolean> {
  try {
    await mkdir(root, { recursive: true, mode: 0o700 });
    const probe = join(root, `.probe-${randomBytes(6).toString('hex')}`);
    await writeFile(probe, '', { flag: 'wx', mode: 0o600 });
    await rm(probe, { force: true });
    return true;
  } catch {
    return false;
  }
}
