import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  batchSubmitJobs,
  formatJobOutput,
  InvalidParameterError,
  isAbortError,
  type JobResult,
  JobStatus,
  parseSubmitJobRequest,
  type SubmitJobRequest,
} from '@neural/integrations-core';
import { FileJobJournal } from '@neural/integrations-core/node';
import type { Command } from 'commander';
import { EXIT_CODES } from '../exit-codes.js';
import { type FollowFlags, followJob } from '../follow.js';
import { submitJournalPath } from '../home.js';
import { collect, keyValue, positiveNumber, wholeNumber } from '../parse.js';
import { addResourceOptions, type ResourceFlags, resourcesFromFlags } from '../resources.js';
import type { Runner } from '../runner.js';

interface SubmitFlags extends ResourceFlags, FollowFlags {
  platform?: string;
  env?: Record<string, string>;
  name?: string;
  dep?: string[];
  idempotencyKey?: string;
  wait?: boolean;
}

/** Adds `--poll-interval` and `--timeout` to a command that waits. */
export function addWaitOptions(command: Command): Command {
  return command
    .option(
      '--poll-interval <ms>',
      'first delay between status polls, in ms (default 1000)',
      wholeNumber('--poll-interval', 1),
    )
    .option(
      '--timeout <seconds>',
      'stop waiting after this long (the job keeps running)',
      positiveNumber('--timeout'),
    );
}

async function readCode(
  file: string,
  context: { io: { cwd: string; stdin: AsyncIterable<Buffer | string> } },
): Promise<string> {
  if (file === '-') {
    let text = '';
    for await (const chunk of context.io.stdin) text += chunk.toString();
    return text;
  }
  try {
    return await readFile(resolve(context.io.cwd, file), 'utf8');
  } catch (error) {
    throw InvalidParameterError.fromIssues('command line', [
      {
        field: '<file>',
        rule: `must be a readable file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}: ${file})`,
      },
    ]);
  }
}

/** `neural submit <file>`. */
export function registerSubmit(program: Command, run: Runner): void {
  const command = program
    .command('submit')
    .description('submit a job: the code in <file> (- for stdin); prints its id')
    .argument('<file>', 'the code to run (- reads stdin)')
    .option('-p, --platform <name>', 'the platform (default: $NEURAL_PLATFORM, or the only one)');
  addResourceOptions(command);
  addWaitOptions(
    command
      .option(
        '-e, --env <KEY=VALUE>',
        'an environment variable for the job (repeatable; values are never printed or journaled)',
        keyValue('--env'),
      )
      .option('-n, --name <name>', 'a name for the job')
      .option(
        '-d, --dep <requirement>',
        "a package to install first, e.g. 'numpy>=1.23' (repeatable)",
        collect,
      )
      .option('--idempotency-key <key>', 'submit at most once under this key (default: a new key per submit)')
      .option('-w, --wait', 'follow the job to its end, then print its result'),
  )
    .addHelpText(
      'after',
      `
Each submit gets an idempotency key and is journaled in $NEURAL_HOME/journals/<platform>.jsonl before it is
sent, so a retried submit never makes a second job. Exit code with --wait: 0 when the job succeeded, 1 when it
did not.

Examples:
  $ neural submit train.py --platform laptop
  $ neural submit train.py -p gpu --gpus 2 --memory 32 --max-hours 4 --env EPOCHS=10 --name sweep-1 --dep 'numpy>=1.23' --wait
  $ echo 'print(42)' | neural submit - -p laptop --wait --json`,
    )
    .action(
      run(async (context, file: string, flags: SubmitFlags) => {
        const { profile, connector } = await context.connect(flags.platform);
        const key = flags.idempotencyKey ?? randomUUID();
        const request: SubmitJobRequest = {
          code: await readCode(file, context),
          resourceConfig: resourcesFromFlags(profile.defaults, flags),
          environment: flags.env,
          dependencies: flags.dep,
          jobName: flags.name,
          idempotencyKey: key,
        };
        // Refused here, before the journal or the platform sees anything.
        parseSubmitJobRequest(request);
        // A job may print its own environment: values of secret-looking names (API_KEY, TOKEN) are scrubbed too.
        context.out.redactor.addCredentials(request.environment ?? {});
        const journal = new FileJobJournal(submitJournalPath(context.home, profile.name));
        try {
          const submitted = await batchSubmitJobs(connector, [request], {
            journal,
            batchId: key,
            signal: context.io.signal,
            clock: context.io.clock,
          });
          const failure = submitted.failures[0];
          if (failure) throw failure.error;
          const jobId = submitted.jobIds[0]!;
          const again = submitted.alreadySubmitted > 0;
          if (!flags.wait) {
            context.out.data({ jobId, platform: profile.name, idempotencyKey: key, alreadySubmitted: again });
            context.out.line(jobId);
            if (again) context.out.note(`(already submitted under idempotency key ${key}: not sent again)`);
            return EXIT_CODES.OK;
          }
          if (!context.out.json) context.out.note(`Submitted ${jobId} to ${profile.name}`);
          let result: JobResult;
          try {
            result = await followJob(context, connector, jobId, { ...flags, name: flags.name, journal });
          } catch (error) {
            if (!isAbortError(error)) throw error;
            context.out.data({ jobId, platform: profile.name, idempotencyKey: key, interrupted: true });
            context.out.note(
              `Stopped following ${jobId}; it keeps running (neural watch ${jobId} -p ${profile.name})`,
            );
            return EXIT_CODES.INTERRUPTED;
          }
          context.out.data({
            jobId,
            platform: profile.name,
            idempotencyKey: key,
            alreadySubmitted: again,
            result: result.toJSON(),
          });
          context.out.line(formatJobOutput(result, { redactor: context.out.redactor }));
          return result.status === JobStatus.SUCCEEDED ? EXIT_CODES.OK : EXIT_CODES.JOB_FAILED;
        } finally {
          await journal.close();
        }
      }),
    );
}
