import { readFileSync } from 'node:fs';
import { defaultConnectorRegistry } from '@neural/integrations-core';
import { Command, CommanderError } from 'commander';
import { registerBatch } from './commands/batch.js';
import { registerCompletion } from './commands/completion.js';
import { registerJobCommands } from './commands/jobs.js';
import { registerPlatforms } from './commands/platforms.js';
import { registerSubmit } from './commands/submit.js';
import { registerWatch } from './commands/watch.js';
import { type CliIo, registerBuiltInConnectors } from './context.js';
import { EXIT_CODES, type ExitCode, exitCodeFor } from './exit-codes.js';
import { Output } from './output.js';
import { createRunner } from './runner.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

function exitCodesHelp(): string {
  return Object.entries(EXIT_CODES)
    .map(([name, code]) => `  ${String(code).padStart(3)}  ${name}`)
    .join('\n');
}

/** The `neural` program: every command, wired to `io`. */
export function createProgram(io: CliIo, run: ReturnType<typeof createRunner>['run']): Command {
  const program = new Command('neural')
    .description('Submit, watch and collect ML jobs on any configured platform.')
    .version(version)
    .option('--json', 'print JSON for scripts (one document, or one line per event)')
    .option('--trace', 'trace every platform call with OpenTelemetry: spans and metrics on stderr')
    .option('--no-color', 'no colours (also: NO_COLOR=1; never when stdout is not a TTY)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .addHelpText(
      'after',
      `
Exit codes:
${exitCodesHelp()}

Examples:
  $ neural platforms add laptop --kind local
  $ neural submit train.py --platform laptop --wait
  $ neural watch --all --platform laptop
  $ neural batch sweep.jsonl --platform laptop --concurrency 8
  $ neural completion bash > /etc/bash_completion.d/neural`,
    );
  registerPlatforms(program, run);
  registerSubmit(program, run);
  registerJobCommands(program, run);
  registerWatch(program, run);
  registerBatch(program, run);
  registerCompletion(program, run);
  // Every subcommand inherits the overrides, so its usage errors come back here instead of exiting.
  const inherit = (command: Command) => {
    for (const sub of command.commands) {
      sub.exitOverride().configureOutput({
        writeOut: (text) => io.stdout.write(text),
        writeErr: (text) => io.stderr.write(text),
      });
      sub.showSuggestionAfterError();
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}

/**
 * Runs `neural` with these arguments (without `node` and the script) and returns its exit code. Everything
 * the process would use (streams, environment, folder, connector kinds, clock, Ctrl-C) can be replaced.
 *
 * @example
 * ```ts
 * const code = await runCli(['submit', 'train.py', '--platform', 'laptop', '--wait']);
 * process.exitCode = code;
 * ```
 */
export async function runCli(argv: readonly string[], io: Partial<CliIo> = {}): Promise<ExitCode> {
  const resolved: CliIo = {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    stdin: io.stdin ?? process.stdin,
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
    registry: io.registry ?? registerBuiltInConnectors(defaultConnectorRegistry),
    clock: io.clock,
    signal: io.signal,
  };
  const runner = createRunner(resolved);
  const program = createProgram(resolved, runner.run);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end this way too, with code 0.
      return error.exitCode === 0 ? EXIT_CODES.OK : EXIT_CODES.USAGE;
    }
    const out = new Output({
      stdout: resolved.stdout,
      stderr: resolved.stderr,
      json: argv.includes('--json'),
      color: false,
      env: resolved.env,
    });
    out.error(error);
    return exitCodeFor(error);
  }
  return runner.exitCode() ?? EXIT_CODES.OK;
}
