#!/usr/bin/env node
import { EXIT_CODES } from './exit-codes.js';
import { runCli } from './program.js';

// The first Ctrl-C stops gracefully (journals are flushed, the cursor comes back); a second one exits at once.
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(EXIT_CODES.INTERRUPTED);
  interrupt.abort();
});
process.on('SIGTERM', () => interrupt.abort());

process.exitCode = await runCli(process.argv.slice(2), { signal: interrupt.signal });
