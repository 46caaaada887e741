/** A job's status and result, from its description (and its log, for the result's output). */
import {
  type Clock,
  isTerminalStatus,
  JobResult,
  JobStatus,
  type JsonValue,
} from '@neural/integrations-core';
import { readNewLogText, TRAINING_LOG_GROUP } from '../cloudwatch-logs.js';
import { mapSageMakerState } from '../states.js';
import { logsCall } from './aws-calls.js';
import { regionOf, type SageMakerContext } from './context.js';
import { observeTrainingJob, type TrainingJobDescription } from './training-jobs.js';

/** The job's status, from `DescribeTrainingJob` (see the README's state table). */
export async function trainingJobStatus(
  context: SageMakerContext,
  jobId: string,
  signal: AbortSignal | undefined,
): Promise<JobStatus> {
  return mapSageMakerState(await observeTrainingJob(context, 'getJobStatus', jobId, signal)).status;
}

/**
 * The job's result: status, `TrainingJobStatus/SecondaryStatus` as `rawState`, its CloudWatch log as
 * `output`, `FailureReason` as `error`, `FinalMetricDataList` as `metrics`, the model's S3 URI as
 * `artifacts`, and the time from the container's start to the job's end.
 */
export async function trainingJobResult(
  context: SageMakerContext,
  jobId: string,
  signal: AbortSignal | undefined,
): Promise<JobResult> {
  const job = await observeTrainingJob(context, 'getJobResult', jobId, signal);
  const state = mapSageMakerState(job);
  const output = await readNewLogText(jobId, new Map(), logsCall(context, 'getJobResult', signal));
  const metrics: Record<string, JsonValue> = {};
  for (const metric of job.FinalMetricDataList ?? []) {
    if (metric.MetricName && metric.Value !== undefined && Number.isFinite(metric.Value)) {
      metrics[metric.MetricName] = metric.Value;
    }
  }
  const model = job.ModelArtifacts?.S3ModelArtifacts;
  const region = await regionOf(context);
  return new JobResult({
    jobId,
    status: state.status,
    rawState: state.rawState,
    output,
    error:
      state.error ??
      (state.status === JobStatus.CANCELLED ? 'Stopped: the training job was stopped' : undefined),
    metrics,
    artifacts: state.status === JobStatus.SUCCEEDED && model ? [model] : [],
    logsUrl: `https://console.aws.amazon.com/cloudwatch/home?region=${region}#logStream:group=${encodeURIComponent(TRAINING_LOG_GROUP)};prefix=${encodeURIComponent(`${jobId}/`)};streamFilter=typeLogStreamPrefix`,
    durationSeconds: durationOf(job, state.status, context.clock),
  });
}

/** Seconds from the container's start to the job's end (or to now while it runs). */
function durationOf(job: TrainingJobDescription, status: JobStatus, clock: Clock): number | undefined {
  const start = job.TrainingStartTime?.getTime();
  if (start === undefined) return isTerminalStatus(status) ? 0 : undefined;
  const end = job.TrainingEndTime?.getTime() ?? (isTerminalStatus(status) ? start : clock.now());
  return Math.max(0, (end - start) / 1000);
}
