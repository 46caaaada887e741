/**
 * Running the scheduler's commands, safely. What real schedulers do to a naive connector, and what this file
 * does about it:
 *
 * - **Login shells that source profiles.** `ssh host "squeue ..."` or `bash -lc` runs the user's
 *   `.bashrc`/`.profile`, which print banners, `module load` chatter or "conda activated" lines into the same
 *   stdout the connector parses, and may change `PATH`. Commands here are run directly, as an argument array
 *   (`execFile`, never a shell string: a job name with `;` or `$()` stays a name), and the JSON is read from
 *   the last line of stdout, so a stray line before it is ignored rather than parsed.
 * - **Hung commands.** A scheduler controller under load can stall `squeue` for minutes. Every command has a
 *   timeout (core's one `TIMEOUT` error) and stops at once when the caller's signal aborts.
 * - Everything printed is checked with zod before it is used: a scheduler upgrade that renames a field is a
 *   clear `INVALID_RESPONSE` error naming it, not an `undefined` three calls later.
 */
import { execFile } from 'node:child_process';
import { type Clock, CloudExecutionError, OperationAbortedError } from '@neural/integrations-core';
import {
  type ErrorContext,
  excerpt,
  parseJsonText,
  parseWith,
  startAttemptTimeout,
  timeoutError,
} from '@neural/integrations-core/http';
import type { z } from 'zod';

/** How one command is run. */
export interface RunOptions {
  /** Longest wait, in ms. */
  readonly timeoutMs: number;
  /** Where the timeout is waited on. */
  readonly clock: Clock;
  /** The caller's signal. */
  readonly signal?: AbortSignal | undefined;
  /** Written to the command's standard input (a job script), then closed. */
  readonly input?: string | undefined;
  /** The operation, for messages. */
  readonly operation: string;
  /** The job the command is about, for messages. */
  readonly jobId?: string | undefined;
}

/** A command that ran and exited non-zero: its exit code and (an excerpt of) what it said on stderr. */
export class CommandFailedError extends CloudExecutionError {
  /** The command's exit code. */
  readonly exitCode: number;
  /** Its standard error. */
  readonly stderr: string;
  constructor(operation: string, exitCode: number, stderr: string) {
    super(`${operation}: the command exited with code ${exitCode}: ${excerpt(stderr)}`, {
      code: 'COMMAND_FAILED',
    });
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/** Runs `argv` (program first) and returns its standard output. */
export function runCommand(argv: readonly string[], options: RunOptions): Promise<string> {
  const [program, ...args] = argv;
  if (program === undefined) throw new CloudExecutionError(`${options.operation}: no command configured`);
  const timeout = startAttemptTimeout(options);
  return new Promise<string>((resolve, reject) => {
    const child = execFile(
      program,
      args,
      // A small, fixed environment: the connector's own process may hold secrets a job script must not see.
      {
        signal: timeout.signal,
        maxBuffer: 64 * 1024 * 1024,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' },
      },
      (error, stdout, stderr) => {
        timeout.stop();
        if (!error) return resolve(stdout);
        if (options.signal?.aborted) {
          return reject(
            new OperationAbortedError(`${options.operation} was aborted`, { cause: options.signal.reason }),
          );
        }
        if (timeout.timedOut) return reject(timeoutError(options.operation, options.timeoutMs, error));
        if (typeof error.code === 'number')
          return reject(new CommandFailedError(options.operation, error.code, stderr));
        // ENOENT, EACCES: the command never ran. Not retryable: the configuration is wrong.
        reject(
          new CloudExecutionError(`${options.operation}: cannot run ${program}: ${error.message}`, {
            code: 'COMMAND_NOT_RUN',
            cause: error,
          }),
        );
      },
    );
    // A command that exits without reading its input closes the pipe (EPIPE): what it did is judged by its exit
    // code and output above, not by whether it read the script.
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.input ?? '');
  });
}

/** The last non-empty line of `stdout`, parsed as JSON and validated by `schema`. */
export function parseLastLine<S extends z.ZodType>(
  schema: S,
  stdout: string,
  context: ErrorContext,
): z.output<S> {
  const line = stdout.trimEnd().split('\n').at(-1) ?? '';
  return parseWith(schema, parseJsonText(line, 'the command output', context), context);
}
