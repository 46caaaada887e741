import { runCli } from './cli-args.js';

// The `neural-fake-platform` bin: everything testable lives in runCli; this only binds it to the process.
runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  onSignal(handler) {
    process.once('SIGTERM', () => handler('SIGTERM'));
    process.once('SIGINT', () => handler('SIGINT'));
  },
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`neural-fake-platform: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
