import { JobStatus } from '@neural/integrations-core';

/** A training job's status as read from SageMaker: the contract's status, the raw state, and the failure. */
export interface MappedSageMakerState {
  /** The contract's status. */
  readonly status: JobStatus;
  /** `TrainingJobStatus/SecondaryStatus`, such as `InProgress/Downloading` or `Stopped/MaxRuntimeExceeded`. */
  readonly rawState: string;
  /** For a failed job: SageMaker's `FailureReason`, or why a stop was a failure. */
  readonly error: string | undefined;
}

/** What the mapping reads from `DescribeTrainingJob` (or a `TrainingJobSummary`). */
export interface TrainingStateInput {
  readonly TrainingJobStatus?: string | undefined;
  readonly SecondaryStatus?: string | undefined;
  readonly FailureReason?: string | undefined;
  /** Set once the container started: a `Stopping` job that never trained was still pending. */
  readonly TrainingStartTime?: Date | undefined;
}

/** Secondary statuses during which the job has not started running the script. */
const NOT_STARTED = new Set([
  'Starting',
  'Pending',
  'LaunchingMLInstances',
  'PreparingTrainingStack',
  'Downloading',
  'DownloadingTrainingImage',
  'Restarting',
  'Interrupted',
]);

/**
 * Maps `TrainingJobStatus` and `SecondaryStatus` to the contract (the README's table):
 *
 * - `InProgress` while `Starting`, `LaunchingMLInstances`, `PreparingTrainingStack`, `Downloading`,
 *   `DownloadingTrainingImage`, or `Restarting`/`Interrupted` (a spot interruption: the job will run again)
 *   → `pending`; `Training`, `Uploading` and anything else in progress → `running`;
 * - `Completed` → `succeeded`; `Failed` → `failed` with `FailureReason`;
 * - `Stopping` → still `pending` or `running` (the instances run, and bill, until it is `Stopped`);
 * - `Stopped` → `cancelled`, except `Stopped/MaxRuntimeExceeded` and `Stopped/MaxWaitTimeExceeded`, which
 *   SageMaker stopped because the job overran `maxRuntimeHours`: `failed`.
 */
export function mapSageMakerState(job: TrainingStateInput): MappedSageMakerState {
  const status = job.TrainingJobStatus ?? 'Unknown';
  const secondary = job.SecondaryStatus ?? '';
  const rawState = secondary ? `${status}/${secondary}` : status;
  switch (status) {
    case 'Completed':
      return { status: JobStatus.SUCCEEDED, rawState, error: undefined };
    case 'Failed':
      return {
        status: JobStatus.FAILED,
        rawState,
        error: job.FailureReason ?? 'Failed: SageMaker gave no reason',
      };
    case 'Stopped':
      if (secondary === 'MaxRuntimeExceeded' || secondary === 'MaxWaitTimeExceeded') {
        return {
          status: JobStatus.FAILED,
          rawState,
          error: `${secondary}: SageMaker stopped the job at its time limit (maxRuntimeHours)`,
        };
      }
      return { status: JobStatus.CANCELLED, rawState, error: undefined };
    case 'Stopping':
      return {
        status: job.TrainingStartTime ? JobStatus.RUNNING : JobStatus.PENDING,
        rawState,
        error: undefined,
      };
    case 'InProgress':
      return {
        status: NOT_STARTED.has(secondary) ? JobStatus.PENDING : JobStatus.RUNNING,
        rawState,
        error: undefined,
      };
    default:
      return { status: JobStatus.UNKNOWN, rawState, error: undefined };
  }
}

/** The `StatusEquals` values of `ListTrainingJobs` whose jobs can map to `status`. */
export function trainingStatusesFor(status: JobStatus): readonly string[] {
  switch (status) {
    case JobStatus.SUCCEEDED:
      return ['Completed'];
    case JobStatus.FAILED:
      return ['Failed', 'Stopped'];
    case JobStatus.CANCELLED:
      return ['Stopped'];
    case JobStatus.PENDING:
    case JobStatus.RUNNING:
      return ['InProgress', 'Stopping'];
    default:
      return [];
  }
}
