/**
 * `@neural/cli`: the `neural` command line, and {@link runCli} to run it in-process.
 *
 * @packageDocumentation
 */
export { type CliIo, CommandContext, registerBuiltInConnectors } from './context.js';
export { EXIT_CODES, type ExitCode, exitCodeFor } from './exit-codes.js';
export { type CliStream, describeError, Output } from './output.js';
export {
  listProfiles,
  type NamedProfile,
  type Profile,
  ProfileNameSchema,
  ProfileSchema,
  profilesFromEnvironment,
  readProfileFile,
  resolveProfile,
  writeProfileFile,
} from './profiles.js';
export { runCli } from './program.js';
