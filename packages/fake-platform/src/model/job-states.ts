/** The platform's own job states (the connector maps them onto `JobStatus`). */
export const JOB_STATES = ['QUEUED', 'STARTING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
/** A platform job state. */
export type JobState = (typeof JOB_STATES)[number];
/** The states a job never leaves. */
export const TERMINAL_JOB_STATES: readonly JobState[] = Object.freeze(['COMPLETED', 'FAILED', 'CANCELLED']);
/** Whether `state` is one a job never leaves. */
export const isTerminalJobState = (state: JobState): boolean => TERMINAL_JOB_STATES.includes(state);
