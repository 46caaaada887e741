import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE_CLAUSES, renderContractMarkdown } from '../src/index.js';

describe('the contract', () => {
  it('docs/contract.md is exactly what the clauses generate (run `pnpm docs:contract` after changing a clause)', () => {
    const committed = readFileSync(
      fileURLToPath(new URL('../../../docs/contract.md', import.meta.url)),
      'utf8',
    );
    expect(committed).toBe(renderContractMarkdown(CONFORMANCE_CLAUSES));
  });

  it('gives every clause a unique area.promise id, a title, a rule and a reason', () => {
    const ids = CONFORMANCE_CLAUSES.map((clause) => clause.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const clause of CONFORMANCE_CLAUSES) {
      expect(clause.id).toMatch(/^[a-z]+\.[a-z0-9-]+$/);
      expect(clause.title.length).toBeGreaterThan(5);
      expect(clause.rule.length).toBeGreaterThan(20);
      expect(clause.why.length).toBeGreaterThan(20);
    }
  });

  it('documents each clause under a numbered heading that the index links to', () => {
    const markdown = renderContractMarkdown(CONFORMANCE_CLAUSES);
    expect(markdown).toContain('## 1. `auth.valid-credentials`');
    expect(markdown).toContain('[`auth.valid-credentials`](#1-authvalid-credentials)');
    expect(markdown).toContain('_Applies when the connector claims:_ `capabilities.idempotency`.');
  });
});
