import { readDirectives } from '@neural/fake-platform/directives';
import type { JsonValue } from '@neural/integrations-core';

/** A training job's simulated life, read from the entry script in its source archive (`# @fake` lines). */
export interface TrainingScenario {
  /** `Starting` (instances being provisioned) lasts this long. */
  readonly queueMs: number;
  /** `Downloading` (the image and the data) lasts this long. */
  readonly startingMs: number;
  /** `Training` lasts this long; `Infinity` for `# @fake forever`. */
  readonly durationMs: number;
  /** The job ends `Failed` with this reason (`AlgorithmError: …`). */
  readonly fail: string | undefined;
  /** What the script writes to its log stream, spread over `Training`. */
  readonly logLines: readonly string[];
  /** `FinalMetricDataList`. */
  readonly metrics: Readonly<Record<string, JsonValue>>;
  /** Why the job cannot run at all (its source did not download, a directive is malformed). */
  readonly clientError: string | undefined;
}

/** The scenario of `code` with the fake's defaults for what it does not say. */
export function readTrainingScenario(
  code: string,
  defaults: { queueMs: number; startingMs: number; durationMs: number },
): TrainingScenario {
  const { directives, printed, issues } = readDirectives(code);
  return Object.freeze({
    queueMs: directives.queueMs ?? defaults.queueMs,
    startingMs: directives.startingMs ?? defaults.startingMs,
    durationMs: directives.forever
      ? Number.POSITIVE_INFINITY
      : (directives.durationMs ?? defaults.durationMs),
    fail: directives.fail,
    logLines: Object.freeze([...printed, ...directives.logs]),
    metrics: directives.metrics,
    clientError:
      issues.length > 0
        ? `ClientError: the entry script's directives are malformed (${issues.map((i) => `line ${i.line}: ${i.rule}`).join('; ')})`
        : undefined,
  });
}

/** A scenario for a job whose code never arrived: it fails in `Downloading`. */
export function failedDownload(
  reason: string,
  defaults: { queueMs: number; startingMs: number },
): TrainingScenario {
  return Object.freeze({
    queueMs: defaults.queueMs,
    startingMs: defaults.startingMs,
    durationMs: 0,
    fail: undefined,
    logLines: [],
    metrics: {},
    clientError: reason,
  });
}

/** What DescribeTrainingJob says at one instant. */
export interface TrainingJobPhase {
  /** `TrainingJobStatus`. */
  readonly status: 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';
  /** `SecondaryStatus`. */
  readonly secondary: string;
  /** `FailureReason`, for a failed job. */
  readonly failureReason: string | undefined;
  /** When `Training` began (the container started), if it has. */
  readonly trainingStart: number | undefined;
  /** When the job ended, if it has. */
  readonly end: number | undefined;
}

/** A training job's timeline: derived from its creation time, scenario, run-time limit and stop, never stored. */
export class TrainingTimeline {
  constructor(
    readonly createdAt: number,
    readonly scenario: TrainingScenario,
    readonly maxRuntimeMs: number,
    readonly stoppingMs: number,
    public stopRequestedAt: number | undefined = undefined,
  ) {}

  get downloadAt(): number {
    return this.createdAt + this.scenario.queueMs;
  }
  get trainAt(): number {
    return this.downloadAt + this.scenario.startingMs;
  }
  /** When the job would end by itself (a client error ends it in `Downloading`), and how. */
  get natural(): { at: number; secondary: string } {
    if (this.scenario.clientError) return { at: this.trainAt, secondary: 'Failed' };
    const runs = Math.min(this.scenario.durationMs, this.maxRuntimeMs);
    const secondary =
      this.scenario.durationMs > this.maxRuntimeMs
        ? 'MaxRuntimeExceeded'
        : this.scenario.fail !== undefined
          ? 'Failed'
          : 'Completed';
    return { at: this.trainAt + runs, secondary };
  }
  /** When the container's log ends: the natural end, or the stop. */
  logEnd(): number {
    const stop = this.stopRequestedAt;
    return stop !== undefined && stop < this.natural.at ? stop : this.natural.at;
  }

  phase(now: number): TrainingJobPhase {
    const natural = this.natural;
    const stop = this.stopRequestedAt;
    const trainingStart = now >= this.trainAt && !this.scenario.clientError ? this.trainAt : undefined;
    if (stop !== undefined && stop < natural.at) {
      const stoppedAt = stop + this.stoppingMs;
      const started = stop >= this.trainAt && !this.scenario.clientError ? this.trainAt : undefined;
      if (now < stoppedAt)
        return {
          status: 'Stopping',
          secondary: 'Stopping',
          failureReason: undefined,
          trainingStart: started,
          end: undefined,
        };
      return {
        status: 'Stopped',
        secondary: 'Stopped',
        failureReason: undefined,
        trainingStart: started,
        end: stoppedAt,
      };
    }
    if (now >= natural.at) {
      if (this.scenario.clientError) {
        return {
          status: 'Failed',
          secondary: 'Failed',
          failureReason: this.scenario.clientError,
          trainingStart: undefined,
          end: natural.at,
        };
      }
      if (natural.secondary === 'MaxRuntimeExceeded') {
        return {
          status: 'Stopped',
          secondary: 'MaxRuntimeExceeded',
          failureReason: undefined,
          trainingStart,
          end: natural.at,
        };
      }
      if (natural.secondary === 'Failed') {
        return {
          status: 'Failed',
          secondary: 'Failed',
          failureReason: `AlgorithmError: ${this.scenario.fail || 'Job failed'}, exit code: 1`,
          trainingStart,
          end: natural.at,
        };
      }
      return {
        status: 'Completed',
        secondary: 'Completed',
        failureReason: undefined,
        trainingStart,
        end: natural.at,
      };
    }
    const secondary = now < this.downloadAt ? 'Starting' : now < this.trainAt ? 'Downloading' : 'Training';
    return { status: 'InProgress', secondary, failureReason: undefined, trainingStart, end: undefined };
  }

  /**
   * The log lines with the instant each is written: spread over the run (the first 100 ms of a job that runs
   * forever), the failure's message last, and only those written before a stop.
   */
  logEvents(): { at: number; message: string }[] {
    if (this.scenario.clientError) return [];
    const lines = [...this.scenario.logLines];
    const natural = this.natural;
    if (natural.secondary === 'Failed')
      lines.push(`Traceback (most recent call last): ${this.scenario.fail || 'Job failed'}`);
    const span = Number.isFinite(this.scenario.durationMs)
      ? Math.min(this.scenario.durationMs, this.maxRuntimeMs)
      : 100;
    const end = this.logEnd();
    return lines
      .map((message, index) => ({
        at: this.trainAt + Math.floor((span * index) / Math.max(1, lines.length)),
        message,
      }))
      .filter((event) => event.at < end || (event.at === end && end === natural.at));
  }
}
