/**
 * `@neural/telemetry`: {@link withTelemetry}, OpenTelemetry spans and metrics around every call of a Neural
 * connector.
 *
 * @packageDocumentation
 */
export { type CallOutcome, TELEMETRY_ATTRIBUTES, TELEMETRY_METRICS } from './attributes.js';
export { recordRetry } from './retry-context.js';
export { type TelemetryOptions, withTelemetry } from './with-telemetry.js';
