import { type JobRecord, type LogLine, nextTransition, stateAt } from './job-record.js';
import { isTerminalJobState } from './job-states.js';
import type { LogEvent } from './wire.js';

/** How many of the job's log lines the clock has reached at `now` (lines are in time order). */
export function visibleLines(job: JobRecord, now: number): number {
  let lo = 0;
  let hi = job.log.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((job.log[mid] as LogLine).at <= now) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The log from `offset` (in characters) as far as written at `now`. */
export function readLog(
  job: JobRecord,
  now: number,
  offset: number,
): { content: string; nextOffset: number; complete: boolean } {
  const visible = visibleLines(job, now);
  const last = job.log[visible - 1];
  const end = last ? last.start + last.text.length : 0;
  // Binary search for the first line ending after `offset`: a poller's cost follows what is new.
  let lo = 0;
  let hi = visible;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const line = job.log[mid] as LogLine;
    if (line.start + line.text.length <= offset) lo = mid + 1;
    else hi = mid;
  }
  let content = '';
  for (let i = lo; i < visible; i++) {
    const line = job.log[i] as LogLine;
    content += line.text.slice(Math.max(0, offset - line.start));
  }
  const complete = isTerminalJobState(stateAt(job, now)) && visible === job.log.length;
  return { content, nextOffset: Math.max(end, offset), complete };
}

/** What {@link followLog} needs from the platform: the job by id, the clock and a way to wait for change. */
export interface LogFollowing {
  job(id: string): JobRecord;
  now(): number;
  waitForChange(wakeAt: number, signal?: AbortSignal): Promise<void>;
  readonly disposedSignal: AbortSignal;
}

/**
 * Follows a job's log from `offset`: one `log` event per line as the clock reaches it, then `end` once the
 * job is terminal. Ends early (without `end`) only when `signal` aborts or the platform is disposed.
 */
export async function* followLog(
  platform: LogFollowing,
  id: string,
  offset: number,
  signal?: AbortSignal,
): AsyncGenerator<LogEvent> {
  let position = offset;
  // Lines before this index were sent; ending a job only drops lines after `now`, so indices stay valid.
  let sent = 0;
  while (!signal?.aborted && !platform.disposedSignal.aborted) {
    const now = platform.now();
    const job = platform.job(id);
    const visible = visibleLines(job, now);
    for (let i = sent; i < visible; i++) {
      const line = job.log[i] as LogLine;
      const lineEnd = line.start + line.text.length;
      if (lineEnd <= position) continue;
      const from = Math.max(position, line.start);
      yield { type: 'log', offset: from, content: line.text.slice(from - line.start) };
      position = lineEnd;
    }
    sent = Math.max(sent, visible);
    const state = stateAt(job, now);
    if (isTerminalJobState(state) && visible === job.log.length) {
      yield { type: 'end', state };
      return;
    }
    const nextLine = job.log[visible]?.at ?? Number.POSITIVE_INFINITY;
    await platform.waitForChange(Math.min(nextLine, nextTransition(job, now)), signal);
  }
}
