/**
 * `@neural/integrations-core/testing`: what tests, fake platforms and simulations need and production code does
 * not: a clock that moves only when told to.
 *
 * @packageDocumentation
 */
export { createManualClock, type ManualClock } from './manual-clock.js';
