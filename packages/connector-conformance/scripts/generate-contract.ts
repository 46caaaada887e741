// Writes docs/contract.md from the clauses, the one source of the contract.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFORMANCE_CLAUSES } from '../src/clauses/index.js';
import { renderContractMarkdown } from '../src/contract-doc.js';

const target = fileURLToPath(new URL('../../../docs/contract.md', import.meta.url));
writeFileSync(target, renderContractMarkdown(CONFORMANCE_CLAUSES));
console.log(`wrote ${target} (${CONFORMANCE_CLAUSES.length} clauses)`);
