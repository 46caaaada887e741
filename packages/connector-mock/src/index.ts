/**
 * `@neural/connector-mock`: {@link MockConnector}, an in-memory connector for application tests.
 *
 * @packageDocumentation
 */
export { type JobDirectives, parseDirectives, parseDuration } from './directives.js';
export {
  type InjectedFailureTiming,
  MOCK_METHODS,
  type MockArgs,
  type MockCall,
  type MockCalls,
  type MockCapacity,
  MockConnector,
  type MockConnectorOptions,
  type MockCredentials,
  type MockEndpoint,
  type MockMethod,
  type MockMethodSignatures,
  type MockOverride,
  type MockOverrides,
  type MockResult,
} from './mock-connector.js';
export { connectorFactory, connectorRegistration } from './registration.js';
