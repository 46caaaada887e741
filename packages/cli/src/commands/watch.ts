import { existsSync } from 'node:fs';
import {
  foldJournal,
  InvalidParameterError,
  isAbortError,
  isTerminalStatus,
  type JobStatus,
  JobStatus as Status,
  watchJobs,
} from '@neural/integrations-core';
import { FileJobJournal } from '@neural/integrations-core/node';
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
Built on core's watchJobs: one request budget for every job (a listing covers many at once). Exit code 0 when every job succeeded, ${EXIT_CODES.JOB_FAILED} otherwise.

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
        const byId = new Map(rows.map((row) => [row.jobId, row]));
        const say = (row: Row, text: string) => {
          if (!region && !out.json) out.line(`${row.jobId}${row.name ? ` (${row.name})` : ''}: ${text}`);
        };
        // --timeout ends the watch (never the jobs) once that much clock time has passed.
        const stop = new AbortController();
        const forward = () => stop.abort(context.io.signal?.reason);
        context.io.signal?.addEventListener('abort', forward, { once: true });
        let timedOut = false;
        if (flags.timeout !== undefined) {
          watch.clock.sleep(flags.timeout * 1_000, stop.signal).then(
            () => {
              timedOut = true;
              stop.abort();
            },
            () => {},
          );
        }
        let interrupted = false;
        try {
          const events = watchJobs(connector, {
            jobIds,
            pollIntervalMs: watch.pollIntervalMs,
            maxPollIntervalMs: watch.maxPollIntervalMs,
            clock: watch.clock,
            signal: stop.signal,
          });
          for await (const event of events) {
            const row = byId.get(event.jobId);
            if (!row) continue;
            const at = new Date(event.observedAt).toISOString();
            const name = row.name || undefined;
            if (event.type === 'status' || event.type === 'ended' || event.type === 'reachable') {
              row.status = event.status;
              row.problem = undefined;
              if (event.type === 'ended') row.endedAt = now();
              const previous = event.type === 'reachable' ? undefined : event.previous;
              out.data({ event: 'status', jobId: row.jobId, name, status: event.status, previous, at });
              say(row, `${previous ? `${previous.toUpperCase()} -> ` : ''}${event.status.toUpperCase()}`);
            } else if (event.type === 'unreachable') {
              row.problem = 'UNREACHABLE';
              out.data({ event: 'unreachable', jobId: row.jobId, name, code: event.error.code, at });
              say(row, `unreachable (${event.error.code}); still watching`);
            } else {
              row.problem = event.error.code;
              row.endedAt = now();
              const message = out.redactor.redactText(event.error.message);
              out.data({ event: 'error', jobId: row.jobId, name, code: event.error.code, message, at });
              say(row, event.error.code);
            }
            region?.refresh();
          }
        } catch (error) {
          if (!isAbortError(error)) throw error;
          interrupted = !timedOut;
        } finally {
          stop.abort();
          context.io.signal?.removeEventListener('abort', forward);
          region?.stop();
        }
        const counts: Record<string, number> = {};
        for (const row of rows) {
          const key =
            row.problem && row.problem !== 'UNREACHABLE' ? 'unwatchable' : (row.status ?? 'unknown');
          counts[key] = (counts[key] ?? 0) + 1;
        }
        const summary = `${rows.length} job${rows.length === 1 ? '' : 's'}: ${
          Object.entries(counts)
            .map(([status, count]) => `${count} ${status === Status.SUCCEEDED ? 'succeeded' : status}`)
            .join(', ') || 'none'
        }${interrupted ? ' (interrupted)' : timedOut ? ' (timed out; the jobs keep running)' : ''}`;
        out.data({ event: 'summary', total: rows.length, byStatus: counts, interrupted, timedOut });
        out.line(summary);
        if (interrupted) return EXIT_CODES.INTERRUPTED;
        if (timedOut) return EXIT_CODES.TIMEOUT;
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
