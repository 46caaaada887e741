import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Clock,
  type ConnectorOptions,
  connectorOptionFields,
  parseOrThrow,
  strictOptions,
  systemClock,
} from '@neural/integrations-core';
import { expandHome } from '@neural/integrations-core/node';
import { z } from 'zod';
import { JOB_FILES } from './record.js';

/** Options of {@link LocalConnector}. Every field is optional. */
export interface LocalConnectorOptions extends ConnectorOptions {
  /** The folder that holds job records, logs, uploaded files and idempotency keys. Default `~/.neural/local-jobs`. */
  root?: string | undefined;
  /**
   * The command that runs a job's code: the program, then leading arguments; the code file's path is appended
   * as the last argument. Default `['python3']`. Examples: `['node']`, `['bash']`, `['/opt/venv/bin/python', '-X', 'dev']`.
   */
  interpreter?: readonly string[] | undefined;
  /** The code file's name inside the job folder. Default from the interpreter: `main.py`, `main.js`, `main.sh`, else `main`. */
  codeFileName?: string | undefined;
  /** Time between SIGTERM and SIGKILL when a job is cancelled or times out. Default 5 000 ms. */
  cancelGracePeriodMs?: number | undefined;
  /** How often `followLogs` and `cancelJob` look at the job's files. Default 200 ms. */
  pollIntervalMs?: number | undefined;
  /**
   * Whether `waitForStatusChange` watches the job's folder for changes (`fs.watch`). Default `true`; set `false`
   * where file events are unreliable (network file systems), and it polls with a capped delay instead.
   */
  watchFiles?: boolean | undefined;
  /** Variables of this process's environment passed to jobs (before the request's own). Default {@link SAFE_ENVIRONMENT}. */
  inheritEnvironment?: readonly string[] | undefined;
  /** Where time is read and waited on. Default the system clock. */
  clock?: Clock | undefined;
  /** The supervisor script. Default the `runner.js` shipped beside this module. */
  runnerPath?: string | undefined;
  /** The Node.js binary that runs the supervisor. Default `process.execPath`. */
  nodePath?: string | undefined;
}

/** The variables of the submitting process's environment a job sees by default; nothing else leaks in. */
export const SAFE_ENVIRONMENT: readonly string[] = Object.freeze([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
]);

/** Where job records live when no `root` is given. */
export const DEFAULT_LOCAL_ROOT = '~/.neural/local-jobs';

const nonEmptyString = z.string().min(1, 'must be a non-empty string');
const OptionsSchema = strictOptions({
  root: nonEmptyString.optional(),
  interpreter: z
    .array(nonEmptyString, { error: 'must be an array of strings: the program, then its arguments' })
    .min(1, 'must name a program')
    .optional(),
  codeFileName: nonEmptyString
    .regex(/^[A-Za-z0-9._-]+$/, 'must be a plain file name (letters, digits, ".", "_", "-")')
    .refine((name) => name !== '.' && name !== '..' && !Object.values(JOB_FILES).includes(name as never), {
      message: 'must not clash with the files the connector keeps in the job folder',
    })
    .optional(),
  cancelGracePeriodMs: z
    .number()
    .int('must be a whole number')
    .nonnegative('must not be negative')
    .optional(),
  pollIntervalMs: z.number().int('must be a whole number').positive('must be at least 1').optional(),
  watchFiles: z.boolean('must be true or false').optional(),
  inheritEnvironment: z.array(nonEmptyString).optional(),
  clock: connectorOptionFields.clock,
  logger: connectorOptionFields.logger,
  runnerPath: nonEmptyString.optional(),
  nodePath: nonEmptyString.optional(),
});

/** The options after validation and defaults. */
export interface LocalSettings {
  readonly root: string;
  readonly interpreter: readonly string[];
  readonly codeFileName: string;
  readonly gracePeriodMs: number;
  readonly pollIntervalMs: number;
  readonly watchFiles: boolean;
  readonly inheritEnvironment: readonly string[];
  readonly clock: Clock;
  readonly runnerPath: string;
  readonly nodePath: string;
}

function moduleFolder(): string {
  // tsup's shims give the CJS build an import.meta.url; the ESM build has no __dirname.
  return typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
}

function defaultRunnerPath(): string {
  const here = moduleFolder();
  const beside = join(here, 'runner.js');
  if (existsSync(beside)) return beside;
  // Running from source inside the repository: use the built supervisor.
  return resolve(here, '..', 'dist', 'runner.js');
}

function defaultCodeFileName(interpreter: readonly string[]): string {
  const program = basename(interpreter[0] ?? '');
  if (/^python/.test(program)) return 'main.py';
  if (/^(node|bun|deno)/.test(program)) return 'main.js';
  if (/^(bash|sh|zsh|dash|ksh)$/.test(program)) return 'main.sh';
  return 'main';
}

/**
 * Validates `options` and fills in the defaults.
 *
 * @throws InvalidParameterError naming every bad option.
 */
export function resolveLocalSettings(options: LocalConnectorOptions): LocalSettings {
  const parsed = parseOrThrow(OptionsSchema, options, 'LocalConnector options');
  const interpreter = Object.freeze([...(parsed.interpreter ?? ['python3'])]);
  return Object.freeze({
    root: expandHome(parsed.root ?? DEFAULT_LOCAL_ROOT),
    interpreter,
    codeFileName: parsed.codeFileName ?? defaultCodeFileName(interpreter),
    gracePeriodMs: parsed.cancelGracePeriodMs ?? 5_000,
    pollIntervalMs: parsed.pollIntervalMs ?? 200,
    watchFiles: parsed.watchFiles ?? true,
    inheritEnvironment: Object.freeze([...(parsed.inheritEnvironment ?? SAFE_ENVIRONMENT)]),
    clock: options.clock ?? systemClock,
    runnerPath: parsed.runnerPath ? resolve(parsed.runnerPath) : defaultRunnerPath(),
    nodePath: parsed.nodePath ?? process.execPath,
  });
}
