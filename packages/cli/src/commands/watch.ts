import { existsSync } from 'node:fs';
import {
  CloudException,
  FileJobJournal,
  foldJournal,
  InvalidParameterError,
  isAbortError,
  isTerminalStatus,
  type JobStatus,
  JobStatus as Status,
  watchJob,
} from '@neural/integrations-core';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { EXIT_CODES } from '../exit-codes.js';
import { styledStatus, watchOptions } from '../follow.js';
import { submitJournalPath } from '../home.js';
import { formatElapsed, LiveRegion } from '../live.js';
import { wholeNumber } from '../parse.js';
import type { Runner } from '../runner.js';
import { addWaitOptions } from './submit.js';

interface WatchFlags {
  platform?: string;
  all?: boolean;
  limit?: number;
  pollInterval?: number;
  timeout?: number;
}

/** One job of the table. */
interface Row {
  readonly jobId: string;
  name: string;
  status: JobStatus | undefined;
  /** A failure to watch it (not found, unreachable), by error code. */
  problem: string | undefined;
  startedAt: number;
  endedAt: number | undefined;
}

/** The job names the submit journal knows, by job id. */
async function namesFromJournal(context: CommandContext, platform: string): Promise<Map<string, string>> {
  const path = submitJournalPath(context.home, platform);
  const names = new Map<string, string>();
  if (!existsSync(path)) return names;
  const journal = new FileJobJournal(path);
  try {
    for (const entry of foldJournal(await journal.read()).values()) {
      if (entry.jobId !== undefined && entry.request.jobName) names.set(entry.jobId, entry.request.jobName);
    }
  } finally {
    await journal.close();
  }
  return names;
}

/** `neural watch [ids…] | --all`. */
export function registerWatch(program: Command, run: Runner): void {
  addWaitOptions(
    program
      .command('watch')
      .description('watch jobs to their end in a live table (job, name, status, elapsed), then a summary')
      .argument('[jobIds...]', 'the jobs to watch')
      .option('-p, --platform <name>', 'the platform (default: $NEURAL_PLATFORM, or the only one)')
      .option('-a, --all', 'watch every pending or running job of the platform')
      .option(
        '-l, --limit <n>',
        'with --all: look at this many recent jobs (default 100)',
        wholeNumber('--limit', 1),
      ),
  )
    .addHelpText(
      'after',
      `
Without a TTY (or with --json) it prints one line (one JSON object) per status change instead of the table.
Built on core's watchJob, one watch per job, all at once. Exit code 0 when every job succeeded, ${EXIT_CODES.JOB_FAILED} otherwise.

Examples:
  $ neural watch job_01HV… job_01HW… -p prod
  $ neural watch --all -p cluster
  $ neural watch --all -p prod --json | jq -c 'select(.event == "summary")'`,
    )
    .action(
      run(async (context, ids: string[], flags: WatchFlags) => {
        const { out } = context;
        const { profile, connector } = await context.connect(flags.platform);
        const names = await namesFromJournal(context, profile.name);
        const watch = watchOptions(context, flags);
        const now = () => watch.clock.now();
        let jobIds = [...new Set(ids)];
        if (flags.all) {
          const recent = await connector.listJobs({ limit: flags.limit ?? 100, signal: context.io.signal });
          for (const job of recent) if (job.name) names.set(job.id, job.name);
          jobIds = [
            ...new Set([
              ...jobIds,
              ...recent.filter((job) => !isTerminalStatus(job.status)).map((job) => job.id),
            ]),
          ];
        } else if (jobIds.length === 0) {
          throw InvalidParameterError.fromIssues('command line', [
            { field: '[jobIds...]', rule: 'name the jobs to watch, or pass --all' },
          ]);
        }
        const rows: Row[] = jobIds.map((jobId) => ({
          jobId,
          name: names.get(jobId) ?? '',
          status: undefined,
          problem: undefined,
          startedAt: now(),
          endedAt: undefined,
        }));
        const region = out.live
          ? new LiveRegion(out, (frame) => renderTable(context, rows, frame, now())).start()
          : undefined;
        let interrupted = false;
        const watchOne = async (row: Row) => {
          try {
            for await (const change of watchJob(connector, row.jobId, watch)) {
              row.status = change.status;
              if (isTerminalStatus(change.status)) row.endedAt = now();
              out.data({
                event: 'status',
                jobId: row.jobId,
                name: row.name || undefined,
                status: change.status,
                previous: change.previous,
                at: new Date(change.observedAt).toISOString(),
              });
              if (region) region.refresh();
              else if (!out.json) {
                const from = change.previous ? `${change.previous.toUpperCase()} -> ` : '';
                out.line(
                  `${row.jobId}${row.name ? ` (${row.name})` : ''}: ${from}${change.status.toUpperCase()}`,
                );
              }
            }
          } catch (error) {
            if (isAbortError(error)) {
              interrupted = true;
              return;
            }
            row.problem = CloudException.isInstance(error) ? error.code : 'ERROR';
            row.endedAt = now();
            out.data({
              event: 'error',
              jobId: row.jobId,
              code: row.problem,
              message: out.redactor.redactText(error instanceof Error ? error.message : String(error)),
            });
            if (!region && !out.json) out.line(`${row.jobId}: ${row.problem}`);
          }
        };
        try {
          await Promise.all(rows.map(watchOne));
        } finally {
          region?.stop();
        }
        const counts: Record<string, number> = {};
        for (const row of rows) {
          const key = row.problem ? 'unwatchable' : (row.status ?? 'unknown');
          counts[key] = (counts[key] ?? 0) + 1;
        }
        const summary = `${rows.length} job${rows.length === 1 ? '' : 's'}: ${
          Object.entries(counts)
            .map(([status, count]) => `${count} ${status === Status.SUCCEEDED ? 'succeeded' : status}`)
            .join(', ') || 'none'
        }${interrupted ? ' (interrupted)' : ''}`;
        out.data({ event: 'summary', total: rows.length, byStatus: counts, interrupted });
        out.line(summary);
        if (interrupted) return EXIT_CODES.INTERRUPTED;
        return rows.every((row) => row.status === Status.SUCCEEDED && !row.problem)
          ? EXIT_CODES.OK
          : EXIT_CODES.JOB_FAILED;
      }),
    );
}

