// Rewrites the table of error codes in docs/errors.md from ERROR_CODES (pnpm docs:errors).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withFreshErrorCodes } from './errors-doc.js';

const target = fileURLToPath(new URL('../../../docs/errors.md', import.meta.url));
writeFileSync(target, withFreshErrorCodes(readFileSync(target, 'utf8')));
console.log(`wrote ${target}`);
