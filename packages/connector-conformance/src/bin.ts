import { main } from './cli.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// The verdict is printed and every cancel awaited (or given up on): a connector's keep-alive socket or a
// hung teardown must not hold the process, and after a second signal nothing is waited for.
setTimeout(() => process.exit(code), 1_000).unref();