function renderTable(context: CommandContext, rows: readonly Row[], frame: string, now: number): string {
  const { out } = context;
  const cells = rows.map((row) => {
    const ended = row.problem !== undefined || (row.status !== undefined && isTerminalStatus(row.status));
    const icon = row.problem
      ? out.style('red', '✖')
      : ended
        ? row.status === Status.SUCCEEDED
          ? out.style('green', '✔')
          : out.style('red', '✖')
        : out.style('cyan', frame);
    const status = row.problem ?? (row.status === undefined ? '…' : row.status.toUpperCase());
    return {
      icon,
      job: row.jobId,
      name: row.name || '-',
      status,
      styled: row.problem || row.status === undefined ? status : styledStatus(out, row.status),
      elapsed: formatElapsed((row.endedAt ?? now) - row.startedAt),
    };
  });
  const width = (pick: (cell: (typeof cells)[number]) => string, title: string) =>
    Math.max(title.length, ...cells.map((cell) => pick(cell).length));
  const jobWidth = width((cell) => cell.job, 'JOB');
  const nameWidth = width((cell) => cell.name, 'NAME');
  const statusWidth = width((cell) => cell.status, 'STATUS');
  const header = out.style(
    'bold',
    `  ${'JOB'.padEnd(jobWidth)}  ${'NAME'.padEnd(nameWidth)}  ${'STATUS'.padEnd(statusWidth)}  ELAPSED`,
  );
  const lines = cells.map(
    (cell) =>
      `${cell.icon} ${cell.job.padEnd(jobWidth)}  ${cell.name.padEnd(nameWidth)}  ${cell.styled}${' '.repeat(statusWidth - cell.status.length)}  ${cell.elapsed}`,
  );
  const done = rows.filter((row) => row.problem || (row.status && isTerminalStatus(row.status))).length;
  return [header, ...lines, '', `${done}/${rows.length} finished`].join('\n');
}
