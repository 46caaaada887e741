/** Listing this connector's training jobs, newest first, by name prefix and status. */
import {
  ListTrainingJobsCommand,
  type ListTrainingJobsCommandOutput,
  type TrainingJobStatus,
} from '@aws-sdk/client-sagemaker';
import {
  type JobStatus,
  type JobSummary,
  type ListJobsOptions,
  parseListJobsOptions,
} from '@neural/integrations-core';
import { mapSageMakerState, trainingStatusesFor } from '../states.js';
import { JOB_NAME_ENV } from '../training-spec.js';
import { callAws } from './aws-calls.js';
import { jobNamePrefixOf, type SageMakerContext } from './context.js';
import { describeTrainingJob } from './training-jobs.js';

/**
 * This connector's training jobs (names starting with `jobNamePrefix-`), newest first, with
 * `ListTrainingJobs` (`NameContains`, `StatusEquals` for the filter, `SortBy: CreationTime`, descending),
 * then one `DescribeTrainingJob` per job listed for its `jobName` (a summary carries neither environment nor
 * tags).
 */
export async function listTrainingJobs(
  context: SageMakerContext,
  options: ListJobsOptions,
): Promise<JobSummary[]> {
  const { limit, statusFilter, signal } = parseListJobsOptions(options);
  const newest = await trainingJobSummaries(context, limit, statusFilter, signal);
  // A summary carries no environment or tags: the job's name is read from each job's description.
  const named: JobSummary[] = [];
  for (let i = 0; i < newest.length; i += 8) {
    const batch = newest.slice(i, i + 8);
    const described = await Promise.all(
      batch.map((summary) => describeTrainingJob(context, 'listJobs', summary.id, signal)),
    );
    batch.forEach((summary, index) => {
      const jobName = described[index]?.Environment?.[JOB_NAME_ENV];
      named.push(jobName ? { ...summary, name: jobName } : summary);
    });
  }
  return named;
}

/** This connector's jobs from `ListTrainingJobs` alone (no names), newest first, at most `limit`. */
export async function trainingJobSummaries(
  context: SageMakerContext,
  limit: number,
  statusFilter: JobStatus | undefined,
  signal: AbortSignal | undefined,
): Promise<JobSummary[]> {
  const prefix = `${jobNamePrefixOf(context)}-`;
  const statuses: (string | undefined)[] =
    statusFilter === undefined ? [undefined] : [...trainingStatusesFor(statusFilter)];
  const found: JobSummary[] = [];
  for (const status of statuses) {
    let token: string | undefined;
    let matched = 0;
    do {
      const page: ListTrainingJobsCommandOutput = await callAws(
        context,
        'listJobs',
        'sagemaker:ListTrainingJobs',
        signal,
        (s) =>
          context.sagemaker.send(
            new ListTrainingJobsCommand({
              NameContains: prefix,
              SortBy: 'CreationTime',
              SortOrder: 'Descending',
              MaxResults: Math.min(100, limit),
              ...(status ? { StatusEquals: status as TrainingJobStatus } : {}),
              ...(token ? { NextToken: token } : {}),
            }),
            { abortSignal: s },
          ),
      );
      for (const summary of page.TrainingJobSummaries ?? []) {
        if (!summary.TrainingJobName?.startsWith(prefix)) continue;
        const state = mapSageMakerState(summary);
        if (statusFilter !== undefined && state.status !== statusFilter) continue;
        matched += 1;
        found.push({
          id: summary.TrainingJobName,
          status: state.status,
          rawState: state.rawState,
          createdAt: summary.CreationTime ?? new Date(0),
        });
      }
      token = page.NextToken;
    } while (token && matched < limit);
  }
  return found
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
    .slice(0, limit);
}
