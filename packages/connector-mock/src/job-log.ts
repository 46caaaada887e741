// A mock job's log: its lifecycle lines, its `# @fake log=` lines spread over the run and its output, each
// written at a planned instant, so the log at any clock reading is known.
import type { MockJob } from './mock-job.js';

/** One log line and the instant it is written. */
export interface LogEntry {
  at: number;
  text: string;
}

function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Every log line the job will write if nothing ends it early, with when it is written. `durationMs` (the
 * connector's default run length) spreads the `log=` lines of a job that runs forever.
 */
export function plannedLog(job: MockJob, durationMs: number): LogEntry[] {
  const { directives, request } = job;
  const config = request.resourceConfig;
  const where = `${config.instanceType}${config.gpuCount > 0 ? ` with ${config.gpuCount} GPU(s)` : ''}`;
  const entries: LogEntry[] = [
    { at: job.submittedAt, text: `[${isoAt(job.submittedAt)}] job ${job.id} queued` },
    { at: job.startAt, text: `[${isoAt(job.startAt)}] job ${job.id} started on ${where}` },
  ];
  const span = Number.isFinite(job.endAt) ? job.endAt - job.startAt : durationMs;
  directives.logs.forEach((text, i) => {
    entries.push({ at: job.startAt + Math.floor((span * (i + 1)) / (directives.logs.length + 1)), text });
  });
  if (Number.isFinite(job.endAt)) {
    if (directives.output !== undefined) entries.push({ at: job.endAt, text: directives.output });
    entries.push({
      at: job.endAt,
      text:
        directives.fail === undefined
          ? `[${isoAt(job.endAt)}] job ${job.id} succeeded`
          : `[${isoAt(job.endAt)}] job ${job.id} failed: ${directives.fail}`,
    });
  }
  return entries;
}

/** The lines written by `now`, ending with the cancel or failure line of a job ended early. */
export function logEntries(job: MockJob, now: number, durationMs: number): LogEntry[] {
  const until = job.ended ? Math.min(now, job.ended.at) : now;
  const entries = plannedLog(job, durationMs).filter((entry) => entry.at <= until);
  if (job.ended && job.ended.at <= now) {
    const { at, status, error } = job.ended;
    entries.push({
      at,
      text:
        status === 'cancelled'
          ? `[${isoAt(at)}] job ${job.id} cancelled`
          : `[${isoAt(at)}] job ${job.id} failed: ${error}`,
    });
  }
  return entries;
}

/** The log text written by `now`, one line per entry. */
export function logText(job: MockJob, now: number, durationMs: number): string {
  return logEntries(job, now, durationMs)
    .map((entry) => `${entry.text}\n`)
    .join('');
}
