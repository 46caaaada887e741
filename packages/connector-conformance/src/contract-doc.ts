import type { ConformanceClause } from './clause.js';

/**
 * Renders the contract as Markdown: the text of `docs/contract.md`, generated from the clauses themselves so
 * the documentation cannot drift from the checks.
 */
export function renderContractMarkdown(clauses: readonly ConformanceClause[]): string {
  const lines = [
    '# The connector contract',
    '',
    '<!-- Generated from packages/connector-conformance/src/clauses by',
    '     `pnpm --filter @neural/connector-conformance docs:contract`. Do not edit by hand. -->',
    '',
    'Every connector promises what follows. `@neural/connector-conformance` checks each clause against a fresh',
    'connector; a clause whose capability the connector does not claim is reported as skipped, never as passed.',
    'Run it with `npx neural-conformance ./target.ts` (see [conformance.md](./conformance.md)).',
    '',
    '| # | clause | title | requires |',
    '| --- | --- | --- | --- |',
  ];
  clauses.forEach((clause, index) => {
    const requires = clause.requires?.map((name) => `\`${name}\``).join(', ') ?? '';
    lines.push(
      `| ${index + 1} | [\`${clause.id}\`](#${index + 1}-${anchor(clause.id)}) | ${clause.title} | ${requires} |`,
    );
  });
  clauses.forEach((clause, index) => {
    lines.push(
      '',
      `## ${index + 1}. \`${clause.id}\``,
      '',
      `**${clause.title}.**`,
      '',
      clause.rule,
      '',
      `*Why:* ${clause.why}`,
    );
    if (clause.requires?.length) {
      lines.push(
        '',
        `*Applies when the connector claims:* ${clause.requires.map((name) => `\`capabilities.${name}\``).join(', ')}.`,
      );
    }
  });
  return `${lines.join('\n')}\n`;
}

function anchor(id: string): string {
  return id.replace(/[^a-z0-9-]/g, '');
}
