import { InvalidParameterError } from '@neural/integrations-core';
import { CLI_USAGE, parseCliArgs } from './cli-args.js';
import { startFakePlatformServer } from './server.js';

// The entry point of the `neural-fake-platform` bin: start, print where, stop cleanly on SIGTERM/SIGINT.
async function main(): Promise<void> {
  let command: ReturnType<typeof parseCliArgs>;
  try {
    command = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (InvalidParameterError.isInstance(error)) {
      process.stderr.write(`neural-fake-platform: ${error.message}\n\n${CLI_USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  if (command.help) {
    process.stdout.write(`${CLI_USAGE}\n`);
    return;
  }
  const server = await startFakePlatformServer(command.options);
  process.stdout.write(`Fake platform listening on ${server.url}\nAPI key: ${server.apiKey}\n`);
  const stop = (signal: string) => {
    process.stdout.write(`Received ${signal}, closing\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`neural-fake-platform: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
