import { parseArgs } from 'node:util';
import { describeRefusedValue, InvalidParameterError, Redactor } from '@neural/integrations-core';
import { z } from 'zod';
import { type FakePlatformServerOptions, startFakePlatformServer } from './server.js';

/** The `neural-fake-platform --help` text. */
export const CLI_USAGE = `Usage: neural-fake-platform [options]

  --port <n>            TCP port (default 8080; 0 picks a free one)
  --host <addr>         interface to bind (default 127.0.0.1; 0.0.0.0 in a container)
  --api-key <key>       the API key to accept (default: a random one, printed at start)
  --fault-rate <p>      probability 0..1 that a request gets an injected fault (default 0)
  --latency-ms <n>      latency added to every request (default 0)
  --seed <n>            seed of the fault PRNG and job ids (default 1)
  --token-ttl-ms <n>    access token lifetime (default 3600000)
  --enable-control      serve the /v1/_control routes
  --help                print this text`;

const numberFlag = (flag: string, schema: z.ZodNumber) =>
  z
    .string()
    .refine((value) => value.trim() !== '' && Number.isFinite(Number(value)), `${flag} must be a number`)
    .transform(Number)
    .pipe(schema);

const CliSchema = z.strictObject({
  port: numberFlag(
    '--port',
    z.number().int('--port must be a whole number').min(0).max(65535, '--port must be from 0 to 65535'),
  ).default(8080),
  host: z.string().min(1, '--host must not be empty').default('127.0.0.1'),
  'api-key': z.string().min(8, '--api-key must be at least 8 characters').optional(),
  'fault-rate': numberFlag(
    '--fault-rate',
    z.number().min(0, '--fault-rate must be from 0 to 1').max(1, '--fault-rate must be from 0 to 1'),
  ).optional(),
  'latency-ms': numberFlag(
    '--latency-ms',
    z
      .number()
      .int('--latency-ms must be a whole number')
      .min(0, '--latency-ms must not be negative')
      .max(60_000, '--latency-ms must be at most 60000'),
  ).optional(),
  seed: numberFlag('--seed', z.number().int('--seed must be a whole number')).optional(),
  'token-ttl-ms': numberFlag(
    '--token-ttl-ms',
    z.number().int().positive('--token-ttl-ms must be greater than 0'),
  ).optional(),
  'enable-control': z.boolean().optional(),
  help: z.boolean().optional(),
});

const FLAGS = new Set([
  '--port',
  '--host',
  '--api-key',
  '--fault-rate',
  '--latency-ms',
  '--seed',
  '--token-ttl-ms',
  '--enable-control',
  '--help',
  '-h',
]);

/**
 * The rule an argument error states, never quoting what was typed: a key typed without `--api-key` (or as a
 * flag, or glued to one with `=`) would otherwise be printed back, into a terminal's scrollback or a CI log.
 * Known codes get their own words; any other message has every typed value that is not a known flag redacted.
 */
function argvRule(argv: readonly string[], error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const positional = argv.find((arg) => !arg.startsWith('-'));
    return `takes no positional arguments (got ${describeRefusedValue(positional)}); give the key with --api-key`;
  }
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const unknown = argv.find((arg) => arg.startsWith('-') && !FLAGS.has(arg.split('=')[0] ?? arg));
    return `holds an unknown option (${describeRefusedValue(unknown)}); see --help`;
  }
  const typed = new Redactor();
  for (const arg of argv) {
    const [flag, ...value] = arg.split('=');
    if (FLAGS.has(flag ?? '')) typed.add(value.join('='));
    else typed.add(arg);
  }
  return typed.redactText(error instanceof Error ? error.message : String(error));
}

/** What the command line asked for: server options, or the help text. */
export type CliCommand = { help: true } | { help: false; options: FakePlatformServerOptions };

/**
 * Parses `neural-fake-platform` arguments. Unknown flags and bad values throw {@link InvalidParameterError}
 * naming the flag, never quoting a refused value longer than 11 characters.
 */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'api-key': { type: 'string' },
        'fault-rate': { type: 'string' },
        'latency-ms': { type: 'string' },
        seed: { type: 'string' },
        'token-ttl-ms': { type: 'string' },
        'enable-control': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw InvalidParameterError.fromIssues('command line', [{ field: 'argv', rule: argvRule(argv, error) }]);
  }
  const result = CliSchema.safeParse(values);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const flag = `--${issue.path.join('.')}`;
      return {
        field: flag,
        rule: issue.message.startsWith(flag) ? issue.message.slice(flag.length + 1) : issue.message,
      };
    });
    throw InvalidParameterError.fromIssues('command line', issues);
  }
  const flags = result.data;
  if (flags.help) return { help: true };
  return {
    help: false,
    options: {
      port: flags.port,
      host: flags.host,
      ...(flags['api-key'] ? { apiKey: flags['api-key'] } : {}),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags['token-ttl-ms'] !== undefined ? { tokenTtlMs: flags['token-ttl-ms'] } : {}),
      enableControl: flags['enable-control'] ?? false,
      faults: { rate: flags['fault-rate'] ?? 0, latencyMs: flags['latency-ms'] ?? 0 },
    },
  };
}

/** Where the CLI writes and how it hears about termination signals (injectable for tests). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Registers `handler` for SIGTERM and SIGINT. */
  onSignal(handler: (signal: string) => void): void;
}

/**
 * Runs `neural-fake-platform`: starts the server, prints `Fake platform listening on <url>` (the line a
 * container wait strategy matches) and the API key, and closes cleanly on SIGTERM/SIGINT. Resolves with the
 * exit code once the server has closed (or at once for `--help` and bad arguments).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    if (InvalidParameterError.isInstance(error)) {
      io.stderr(`neural-fake-platform: ${error.message}\n\n${CLI_USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (command.help) {
    io.stdout(`${CLI_USAGE}\n`);
    return 0;
  }
  const server = await startFakePlatformServer(command.options);
  // The key is printed only when the platform made it up: one the caller chose is already known to them, and
  // printing it would put a secret into logs (container logs included).
  return new Promise<number>((resolve) => {
    io.onSignal((signal) => {
      io.stdout(`Received ${signal}, closing\n`);
      server.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    });
    // Announced only once the signal handlers are in place: a supervisor that stops the server as soon as it
    // reads this line (stdout to a pipe is synchronous) would otherwise kill it before it can close cleanly.
    io.stdout(
      command.options.apiKey !== undefined
        ? `Fake platform listening on ${server.url}\nAPI key: the one given with --api-key\n`
        : `Fake platform listening on ${server.url}\nAPI key: ${server.apiKey}\n`,
    );
  });
}
