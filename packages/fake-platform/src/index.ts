export {
  type DirectiveIssue,
  type JobDirectives,
  parseDirectives,
  parseDuration,
  readDirectives,
} from './directives.js';
export {
  type FetchHandler,
  type FetchServer,
  type FetchServerOptions,
  startFetchServer,
} from './fetch-server.js';
export {
  type EndpointJson,
  FakePlatformModel,
  type FaultDecision,
  type IssuedToken,
  isTerminalJobState,
  JOB_STATES,
  type JobJson,
  type JobResultJson,
  type JobState,
  type LogEvent,
  type PlatformRequest,
  type PlatformUsage,
  type RecordedRequest,
  type StoredFile,
  SubmitBodySchema,
  type SubmitJobBody,
  TERMINAL_JOB_STATES,
} from './model/index.js';
export { clockSchema, millisecondsSchema, probabilitySchema, seedSchema } from './option-schemas.js';
export {
  FAULT_KINDS,
  type FakePlatformOptions,
  FakePlatformOptionsSchema,
  type FaultKind,
  type FaultOptions,
  FaultOptionsSchema,
  type ResolvedFakePlatformOptions,
  type ResolvedFaultOptions,
  type RouteFaults,
  RouteFaultsSchema,
} from './options.js';
export { type JobPlan, type PlanDefaults, planJob } from './plan.js';
export { createFakePlatform, type FakePlatform } from './platform.js';
export {
  PlatformProblem,
  type PlatformProblemOptions,
  PROBLEM_CODES,
  PROBLEMS,
  type ProblemCode,
  type ProblemDocument,
  type ProblemFieldError,
} from './problems.js';
export { type OperationId, ROUTES, type RouteDefinition } from './routes.js';
export {
  type FakePlatformServer,
  type FakePlatformServerOptions,
  startFakePlatformServer,
} from './server.js';
