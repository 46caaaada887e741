/**
 * A batch program that may be killed at any moment: submits `count` jobs through `HttpConnector` with a file
 * journal, then watches them all to their end, and can simply be started again after a crash. Run by
 * `test/journal-crash.test.ts` as a child process:
 *
 *   NEURAL_FAKE_API_KEY=… node --import tsx src/journal-batch-worker.ts <endpoint> <journal path> <count>
 *
 * Writes one `.` per unit of fresh work (a job submitted or a result fetched) to stdout, so the parent can kill
 * it partway, and a final `{"summary": …}` line when everything is done.
 */
import { HttpConnector } from '@neural/connector-http';
import { batchSubmitJobs, resumeJournal, type SubmitJobRequest } from '@neural/integrations-core';
import { FileJobJournal } from '@neural/integrations-core/node';

const [endpoint, journalPath, countText] = process.argv.slice(2);
const apiKey = process.env.NEURAL_FAKE_API_KEY;
const count = Number(countText);
if (!endpoint || !journalPath || !apiKey || !Number.isInteger(count) || count < 1) {
  process.stderr.write('usage: NEURAL_FAKE_API_KEY=… journal-batch-worker <endpoint> <journal> <count>\n');
  process.exit(64);
}

/** The same list of jobs on every run: that is what lets the journal recognise the batch. */
export function crashTestJobs(total: number): SubmitJobRequest[] {
  return Array.from({ length: total }, (_, index) => ({
    code: `print("job ${index}")\n# @fake duration=${10 + (index % 5) * 10}ms`,
    jobName: `crash-${index}`,
    environment: { RUN_TOKEN: `secret-${index}` },
  }));
}

const tick = () => process.stdout.write('.');
const connector = new HttpConnector(
  { apiKey, endpoint },
  { retry: { maxAttempts: 8, initialDelayMs: 5, maxDelayMs: 100 }, timeoutMs: 10_000 },
);
const journal = new FileJobJournal(journalPath);

const submitted = await batchSubmitJobs(connector, crashTestJobs(count), {
  journal,
  batchId: 'crash-test',
  concurrency: 100,
  onProgress: tick,
});
const resumed = await resumeJournal(connector, journal, {
  concurrency: 250,
  pollIntervalMs: 10,
  maxPollIntervalMs: 50,
  timeoutMs: 30_000,
  retry: { maxAttempts: 8, initialDelayMs: 5, maxDelayMs: 100 },
  onResult: (outcome) => {
    if (!outcome.fromJournal) tick();
  },
});
await journal.close();
const summary = {
  submitFailures: submitted.failures.map(
    (failure) => `${failure.index}: ${failure.error.code} ${failure.error.message}`,
  ),
  alreadySubmitted: submitted.alreadySubmitted,
  results: resumed.results.length,
  watchFailures: resumed.failures.map((failure) => `${failure.jobId}: ${failure.error.message}`),
  unsubmitted: resumed.unsubmitted,
};
process.stdout.write(`\n${JSON.stringify({ summary })}\n`);
