/**
 * One simulated run: its timeline is fixed at submit (from the options and the code's `# @fake` directives),
 * and its state at any moment is read off that timeline on the injected clock, so a manual clock steps it
 * through QUEUED, PENDING, RUNNING, TERMINATING and TERMINATED without a timer.
 */
import { readDirectives } from '@neural/fake-platform/directives';

/** The states of a run at one moment, in the API's words. */
export interface RunMoment {
  readonly lifeCycleState: string;
  readonly resultState: string | undefined;
  readonly stateMessage: string;
  /** When the run ended (clock ms), once it has. */
  readonly endedAt: number | undefined;
  /** When its task started running (clock ms), once it has. */
  readonly runningAt: number | undefined;
}

/** What a run was asked to do and how it will unfold. */
export interface FakeRunRecord {
  readonly runId: number;
  readonly taskRunId: number;
  readonly runName: string;
  readonly idempotencyToken: string | undefined;
  readonly submittedAt: number;
  /** The submitted task, as sent (for `runs/get`). */
  readonly task: Readonly<Record<string, unknown>>;
  readonly taskType: 'python' | 'notebook';
  readonly clusterId: string;
  /** Timeline: when each phase ends (clock ms); `Infinity` for a run that never ends by itself. */
  readonly queuedUntil: number;
  readonly pendingUntil: number;
  readonly runningUntil: number;
  readonly terminatedAt: number;
  /** How the task ends by itself: `SUCCESS`, `FAILED` or `TIMEDOUT`. */
  readonly outcome: 'SUCCESS' | 'FAILED' | 'TIMEDOUT';
  readonly error: string | undefined;
  /** What the task prints, line by line, and when each line appears (clock ms). */
  readonly lines: readonly { readonly at: number; readonly text: string }[];
  /** What `dbutils.notebook.exit` would return (notebook tasks). */
  readonly notebookResult: string | undefined;
  /** A failure of the Jobs service itself (the code file is missing): the run is INTERNAL_ERROR at once. */
  readonly internalError: string | undefined;
  /** Set by `runs/cancel`. */
  cancelledAt: number | undefined;
  /** Set by a test (`model.forceRunState`) to show states a directive cannot ask for. */
  forced:
    | { lifeCycleState: string; resultState?: string | undefined; message?: string | undefined }
    | undefined;
}

/** The phase lengths a run gets when its code does not set them. */
export interface RunDefaults {
  readonly queueMs: number;
  readonly pendingMs: number;
  readonly runMs: number;
  readonly terminatingMs: number;
}

/** The timeline and output of a run of `code`, submitted at `now`. */
export function planRun(
  code: string | undefined,
  now: number,
  defaults: RunDefaults,
  timeoutSeconds: number | undefined,
): Pick<
  FakeRunRecord,
  | 'queuedUntil'
  | 'pendingUntil'
  | 'runningUntil'
  | 'terminatedAt'
  | 'outcome'
  | 'error'
  | 'lines'
  | 'notebookResult'
  | 'internalError'
