import type { Command } from 'commander';
import { type CliIo, CommandContext } from './context.js';
import { type ExitCode, exitCodeFor } from './exit-codes.js';
import { Output } from './output.js';

/** The options every command has. */
export interface GlobalFlags {
  json?: boolean;
  trace?: boolean;
  color?: boolean;
}

/** Turns a command's handler into a commander action that records the exit code and reports errors. */
export type Runner = (
  handler: (context: CommandContext, ...args: never[]) => Promise<ExitCode>,
) => (...args: unknown[]) => Promise<void>;

/** The runner of one `neural` invocation, and the exit code its command ended with. */
export function createRunner(io: CliIo): { run: Runner; exitCode: () => ExitCode | undefined } {
  let exitCode: ExitCode | undefined;
  const run: Runner =
    (handler) =>
    async (...args) => {
      const command = args.at(-1) as Command;
      const globals = command.optsWithGlobals<GlobalFlags>();
      const out = new Output({
        stdout: io.stdout,
        stderr: io.stderr,
        json: globals.json === true,
        color: globals.color,
        env: io.env,
      });
      const context = new CommandContext(io, out, globals.trace === true);
      try {
        // Commander passes the arguments, then the options, then the command itself (dropped here).
        exitCode = await handler(context, ...(args.slice(0, -1) as never[]));
      } catch (error) {
        out.error(error);
        exitCode = exitCodeFor(error);
      } finally {
        await context.close().catch(() => {});
      }
    };
  return { run, exitCode: () => exitCode };
}
