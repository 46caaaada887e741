import {
  type Connector,
  formatJobOutput,
  getCapabilities,
  isAbortError,
  isTerminalStatus,
  JOB_STATUSES,
  type JobStatus,
  JobStatus as Status,
  systemClock,
} from '@neural/integrations-core';
import { type Command, Option } from 'commander';
import type { CommandContext } from '../context.js';
import { EXIT_CODES } from '../exit-codes.js';
import { styledStatus, watchOptions } from '../follow.js';
import { wholeNumber } from '../parse.js';
import type { Runner } from '../runner.js';
import { printTable } from './platforms.js';
import { addWaitOptions } from './submit.js';

interface PlatformFlag {
  platform?: string;
}

const platformOption = () =>
  new Option('-p, --platform <name>', 'the platform (default: $NEURAL_PLATFORM, or the only one)');

/** `neural status|result|logs|cancel|list`. */
export function registerJobCommands(program: Command, run: Runner): void {
  program
    .command('status')
    .description("print a job's status")
    .argument('<jobId>', 'the job')
    .addOption(platformOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ neural status job_01HV… -p prod\n  $ neural status job_01HV… --json',
    )
    .action(
      run(async (context, jobId: string, flags: PlatformFlag) => {
        const { connector } = await context.connect(flags.platform);
        const status = await connector.getJobStatus(jobId, { signal: context.io.signal });
        context.out.data({ jobId, status });
        context.out.line(styledStatus(context.out, status));
        return EXIT_CODES.OK;
      }),
    );

  program
    .command('result')
    .description("print a job's result: status, duration, output, error, metrics, artifacts")
    .argument('<jobId>', 'the job')
    .addOption(platformOption())
    .addHelpText(
      'after',
      `\nExit code 0 when the job succeeded or is still running, ${EXIT_CODES.JOB_FAILED} when it ended otherwise.\n\nExamples:\n  $ neural result job_01HV… -p prod\n  $ neural result job_01HV… --json | jq .metrics`,
    )
    .action(
      run(async (context, jobId: string, flags: PlatformFlag) => {
        const { connector } = await context.connect(flags.platform);
        const result = await connector.getJobResult(jobId, { signal: context.io.signal });
        context.out.data(result.toJSON());
        context.out.line(formatJobOutput(result, { redactor: context.out.redactor }));
        return isTerminalStatus(result.status) && result.status !== Status.SUCCEEDED
          ? EXIT_CODES.JOB_FAILED
          : EXIT_CODES.OK;
      }),
    );

  addWaitOptions(
    program
      .command('logs')
      .description("print a job's logs; -f follows them until the job ends")
      .argument('<jobId>', 'the job')
      .addOption(platformOption())
      .option('-f, --follow', 'keep printing as the job writes, until it ends'),
  )
    .addHelpText(
      'after',
      '\nWith --json, -f prints one {"jobId","chunk"} line per piece of log.\n\nExamples:\n  $ neural logs job_01HV… -p prod\n  $ neural logs -f job_01HV… -p prod',
    )
    .action(
      run(
        async (
          context,
          jobId: string,
          flags: PlatformFlag & { follow?: boolean; pollInterval?: number; timeout?: number },
        ) => {
          const { connector } = await context.connect(flags.platform);
          if (!flags.follow) {
            const logs = await connector.getLogs(jobId, { signal: context.io.signal });
            context.out.data({ jobId, logs });
            if (!context.out.json)
              context.out.stdout.write(logs.endsWith('\n') || logs === '' ? logs : `${logs}\n`);
            return EXIT_CODES.OK;
          }
          try {
            for await (const chunk of followLogs(context, connector, jobId, flags)) {
              context.out.data({ jobId, chunk });
              if (!context.out.json) context.out.stdout.write(chunk);
            }
          } catch (error) {
            if (!isAbortError(error)) throw error;
            return EXIT_CODES.INTERRUPTED;
          }
          const status = await connector.getJobStatus(jobId, { signal: context.io.signal });
          if (!context.out.json) context.out.note(`${jobId}: ${status.toUpperCase()}`);
          return status === Status.SUCCEEDED ? EXIT_CODES.OK : EXIT_CODES.JOB_FAILED;
        },
      ),
    );

  program
    .command('cancel')
    .description('cancel a pending or running job')
    .argument('<jobId>', 'the job')
    .addOption(platformOption())
    .addHelpText('after', '\nExamples:\n  $ neural cancel job_01HV… -p prod')
    .action(
      run(async (context, jobId: string, flags: PlatformFlag) => {
        const { connector } = await context.connect(flags.platform);
        const cancelled = await connector.cancelJob(jobId, { signal: context.io.signal });
        context.out.data({ jobId, cancelled });
        context.out.line(
          cancelled ? `Cancelled ${jobId}` : `${jobId} had already finished; nothing to cancel`,
        );
        return EXIT_CODES.OK;
      }),
    );

  program
    .command('list')
    .description('list recent jobs, newest first')
    .addOption(platformOption())
    .addOption(new Option('-s, --status <status>', 'only jobs in this status').choices([...JOB_STATUSES]))
    .option('-l, --limit <n>', 'at most this many (1-1000, default 10)', wholeNumber('--limit', 1))
    .addHelpText(
      'after',
      '\nExamples:\n  $ neural list -p prod\n  $ neural list -p prod --status running --limit 50 --json',
    )
    .action(
      run(async (context, flags: PlatformFlag & { status?: JobStatus; limit?: number }) => {
        const { connector } = await context.connect(flags.platform);
        const jobs = await connector.listJobs({
          limit: flags.limit,
          statusFilter: flags.status,
          signal: context.io.signal,
        });
        context.out.data(jobs.map((job) => ({ ...job, createdAt: job.createdAt.toISOString() })));
        if (jobs.length === 0) {
          context.out.line('No jobs.');
          return EXIT_CODES.OK;
        }
        printTable(
          context,
          ['JOB', 'NAME', 'STATUS', 'CREATED'],
          jobs.map((job) => [job.id, job.name ?? '-', job.status.toUpperCase(), job.createdAt.toISOString()]),
        );
        return EXIT_CODES.OK;
      }),
    );
}

/**
 * A job's logs as they are written: the connector's `followLogs` when it has one, otherwise `getLogs` polled
 * (printing only what is new) until the job ends.
 */
async function* followLogs(
  context: CommandContext,
  connector: Connector,
  jobId: string,
  flags: { pollInterval?: number; timeout?: number },
): AsyncGenerator<string> {
  const signal = context.io.signal;
  if (getCapabilities(connector).followLogs && connector.followLogs) {
    yield* connector.followLogs(jobId, { signal });
    return;
  }
  const { pollIntervalMs, clock } = watchOptions(context, flags);
  let printed = 0;
  for (;;) {
    const status = await connector.getJobStatus(jobId, { signal });
    const logs = await connector.getLogs(jobId, { signal });
    if (logs.length > printed) yield logs.slice(printed);
    printed = Math.max(printed, logs.length);
    if (isTerminalStatus(status)) return;
    await (clock ?? systemClock).sleep(pollIntervalMs, signal);
  }
}
