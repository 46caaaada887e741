// The fake platform's state, one concept per file; FakePlatformModel composes them.
export { parseBody, SubmitBodySchema, type SubmitJobBody } from './bodies.js';
export { FakePlatformModel } from './fake-platform-model.js';
export type { FaultDecision } from './faults.js';
export { normalizeFilePath } from './files.js';
export { isTerminalJobState, JOB_STATES, type JobState, TERMINAL_JOB_STATES } from './job-states.js';
export type { PlatformUsage } from './jobs.js';
export type { IssuedToken } from './tokens.js';
export type {
  EndpointJson,
  JobJson,
  JobResultJson,
  LogEvent,
  PlatformRequest,
  RecordedRequest,
  StoredFile,
} from './wire.js';
