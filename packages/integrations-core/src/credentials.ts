import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { CloudException, InvalidParameterError } from './errors.js';
import { parseOrThrow } from './validation.js';

/** A credentials object as stored in a file: a flat-or-nested JSON object. */
export type StoredCredentials = Record<string, unknown>;

const CredentialsFileSchema = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' });

/** Expands a leading `~` to the user's home folder and makes the path absolute. */
export function expandHome(filepath: string): string {
  if (filepath === '~') return homedir();
  if (filepath.startsWith('~/')) return resolve(homedir(), filepath.slice(2));
  return resolve(filepath);
}

function assertPath(filepath: unknown): asserts filepath is string {
  if (typeof filepath !== 'string' || filepath.length === 0) {
    throw InvalidParameterError.fromIssues('filepath', [
      { field: 'filepath', rule: 'must be a non-empty path' },
    ]);
  }
}

const checksPermissions = process.platform !== 'win32';

/**
 * Saves credentials as JSON, private from the moment the file exists: the folder is created 0700, the data is
 * written to a temporary file opened with mode 0600 (never chmod-ed afterwards) and renamed over the target,
 * so a crash leaves either the old file or the new one, never half of one.
 *
 * @example
 * ```ts
 * await saveCredentialsToFile({ apiKey: 'secret' }, '~/.neural/credentials.json');
 * ```
 */
export async function saveCredentialsToFile(
  credentials: StoredCredentials,
  filepath: string,
): Promise<string> {
  assertPath(filepath);
  parseOrThrow(CredentialsFileSchema, credentials, 'credentials', { redactValues: true });
  const target = expandHome(filepath);
  const json = `${JSON.stringify(credentials, null, 2)}\n`;
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  // O_EXCL: never write through a file (or symlink) someone else put at this name.
  const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(json, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temporary, { force: true });
    throw new CloudException(`Could not write credentials to ${target}`, {
      cause: error,
      code: 'CREDENTIALS_WRITE_FAILED',
    });
  }
  await handle.close();
  try {
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CloudException(`Could not write credentials to ${target}`, {
      cause: error,
      code: 'CREDENTIALS_WRITE_FAILED',
    });
  }
  return target;
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}

/**
 * Loads credentials saved by {@link saveCredentialsToFile}. Refuses, as ssh does, a file that other users can
 * read or write; names the file and the line and column where malformed JSON broke.
 *
 * @throws InvalidParameterError for a missing, unsafe or malformed file.
 * @example
 * ```ts
 * const credentials = await loadCredentialsFromFile('~/.neural/credentials.json');
 * ```
 */
export async function loadCredentialsFromFile(filepath: string): Promise<StoredCredentials> {
  assertPath(filepath);
  const target = expandHome(filepath);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(target);
  } catch (error) {
    throw new InvalidParameterError(
      `Credentials file ${target} cannot be read: ${(error as Error).message}`,
      {
        cause: error,
        code: 'CREDENTIALS_FILE_UNREADABLE',
        issues: [{ field: 'filepath', rule: 'must name an existing, readable file' }],
      },
    );
  }
  if (checksPermissions && (info.mode & 0o077) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
    throw new InvalidParameterError(
      `Credentials file ${target} is accessible by other users (mode ${mode}); refusing to use it. Run: chmod 600 ${target}`,
      {
        code: 'CREDENTIALS_FILE_INSECURE',
        issues: [{ field: 'filepath', rule: 'must not be readable or writable by group or others' }],
      },
    );
  }
  const text = await readFile(target, 'utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const match = /position (\d+)/.exec((error as Error).message);
    const where = match ? lineAndColumn(text, Number(match[1])) : undefined;
    throw new InvalidParameterError(
      `Credentials file ${target} is not valid JSON${where ? ` (line ${where.line}, column ${where.column})` : ''}`,
      {
        code: 'CREDENTIALS_FILE_MALFORMED',
        issues: [{ field: 'filepath', rule: 'must hold a JSON object' }],
      },
    );
  }
  return parseOrThrow(CredentialsFileSchema, data, `credentials file ${target}`, { redactValues: true });
}
