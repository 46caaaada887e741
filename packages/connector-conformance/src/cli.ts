import { constants, existsSync } from 'node:fs';
import { access, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { describeRefusedValue, InvalidParameterError, Redactor } from '@neural/integrations-core';
import { createJiti } from 'jiti';
import { badgePathFor, certificateBadge } from './badge.js';
import { createCertificate, formatCertificate } from './certificate.js';
import { formatProgressEvent } from './progress.js';
import { formatReport, REPORTERS, type ReporterName } from './reporters.js';
import { runConformance } from './runner.js';
import { assertConformanceTarget, type ConformanceCapability } from './target.js';

/** The CLI's exit codes. */
export const EXIT_CODES = Object.freeze({
  /** Every clause that applies passed (and, certifying, no required clause was skipped). */
  passed: 0,
  /** A clause failed, or the target's own `setup`/`create`/`teardown` threw. */
  failed: 1,
  /** Bad usage, a module that is not a target, an unknown clause id or capability. */
  usage: 2,
  /** Stopped by SIGINT (128 + 2) after cancelling the suite's jobs. */
  SIGINT: 130,
  /** Stopped by SIGTERM (128 + 15) after cancelling the suite's jobs. */
  SIGTERM: 143,
});

const USAGE = `Usage: neural-conformance <module> [options]

Runs the Neural connector contract against the target that <module> exports by default
(made with defineConformanceTarget). TypeScript modules load without a build step.

  -r, --reporter text|json|junit  the report on stdout (default text); progress goes to stderr,
                                  or to stdout before a text report on a terminal
      --only id,...               run only these clauses (an id ending in "." selects an area)
      --skip id,...               leave these clauses out
      --certify                   certify: the whole contract; a clause skipped while a required
                                  capability is needed fails
      --require capability,...    capabilities to require (implies --certify)
      --certificate <file>        write the certificate (JSON) there and a badge beside it
                                  (<file> without .json, plus .svg); implies --certify
      --badge <file>              write the badge SVG there instead; implies --certify
      --stall-notice <ms>         notice a job in one status this long (default a quarter of
                                  the target's timing.jobTimeoutMs)
      --cancel-timeout <ms>       after SIGINT/SIGTERM, how long to wait for the cancels (default 10000)
      --teardown-timeout <ms>     after SIGINT/SIGTERM, how long the target's teardown() may take
                                  (default 30000); past it, the jobs not confirmed cancelled are listed
  -h, --help                      this help

Exit codes: 0 every clause that applies passed; 1 a clause failed or the target threw; 2 bad usage or a
bad target; 130 / 143 stopped by SIGINT / SIGTERM, after cancelling every job the suite started (a second
signal exits at once).`;

function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((id) => id.trim())
    .filter(Boolean);
}

/**
 * What an argument error says, never quoting what was typed: a key pasted without its flag (or as one) would
 * otherwise be printed back into a terminal's scrollback or a CI log. Any message `parseArgs` writes has every
 * typed value redacted.
 */
function argumentError(argv: readonly string[], error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = argv.find((arg) => arg.startsWith('-') && !KNOWN_FLAGS.has(arg.split('=')[0] ?? arg));
    return `Unknown option ${describeRefusedValue(option)}; see --help.`;
  }
  const typed = new Redactor();
  for (const arg of argv) {
    const [flag, ...value] = arg.split('=');
    if (KNOWN_FLAGS.has(flag ?? '')) typed.add(value.join('='));
    else typed.add(arg);
  }
  return typed.redactText(error instanceof Error ? error.message : String(error));
}

function milliseconds(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(ms) || ms <= 0) {
    throw InvalidParameterError.fromIssues('command line', [
      { field: `--${option}`, rule: 'must be a whole number of milliseconds greater than 0' },
    ]);
  }
  return ms;
}

/** Refuses, before a run that may take an hour, an output path whose folder does not exist or is read-only. */
async function assertWritable(option: string, file: string): Promise<void> {
  try {
    await access(dirname(file), constants.W_OK);
  } catch {
    throw InvalidParameterError.fromIssues('command line', [
      { field: `--${option}`, rule: `the folder of ${file} must exist and be writable` },
    ]);
  }
}

/** Where the CLI writes, and what it knows of its terminal. */
export interface CliIo {
  /** The report (stdout). */
  out: (text: string) => void;
  /** Diagnostics and progress (stderr). */
  err: (text: string) => void;
  /** Where relative paths start. Default `process.cwd()`. */
  cwd?: string | undefined;
  /** Whether `out` is a terminal: then a text report is preceded by live progress on it. Default stdout's. */
  isTTY?: boolean | undefined;
}

/**
 * Runs the CLI with `argv` (without the node and script entries); returns the exit code (see
 * {@link EXIT_CODES}). Output goes to `io.out`, diagnostics and progress to `io.err`.
 */
