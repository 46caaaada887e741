/**
 * Millisecond jobs and polls, with room for a loaded two-core machine: a mutant that hangs a job fails its
 * clause within seconds instead of waiting out the suite's two-minute default.
 */
export const FAST_TIMING = {
  jobTimeoutMs: 4_000,
  pollIntervalMs: 5,
  maxPollIntervalMs: 20,
  terminalRepolls: 3,
  abortGraceMs: 500,
  clauseTimeoutMs: 15_000,
};
