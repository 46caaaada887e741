/** Listing the workspace's one-time runs, page by page, as job summaries. */
import {
  JobStatus,
  type JobSummary,
  type ListJobsOptions,
  parseListJobsOptions,
} from '@neural/integrations-core';
import { type HttpTransport, invalidResponse } from '@neural/integrations-core/http';
import { type DatabricksError, type Run, RunsListSchema } from '../api.js';
import { keyFromCodePath } from '../run-spec.js';
import { mapRunState, rawRunState, runStates } from '../states.js';

/** At most this many runs per `runs/list` page (the API's maximum). */
const LIST_PAGE = 25;

/**
 * The workspace's one-time runs (`run_type=SUBMIT_RUN`), newest first, following `next_page_token` (or
 * `offset` on workspaces that do not send one) until `limit` runs are found. A status filter narrows the
 * request to active or completed runs and is finished here.
 */
export async function listRuns(
  http: HttpTransport<DatabricksError>,
  options: ListJobsOptions,
): Promise<JobSummary[]> {
  const { limit, statusFilter, signal } = parseListJobsOptions(options);
  const active = statusFilter === JobStatus.PENDING || statusFilter === JobStatus.RUNNING;
  const completed =
    statusFilter === JobStatus.SUCCEEDED ||
    statusFilter === JobStatus.FAILED ||
    statusFilter === JobStatus.CANCELLED;
  const jobs: JobSummary[] = [];
  let pageToken: string | undefined;
  let offset = 0;
  for (;;) {
    const page = await http.json(RunsListSchema, {
      method: 'GET',
      path: '/api/2.1/jobs/runs/list',
      query: {
        run_type: 'SUBMIT_RUN',
        expand_tasks: 'true',
        limit: LIST_PAGE,
        ...(pageToken !== undefined ? { page_token: pageToken } : { offset }),
        active_only: active ? 'true' : undefined,
        completed_only: completed ? 'true' : undefined,
      },
      operation: 'listJobs',
      signal,
    });
    const runs = page.runs ?? [];
    for (const run of runs) {
      const summary = toSummary(run);
      if (statusFilter === undefined || summary.status === statusFilter) jobs.push(summary);
    }
    if (jobs.length >= limit || !page.has_more || runs.length === 0) break;
    if (page.next_page_token !== undefined) {
      if (page.next_page_token === pageToken) {
        throw invalidResponse(http.context({ operation: 'listJobs' }), 'the page token did not advance');
      }
      pageToken = page.next_page_token;
    } else offset += runs.length;
  }
  return jobs.slice(0, limit);
}

function toSummary(run: Run): JobSummary {
  const { lifeCycle, result } = runStates(run);
  const task = run.tasks?.[0];
  const key = keyFromCodePath(task?.spark_python_task?.python_file ?? task?.notebook_task?.notebook_path);
  return Object.freeze({
    id: String(run.run_id),
    name: run.run_name,
    status: mapRunState(lifeCycle, result),
    rawState: rawRunState(lifeCycle, result),
    createdAt: new Date(run.start_time ?? 0),
    ...(key !== undefined ? { idempotencyKey: key } : {}),
  });
}
