/**
 * `@neural/cli`: the `neural` command line, and {@link runCli} to run it in-process.
 *
 * @packageDocumentation
 */
export { type CliIo, registerBuiltInConnectors } from './context.js';
export { EXIT_CODES, type ExitCode } from './exit-codes.js';
export type { CliStream } from './output.js';
export { type Profile, ProfileSchema } from './profiles.js';
export { runCli } from './program.js';
