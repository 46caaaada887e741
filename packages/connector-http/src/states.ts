/**
 * The platform's job states onto the normalised {@link JobStatus}, written down once as a table. When you copy
 * this connector, this is the table to rewrite; anything missing from it maps to `unknown`, never to a guess.
 */
import { JobStatus, stateMapping } from '@neural/integrations-core';

/** Every platform state the connector understands, and the status it means. */
export const PLATFORM_STATE_TO_STATUS: Readonly<Record<string, JobStatus>> = Object.freeze({
  QUEUED: JobStatus.PENDING,
  STARTING: JobStatus.PENDING,
  RUNNING: JobStatus.RUNNING,
  COMPLETED: JobStatus.SUCCEEDED,
  FAILED: JobStatus.FAILED,
  CANCELLED: JobStatus.CANCELLED,
});

const PLATFORM_STATE_MAPPING = stateMapping(PLATFORM_STATE_TO_STATUS);

/**
 * The normalised status of a platform state; `unknown` for a state the table does not list.
 *
 * @example
 * ```ts
 * mapPlatformState('STARTING'); // 'pending'
 * mapPlatformState('HIBERNATING'); // 'unknown'
 * ```
 */
export const mapPlatformState: (state: string) => JobStatus = PLATFORM_STATE_MAPPING.statusOf;

/**
 * The platform states that mean `status`, for the list filter; empty for `unknown`, which no platform state
 * stands for (the connector then filters on its side).
 */
export const platformStatesFor: (status: JobStatus) => string[] = PLATFORM_STATE_MAPPING.statesFor;
