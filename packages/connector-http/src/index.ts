/**
 * `@neural/connector-http`: {@link HttpConnector}, the reference connector for REST platforms, and its
 * registration. The platform's tables and schemas (`src/states.ts`, `src/errors.ts`, `src/schemas.ts`) are the
 * files to copy, not imports.
 *
 * @packageDocumentation
 */
export { HttpConnector } from './http-connector.js';
export type { HttpConnectorOptions } from './options.js';
export { connectorFactory, connectorRegistration } from './registration.js';
export { type HttpCredentials, HttpCredentialsSchema } from './schemas.js';
