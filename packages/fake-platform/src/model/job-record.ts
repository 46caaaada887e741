import type { JsonValue } from '@neural/integrations-core';
import type { JobPlan } from '../plan.js';
import type { JobState } from './job-states.js';
import { iso, type JobJson } from './wire.js';

/** One line of a job's log: when it appears on the platform clock, and where it starts in the log. */
export interface LogLine {
  at: number;
  start: number;
  text: string;
}

/** How a job was ended early (cancelled or finished by a test) rather than by its plan. */
export interface JobEnding {
  state: JobState;
  at: number;
  output?: string;
  error?: string;
}

/**
 * A job as the platform stores it: its plan and the instants of its transitions. Its state is never stored
 * as it progresses; it is computed from the clock when read.
 */
export interface JobRecord {
  readonly id: string;
  readonly index: number;
  readonly name: string | null;
  readonly code: string;
  readonly resources: Record<string, JsonValue>;
  readonly createdAt: number;
  readonly plan: JobPlan;
  readonly startingAt: number;
  readonly runningAt: number;
  readonly naturalEnd: number;
  ending: JobEnding | undefined;
  log: LogLine[];
}

/** Appends `text` at `at`; a print of several lines writes several log lines, as a real job's output does. */
export function appendLog(job: JobRecord, at: number, text: string): void {
  for (const line of text.split('\n')) {
    const last = job.log[job.log.length - 1];
    const start = last ? last.start + last.text.length : 0;
    job.log.push({ at, start, text: `${line}\n` });
  }
}

/** The job's state at `now`. */
export function stateAt(job: JobRecord, now: number): JobState {
  if (job.ending) return job.ending.state;
  if (now >= job.naturalEnd) return job.plan.fail === undefined ? 'COMPLETED' : 'FAILED';
  if (now >= job.runningAt) return 'RUNNING';
  if (now >= job.startingAt) return 'STARTING';
  return 'QUEUED';
}

/** When the job's state will next change by itself (Infinity when it will not). */
export function nextTransition(job: JobRecord, now: number): number {
  if (job.ending) return Number.POSITIVE_INFINITY;
  for (const at of [job.startingAt, job.runningAt, job.naturalEnd]) if (at > now) return at;
  return Number.POSITIVE_INFINITY;
}

/** When the job ended, if it has by `now`. */
export function finishedAt(job: JobRecord, now: number): number | undefined {
  if (job.ending) return job.ending.at;
  return now >= job.naturalEnd ? job.naturalEnd : undefined;
}

/** The job as the routes return it, at `now`. */
export function toJobJson(job: JobRecord, now: number): JobJson {
  const finished = finishedAt(job, now);
  const started = job.runningAt <= (finished ?? now);
  return {
    id: job.id,
    name: job.name,
    state: stateAt(job, now),
    createdAt: iso(job.createdAt),
    startedAt: started ? iso(job.runningAt) : null,
    finishedAt: finished === undefined ? null : iso(finished),
    resources: job.resources,
  };
}

/** Ends the job at `now`; the log lines not yet written never will be, the visible ones keep their offsets. */
export function endJob(job: JobRecord, now: number, ending: Omit<JobEnding, 'at'>, line: string): void {
  job.ending = { ...ending, at: now };
  job.log = job.log.filter((entry) => entry.at <= now);
  appendLog(job, now, line);
}
