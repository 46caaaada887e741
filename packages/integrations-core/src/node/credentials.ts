import { constants } from 'node:fs';
import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { CloudException, InvalidParameterError } from '../errors.js';
import { JsonValueSchema } from '../json.js';
import { findJsonErrorOffset, lineAndColumn } from '../json-position.js';
import { parseOrThrow } from '../validation.js';
import { writeFileAtomic } from './atomic-write.js';

/** A credentials object as stored in a file: a flat-or-nested JSON object. */
export type StoredCredentials = Record<string, unknown>;

// Values must be JSON so that what is saved is exactly what is loaded (no BigInt, functions or undefined).
const CredentialsFileSchema = z.record(z.string(), JsonValueSchema, { error: 'must be a JSON object' });

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

/** A credentials file is a few hundred bytes; anything past this is not one, and is not read into memory. */
const MAX_CREDENTIALS_FILE_BYTES = 1024 * 1024;

function unreadable(target: string, error: unknown): InvalidParameterError {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new InvalidParameterError(`Credentials file ${target} cannot be read (${reason})`, {
    cause: error,
    code: 'CREDENTIALS_FILE_UNREADABLE',
    issues: [{ field: 'filepath', rule: 'must name an existing, readable file' }],
  });
}

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
  // O_EXCL inside: never write through a file (or symlink) someone else put at the temporary name.
  try {
    await writeFileAtomic(target, json, { mode: 0o600, durable: true });
  } catch (error) {
    throw new CloudException(`Could not write credentials to ${target}`, {
      cause: error,
      code: 'CREDENTIALS_WRITE_FAILED',
    });
  }
  return target;
}

/**
 * Loads credentials saved by {@link saveCredentialsToFile}. Refuses, as ssh does, a file that other users can
 * read or write; names the file and the line and column where malformed JSON broke. A file over 1 MiB, or
 * nested more than 64 levels deep, is refused naming the limit.
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
  let handle: FileHandle;
  try {
    handle = await open(target, constants.O_RDONLY);
  } catch (error) {
    throw unreadable(target, error);
  }
  let text: string;
  try {
    // Checked on the open handle, not the path, so the file cannot be swapped between check and read.
    const info = await handle.stat();
    if (!info.isFile()) {
      throw new InvalidParameterError(`Credentials file ${target} is not a regular file`, {
        code: 'CREDENTIALS_FILE_UNREADABLE',
        issues: [{ field: 'filepath', rule: 'must name a regular file' }],
      });
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
    if (info.size > MAX_CREDENTIALS_FILE_BYTES) {
      throw new InvalidParameterError(
        `Credentials file ${target} is ${info.size} bytes, more than the limit of 1 MiB; refusing to read it`,
        {
          code: 'CREDENTIALS_FILE_TOO_LARGE',
          issues: [{ field: 'filepath', rule: 'must name a file of at most 1 MiB' }],
        },
      );
    }
    text = await handle.readFile('utf8');
  } catch (error) {
    throw InvalidParameterError.isInstance(error) ? error : unreadable(target, error);
  } finally {
    await handle.close().catch(() => {});
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // V8's message quotes the file's text, which is the secret: neither it nor the error is kept.
    const offset = findJsonErrorOffset(text) ?? text.length;
    const where = lineAndColumn(text, offset);
    throw new InvalidParameterError(
      `Credentials file ${target} is not valid JSON (line ${where.line}, column ${where.column})`,
      {
        code: 'CREDENTIALS_FILE_MALFORMED',
        issues: [
          {
            field: 'filepath',
            rule: `must hold a JSON object; broke at line ${where.line}, column ${where.column}`,
          },
        ],
      },
    );
  }
  return parseOrThrow(CredentialsFileSchema, data, `credentials file ${target}`, { redactValues: true });
}