export async function main(
  argv: readonly string[],
  io: CliIo = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  },
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`${argumentError(argv, error)}\n\n${USAGE}\n`);
    return EXIT_CODES.usage;
  }
  if (parsed.values.help) {
    io.out(`${USAGE}\n`);
    return EXIT_CODES.passed;
  }
  const [modulePath, ...extra] = parsed.positionals;
  const reporter = parsed.values.reporter as ReporterName;
  if (!modulePath || extra.length > 0 || !REPORTERS.includes(reporter)) {
    const unknownReporter = `Unknown reporter ${describeRefusedValue(reporter)}.\n\n`;
    io.err(`${!REPORTERS.includes(reporter) ? unknownReporter : ''}${USAGE}\n`);
    return EXIT_CODES.usage;
  }
  const cwd = io.cwd ?? process.cwd();
  const progressOnOut = reporter === 'text' && (io.isTTY ?? process.stdout.isTTY === true);
  const progress = progressOnOut ? io.out : io.err;

  const abort = new AbortController();
  let stoppedBy: 'SIGINT' | 'SIGTERM' | undefined;
  let exitNow: (code: number) => void = () => undefined;
  const forced = new Promise<number>((resolve) => {
    exitNow = resolve;
  });
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    if (stoppedBy) {
      io.err(`neural-conformance: ${signal} again, exiting without waiting for the cancels\n`);
      exitNow(EXIT_CODES[stoppedBy]);
      return;
    }
    stoppedBy = signal;
    abort.abort(new Error(`interrupted by ${signal}`));
  };
  const onSigint = () => onSignal('SIGINT');
  const onSigterm = () => onSignal('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);

  const run = async (): Promise<number> => {
    const certificatePath = parsed.values.certificate && resolve(cwd, parsed.values.certificate);
    const badgePath = parsed.values.badge
      ? resolve(cwd, parsed.values.badge)
      : certificatePath && badgePathFor(certificatePath);
    const options = {
      only: list(parsed.values.only),
      skip: list(parsed.values.skip),
      certify: parsed.values.certify === true || certificatePath !== undefined || badgePath !== undefined,
      require: list(parsed.values.require) as ConformanceCapability[] | undefined,
      stallNoticeMs: milliseconds('stall-notice', parsed.values['stall-notice']),
      cancelTimeoutMs: milliseconds('cancel-timeout', parsed.values['cancel-timeout']),
      teardownTimeoutMs: milliseconds('teardown-timeout', parsed.values['teardown-timeout']),
    };
    if (certificatePath) await assertWritable('certificate', certificatePath);
    if (badgePath) await assertWritable('badge', badgePath);
    const file = resolve(cwd, modulePath);
    if (!existsSync(file)) {
      throw InvalidParameterError.fromIssues('command line', [
        { field: '<module>', rule: `names no file (got ${describeRefusedValue(modulePath)})` },
      ]);
    }
    const jiti = createJiti(pathToFileURL(file).href, { interopDefault: true, moduleCache: false });
    const loaded = await jiti.import<unknown>(file, { default: true });
    const target = assertConformanceTarget(loaded);
    const report = await runConformance(target, {
      ...options,
      signal: abort.signal,
      onEvent: (event) => {
        const line = formatProgressEvent(event);
        if (line === undefined) return;
        // The stop and its cancels are diagnostics: on stderr whatever the reporter.
        const stopping =
          event.type === 'run-interrupted' ||
          event.type === 'jobs-cancelled' ||
          event.type === 'teardown-timed-out';
        const stream = stopping ? io.err : progress;
        stream(`${line}\n`);
      },
    });
    if (progressOnOut) io.out('\n');
    io.out(formatReport(report, reporter));
    if (certificatePath || badgePath) {
      const certificate = createCertificate(report);
      if (certificatePath) {
        await writeFile(certificatePath, formatCertificate(certificate));
        io.err(`Certificate (${certificate.verdict}) written to ${certificatePath}\n`);
      }
      if (badgePath) {
        await writeFile(badgePath, certificateBadge(certificate));
        io.err(`Badge written to ${badgePath}\n`);
      }
    }
    if (stoppedBy) return EXIT_CODES[stoppedBy];
    return report.ok ? EXIT_CODES.passed : EXIT_CODES.failed;
  };

  try {
    return await Promise.race([run(), forced]);
  } catch (error) {
    io.err(`neural-conformance: ${error instanceof Error ? error.message : String(error)}\n`);
    return stoppedBy ? EXIT_CODES[stoppedBy] : EXIT_CODES.usage;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  }
}

const OPTIONS = {
  reporter: { type: 'string', short: 'r', default: 'text' },
  only: { type: 'string' },
  skip: { type: 'string' },
  certify: { type: 'boolean' },
  require: { type: 'string' },
  certificate: { type: 'string' },
  badge: { type: 'string' },
  'stall-notice': { type: 'string' },
  'cancel-timeout': { type: 'string' },
  'teardown-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const KNOWN_FLAGS: ReadonlySet<string> = new Set(
  Object.entries(OPTIONS).flatMap(([name, option]) => [
    `--${name}`,
    ...('short' in option ? [`-${option.short}`] : []),
  ]),
);

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: OPTIONS,
  });
}
