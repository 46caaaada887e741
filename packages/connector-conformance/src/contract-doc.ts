import type { ConformanceClause } from './clause.js';

/**
 * Renders the contract as Markdown: the text of `docs/contract.md`, generated from the clauses themselves so
 * the documentation cannot drift from the checks. The layout is the one the repository's formatter (Biome)
 * gives Markdown, so formatting the generated file never changes it.
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
    ...table(
      ['#', 'clause', 'title', 'requires'],
      clauses.map((clause, index) => [
        String(index + 1),
        `[\`${clause.id}\`](#${index + 1}-${anchor(clause.id)})`,
        clause.title,
        clause.requires?.map((name) => `\`${name}\``).join(', ') ?? '',
      ]),
    ),
  ];
  clauses.forEach((clause, index) => {
    lines.push('', `## ${index + 1}. \`${clause.id}\``, '', `**${clause.title}.**`, '', clause.rule);
    lines.push('', `_Why:_ ${clause.why}`);
    if (clause.requires?.length) {
      const claims = clause.requires.map((name) => `\`capabilities.${name}\``).join(', ');
      lines.push('', `_Applies when the connector claims:_ ${claims}.`);
    }
  });
  return `${lines.join('\n')}\n`;
}

/** A Markdown table with columns padded to their widest cell (at least 3, for the `---` rule). */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((cell, column) =>
    Math.max(3, cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 3)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

/** The anchor GitHub gives a heading: lower case, punctuation other than `-` dropped. */
function anchor(id: string): string {
  return id.replace(/[^a-z0-9-]/g, '');
}
