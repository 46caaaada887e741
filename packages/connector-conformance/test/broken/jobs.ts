import {
  type CallOptions,
  JobStatus,
  type JobSummary,
  type ListJobsOptions,
  parseListJobsOptions,
} from '@neural/integrations-core';
import { ReferenceConnector } from '../support/reference-connector.js';

/** Answers PENDING for any id it does not know, as the seed's template did. */
export class DefaultForUnknownIdConnector extends ReferenceConnector {
  override async getJobStatus(jobId: string, options?: CallOptions): Promise<JobStatus> {
    if (!this.platform.jobs.has(jobId)) return JobStatus.PENDING;
    return super.getJobStatus(jobId, options);
  }
}

/** Validates the limit, then lists every job anyway when no status filter is given (the unfiltered path). */
export class IgnoresLimitConnector extends ReferenceConnector {
  override async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    parseListJobsOptions(options);
    if (options.statusFilter !== undefined) return super.listJobs(options);
    return super.listJobs({ ...options, limit: 1000 });
  }
}

/** Asks the platform for the newest `limit` jobs, then filters them: with a filter, matching older jobs vanish. */
export class LimitBeforeFilterConnector extends ReferenceConnector {
  override async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    const { statusFilter, limit } = parseListJobsOptions(options);
    const newest = await super.listJobs({ ...options, statusFilter: undefined, limit });
    return newest.filter((job) => statusFilter === undefined || job.status === statusFilter);
  }
}

/** Validates the status filter, then ignores it. */
export class IgnoresStatusFilterConnector extends ReferenceConnector {
  override async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    parseListJobsOptions(options);
    return super.listJobs({ ...options, statusFilter: undefined });
  }
}

/**
 * Filters by status in the platform's "recent jobs" index, which holds the newest two jobs only: a job in the
 * asked-for status but older than those is missing from the filtered list.
 */
export class FilterSeesRecentJobsOnlyConnector extends ReferenceConnector {
  override async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    const { statusFilter } = parseListJobsOptions(options);
    if (statusFilter === undefined) return super.listJobs(options);
    const recent = await super.listJobs({ ...options, statusFilter: undefined, limit: 2 });
    return recent.filter((job) => job.status === statusFilter);
  }
}

/**
 * Filters only by the statuses its platform has a state for: `pending` and `unknown` (no state of their own
 * on this platform, say) are sent as no filter at all, and every job comes back.
 */
export class FilterForgetsStatusesWithoutStateConnector extends ReferenceConnector {
  override async listJobs(options: ListJobsOptions = {}): Promise<JobSummary[]> {
    const { statusFilter } = parseListJobsOptions(options);
    const forgotten = statusFilter === JobStatus.PENDING || statusFilter === JobStatus.UNKNOWN;
    return super.listJobs(forgotten ? { ...options, statusFilter: undefined } : options);
  }
}
