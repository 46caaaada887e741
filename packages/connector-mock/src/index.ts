/**
 * `@neural/connector-mock`: {@link MockConnector}, an in-memory connector for application tests.
 *
 * @packageDocumentation
 */
export type { MockCredentials } from './api-keys.js';
export type { MockCall, MockCalls } from './call-record.js';
export { type JobDirectives, parseDirectives } from './directives.js';
export type { MockEndpoint } from './endpoints.js';
export type { InjectedFailureTiming } from './failure-injection.js';
export { MockConnector } from './mock-connector.js';
export type { MockArgs, MockMethod, MockMethodSignatures, MockResult } from './mock-methods.js';
export type { MockCapacity, MockConnectorOptions } from './options.js';
export type { MockOverride, MockOverrides } from './overrides.js';
export { connectorFactory, connectorRegistration } from './registration.js';
