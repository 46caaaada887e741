/**
 * `waitForStatusChange` on the platform's long-poll (`GET /v1/jobs/{id}/wait`), sliced so no single request
 * outlives one attempt's timeout.
 */
import {
  assertJobId,
  type Clock,
  parseWaitForStatusChangeOptions,
  type StatusChange,
  type WaitForStatusChangeOptions,
} from '@neural/integrations-core';
import type { HttpTransport } from '@neural/integrations-core/http';
import { jobPath } from './paths.js';
import { PlatformJobSchema, type Problem } from './schemas.js';
import { mapPlatformState, platformStatesFor } from './states.js';

/** How the long-poll is run: the transport, the clock the deadline is kept on, the longest single poll. */
export interface LongPoll {
  readonly http: HttpTransport<Problem>;
  readonly clock: Clock;
  readonly longPollMs: number;
}

/**
 * Waits until the job's status differs from `since`, in slices of at most `longPollMs`. Several platform
 * states share a status (QUEUED and STARTING are both `pending`), so a move between two of them is waited
 * past, never reported as a change.
 */
export async function waitForStatusChange(
  { http, clock, longPollMs }: LongPoll,
  jobId: string,
  options: WaitForStatusChangeOptions,
): Promise<StatusChange> {
  assertJobId(jobId);
  const { since, timeoutMs, signal } = parseWaitForStatusChangeOptions(options);
  const deadline = clock.now() + timeoutMs;
  // The platform waits on a state; when only one state means `since`, the first request can wait already.
  const candidates = platformStatesFor(since);
  let state = candidates.length === 1 ? candidates[0] : undefined;
  for (;;) {
    const remaining = Math.max(0, Math.floor(deadline - clock.now()));
    const job = await http.json(PlatformJobSchema, {
      method: 'GET',
      path: `${jobPath(jobId)}/wait`,
      query: {
        since: state,
        timeoutMs: state === undefined ? undefined : Math.min(remaining, longPollMs),
      },
      operation: 'waitForStatusChange',
      jobId,
      signal,
    });
    const status = mapPlatformState(job.state);
    if (status !== since) return Object.freeze({ status, changed: true });
    if (clock.now() >= deadline) return Object.freeze({ status, changed: false });
    state = job.state;
  }
}
