import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  batchSubmitJobs,
  InvalidParameterError,
  isAbortError,
  JobStatus,
  type JournalJobResult,
  resumeJournal,
} from '@neural/integrations-core';
import { FileJobJournal } from '@neural/integrations-core/node';
import type { Command } from 'commander';
import { readBatchFile } from '../batch-file.js';
import { EXIT_CODES } from '../exit-codes.js';
import { type FollowFlags, watchOptions } from '../follow.js';
import { LiveRegion, progressBar } from '../live.js';
import { wholeNumber } from '../parse.js';
import type { Runner } from '../runner.js';
import { addWaitOptions } from './submit.js';

interface BatchFlags extends FollowFlags {
  platform?: string;
  concurrency?: number;
  journal?: string;
  resume?: boolean;
  wait: boolean;
}

/** The journal next to a batch file: `jobs.jsonl` → `jobs.journal.jsonl`. */
export function defaultBatchJournal(file: string): string {
  return `${file.replace(/\.jsonl?$/, '')}.journal.jsonl`;
}

/** `neural batch <jobs.jsonl>`. */
export function registerBatch(program: Command, run: Runner): void {
  addWaitOptions(
    program
      .command('batch')
      .description('submit every job of a JSON Lines file with a progress bar, journaled, then wait for them')
      .argument(
        '<file>',
        'one job per line: {"code": "…"} or {"file": "train.py"}, with jobName, resourceConfig, environment, dependencies',
      )
      .option('-p, --platform <name>', 'the platform (default: $NEURAL_PLATFORM, or the only one)')
      .option(
        '-c, --concurrency <n>',
        'submits (and watches) at once (default 4)',
        wholeNumber('--concurrency', 1),
      )
      .option('-j, --journal <path>', 'the journal (default: <file> with .journal.jsonl)')
      .option('-r, --resume', 'continue an interrupted batch from its journal: nothing is submitted twice')
      .option('--no-wait', 'stop once every job is submitted'),
  )
    .addHelpText(
      'after',
      `
Every line is checked before anything is sent. Each submit is journaled before it is sent and when its id
comes back, so after Ctrl-C (or a crash) the same command with --resume submits only what was not, and then
waits for every job of the batch. Exit code 0 when every job succeeded, ${EXIT_CODES.JOB_FAILED} when some did not, ${EXIT_CODES.INTERRUPTED} when interrupted.

Examples:
  $ neural batch sweep.jsonl -p cluster --concurrency 8
  $ neural batch sweep.jsonl -p cluster --resume
  $ neural batch sweep.jsonl -p cluster --no-wait --json`,
    )
    .action(
      run(async (context, file: string, flags: BatchFlags) => {
        const { out } = context;
        const path = resolve(context.io.cwd, file);
        const { profile, connector } = await context.connect(flags.platform);
        const jobs = await readBatchFile(path, profile.defaults);
        for (const job of jobs) context.out.redactor.addCredentials(job.environment ?? {});
        const journalPath = flags.journal
          ? resolve(context.io.cwd, flags.journal)
          : defaultBatchJournal(path);
        const started = existsSync(journalPath) && statSync(journalPath).size > 0;
        if (started && !flags.resume) {
          throw InvalidParameterError.fromIssues('command line', [
            {
              field: '--resume',
              rule: `a journal of an earlier run exists (${journalPath}): pass --resume to continue it, or --journal <new path> to start over`,
            },
          ]);
        }
        if (!started && flags.resume) {
          throw InvalidParameterError.fromIssues('command line', [
            { field: '--resume', rule: `there is no journal to resume at ${journalPath}` },
          ]);
        }
        const journal = new FileJobJournal(journalPath);
        const concurrency = flags.concurrency ?? 4;
        try {
          let progress = { done: 0, total: jobs.length, succeeded: 0, failed: 0 };
          const region = out.live
            ? new LiveRegion(out, (frame) => {
                const failed = progress.failed > 0 ? out.style('red', `  ${progress.failed} failed`) : '';
                return `${out.style('cyan', frame)} Submitting ${progressBar(progress.done, progress.total)} ${progress.done}/${progress.total}${failed}`;
              }).start()
            : undefined;
          let submitted: Awaited<ReturnType<typeof batchSubmitJobs>>;
          try {
            submitted = await batchSubmitJobs(connector, jobs, {
              journal,
              concurrency,
              signal: context.io.signal,
              clock: context.io.clock,
              onProgress: (next) => {
                progress = next;
                if (region) region.refresh();
                else if (!out.json)
                  out.note(
                    `submitted ${next.done}/${next.total}${next.failed ? ` (${next.failed} failed)` : ''}`,
                  );
              },
            });
          } finally {
            region?.stop();
          }
          const ids = submitted.jobIds.filter((id): id is string => id !== null);
          const failures = submitted.failures
            .filter((failure) => !isAbortError(failure.error))
            .map((failure) => ({
              index: failure.index,
              code: failure.error.code,
              message: out.redactor.redactText(failure.error.message),
            }));
          for (const failure of failures)
            out.note(`job ${failure.index + 1}: ${failure.code}: ${failure.message}`);
          const report = {
            batchId: submitted.batchId,
            journal: journalPath,
            total: jobs.length,
            submitted: ids.length,
            alreadySubmitted: submitted.alreadySubmitted,
            submitFailures: failures,
          };
          if (submitted.aborted) {
            out.data({ ...report, interrupted: true });
            out.note(
              `Interrupted: ${ids.length} of ${jobs.length} submitted (journal ${journalPath}). Continue with: neural batch ${file} --resume`,
            );
            return EXIT_CODES.INTERRUPTED;
          }
          out.note(
            `Submitted ${ids.length - submitted.alreadySubmitted} job(s)` +
              (submitted.alreadySubmitted
                ? `, ${submitted.alreadySubmitted} already submitted by an earlier run`
                : '') +
              (failures.length ? `, ${failures.length} failed` : ''),
          );
          if (!flags.wait) {
            out.data({ ...report, jobIds: submitted.jobIds });
            for (const id of ids) out.line(id);
            return failures.length ? EXIT_CODES.JOB_FAILED : EXIT_CODES.OK;
          }
          const results: JournalJobResult[] = [];
          const waitRegion = out.live
            ? new LiveRegion(out, (frame) => {
                const bad = results.filter((item) => item.result.status !== JobStatus.SUCCEEDED).length;
                const failed = bad > 0 ? out.style('red', `  ${bad} did not succeed`) : '';
                return `${out.style('cyan', frame)} Finished   ${progressBar(results.length, ids.length)} ${results.length}/${ids.length}${failed}`;
              }).start()
            : undefined;
          let resumed: Awaited<ReturnType<typeof resumeJournal>>;
          try {
            resumed = await resumeJournal(connector, journal, {
              ...watchOptions(context, flags),
              concurrency,
              onResult: (outcome) => {
                results.push(outcome);
                if (waitRegion) waitRegion.refresh();
                else if (!out.json)
                  out.note(
                    `${outcome.jobId}: ${outcome.result.status.toUpperCase()} (${results.length}/${ids.length})`,
                  );
              },
            });
          } catch (error) {
            if (!isAbortError(error)) throw error;
            out.data({ ...report, interrupted: true, finished: results.length });
            out.note(
              `Interrupted while waiting: ${results.length} of ${ids.length} finished; every job keeps running. Continue with: neural batch ${file} --resume`,
            );
            return EXIT_CODES.INTERRUPTED;
          } finally {
            waitRegion?.stop();
          }
          const byStatus: Record<string, number> = {};
          for (const item of resumed.results)
            byStatus[item.result.status] = (byStatus[item.result.status] ?? 0) + 1;
          out.data({
            ...report,
            results: resumed.results.map((item) => ({
              key: item.key,
              jobId: item.jobId,
              status: item.result.status,
            })),
            unwatchable: resumed.failures.map((item) => ({ jobId: item.jobId, code: item.error.code })),
            byStatus,
          });
          for (const item of resumed.results) {
            if (item.result.status !== JobStatus.SUCCEEDED)
              out.line(`${item.jobId}: ${item.result.status.toUpperCase()}`);
          }
          for (const item of resumed.failures) out.line(`${item.jobId}: ${item.error.code}`);
          const parts = Object.entries(byStatus).map(([status, count]) => `${count} ${status}`);
          if (failures.length) parts.push(`${failures.length} not submitted`);
          if (resumed.failures.length) parts.push(`${resumed.failures.length} unwatchable`);
          out.line(`${jobs.length} jobs: ${parts.join(', ')}`);
          const allGood =
            failures.length === 0 &&
            resumed.failures.length === 0 &&
            (byStatus[JobStatus.SUCCEEDED] ?? 0) === jobs.length;
          return allGood ? EXIT_CODES.OK : EXIT_CODES.JOB_FAILED;
        } finally {
          await journal.close();
        }
      }),
    );
}
