/**
 * `@neural/connector-databricks/fake`: a fake Databricks workspace that speaks the REST API the connector uses
 * (Jobs runs, Workspace import, Files, Model Serving, OAuth), as MSW handlers or on a loopback socket, with
 * runs that unfold on an injected clock, scenario directives in the code, and injected faults.
 *
 * @packageDocumentation
 */
export type { FakeAnswer, FakeRequest } from './answers.js';
export { createFakeDatabricks, type FakeDatabricks } from './handlers.js';
export { FakeDatabricksModel, type FakeExchange } from './model.js';
export {
  FAKE_FAULT_KINDS,
  type FakeDatabricksOptions,
  FakeDatabricksOptionsSchema,
  type FakeFaultKind,
  type ResolvedFakeOptions,
  resolveFakeOptions,
} from './options.js';
export type { FakeRunRecord, RunMoment } from './run.js';
export { type FakeDatabricksServer, startFakeDatabricksServer } from './server.js';
