import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createJiti } from 'jiti';
import { formatReport, formatTextReport, REPORTERS, type ReporterName } from './reporters.js';
import { runConformance } from './runner.js';
import { assertConformanceTarget } from './target.js';

const USAGE = `Usage: neural-conformance <module> [--reporter text|json|junit] [--only id,...] [--skip id,...]

Runs the Neural connector contract against the target that <module> exports by default
(made with defineConformanceTarget). TypeScript modules load without a build step.
Exits 0 when every clause that applies passes, 1 when any fails, 2 on bad usage or a bad target.`;

function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((id) => id.trim())
    .filter(Boolean);
}

/**
 * Runs the CLI with `argv` (without the node and script entries); returns the exit code. Output goes to
 * `out`, diagnostics to `err`.
 */
export async function main(
  argv: readonly string[],
  io: { out: (text: string) => void; err: (text: string) => void; cwd?: string } = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  },
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const [modulePath, ...extra] = parsed.positionals;
  const reporter = parsed.values.reporter as ReporterName;
  if (!modulePath || extra.length > 0 || !REPORTERS.includes(reporter)) {
    io.err(`${!REPORTERS.includes(reporter) ? `Unknown reporter "${reporter}".\n\n` : ''}${USAGE}\n`);
    return 2;
  }
  const abort = new AbortController();
  const onSignal = () => abort.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  try {
    const file = resolve(io.cwd ?? process.cwd(), modulePath);
    const jiti = createJiti(pathToFileURL(file).href, { interopDefault: true, moduleCache: false });
    const loaded = await jiti.import<unknown>(file, { default: true });
    const target = assertConformanceTarget(loaded);
    const report = await runConformance(target, {
      only: list(parsed.values.only),
      skip: list(parsed.values.skip),
      signal: abort.signal,
      onClause:
        reporter === 'text'
          ? undefined
          : (clause) =>
              io.err(
                `${clause.outcome.padEnd(7)} ${clause.id}${clause.reason ? ` (${clause.reason})` : ''}\n`,
              ),
    });
    io.out(reporter === 'text' ? formatTextReport(report) : formatReport(report, reporter));
    return report.ok ? 0 : 1;
  } catch (error) {
    io.err(`neural-conformance: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      reporter: { type: 'string', short: 'r', default: 'text' },
      only: { type: 'string' },
      skip: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