> {
  if (code === undefined) {
    return {
      queuedUntil: now,
      pendingUntil: now,
      runningUntil: now,
      terminatedAt: now,
      outcome: 'FAILED',
      error: undefined,
      lines: [],
      notebookResult: undefined,
      internalError: 'The file or notebook of the task does not exist in the workspace.',
    };
  }
  const { directives, printed, issues } = readDirectives(code);
  const queuedUntil = now + (directives.queueMs ?? defaults.queueMs);
  const pendingUntil = queuedUntil + (directives.startingMs ?? defaults.pendingMs);
  const runMs = directives.forever ? Number.POSITIVE_INFINITY : (directives.durationMs ?? defaults.runMs);
  const timeoutMs = timeoutSeconds !== undefined && timeoutSeconds > 0 ? timeoutSeconds * 1000 : undefined;
  const timedOut = timeoutMs !== undefined && runMs > timeoutMs;
  const runningUntil = pendingUntil + (timedOut ? (timeoutMs as number) : runMs);
  const logs = directives.logs;
  const spread = Number.isFinite(runMs) ? runMs : 0;
  const lines = [
    ...logs.map((text, index) => ({ at: pendingUntil + (spread * (index + 1)) / (logs.length + 1), text })),
    // What the code prints appears when it runs to its end (output is flushed as the process exits).
    ...(Number.isFinite(runningUntil) && !timedOut
      ? (directives.output !== undefined ? directives.output.split('\n') : printed).map((text) => ({
          at: runningUntil,
          text,
        }))
      : []),
  ];
  const issueText = issues.map((issue) => `line ${issue.line}: ${issue.rule}`).join('; ');
  const failure = issueText !== '' ? issueText : directives.fail;
  return {
    queuedUntil,
    pendingUntil,
    runningUntil,
    terminatedAt: runningUntil + defaults.terminatingMs,
    outcome: timedOut ? 'TIMEDOUT' : failure !== undefined ? 'FAILED' : 'SUCCESS',
    error: timedOut ? `Run timed out after ${timeoutSeconds} seconds` : failure,
    lines,
    notebookResult: directives.output ?? (printed.length > 0 ? printed.join('\n') : undefined),
    internalError: undefined,
  };
}

/** The run's states at `now`. */
export function runMoment(run: FakeRunRecord, now: number): RunMoment {
  const runningAt = now >= run.pendingUntil && run.internalError === undefined ? run.pendingUntil : undefined;
  if (run.forced) {
    return {
      lifeCycleState: run.forced.lifeCycleState,
      resultState: run.forced.resultState,
      stateMessage: run.forced.message ?? '',
      endedAt: ['TERMINATED', 'INTERNAL_ERROR', 'SKIPPED'].includes(run.forced.lifeCycleState)
        ? now
        : undefined,
      runningAt,
    };
  }
  if (run.internalError !== undefined) {
    return {
      lifeCycleState: 'INTERNAL_ERROR',
      resultState: 'FAILED',
      stateMessage: run.internalError,
      endedAt: run.submittedAt,
      runningAt: undefined,
    };
  }
  // A cancel before the task ended by itself wins; one after it changes nothing.
  if (run.cancelledAt !== undefined && run.cancelledAt < run.runningUntil) {
    return {
      lifeCycleState: 'TERMINATED',
      resultState: 'CANCELED',
      stateMessage: 'Run cancelled.',
      endedAt: run.cancelledAt,
      runningAt: run.cancelledAt >= run.pendingUntil ? run.pendingUntil : undefined,
    };
  }
  const at = (lifeCycleState: string, stateMessage = '') => ({
    lifeCycleState,
    resultState: undefined,
    stateMessage,
    endedAt: undefined,
    runningAt,
  });
  if (now < run.queuedUntil) return at('QUEUED', 'Waiting in the queue.');
  if (now < run.pendingUntil) return at('PENDING', 'Waiting for cluster.');
  if (now < run.runningUntil) return at('RUNNING', 'In run');
  if (now < run.terminatedAt) return at('TERMINATING');
  return {
    lifeCycleState: 'TERMINATED',
    resultState: run.outcome,
    stateMessage: run.outcome === 'SUCCESS' ? '' : (run.error ?? 'Workload failed.'),
    endedAt: run.terminatedAt,
    runningAt,
  };
}

/** What the task has printed by `now` (up to the cancel, for a cancelled run). */
export function printedBy(run: FakeRunRecord, now: number): string {
  const cancelledAt =
    run.cancelledAt !== undefined && run.cancelledAt < run.runningUntil ? run.cancelledAt : undefined;
  return run.lines
    .filter((line) => line.at <= now && (cancelledAt === undefined || line.at < cancelledAt))
    .map((line) => `${line.text}\n`)
    .join('');
}
