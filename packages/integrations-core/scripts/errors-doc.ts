// Renders the table of error codes in docs/errors.md from ERROR_CODES, the one source of the codes.
import { ERROR_CODE_FAMILIES, ERROR_CODES, type ErrorCodeInfo } from '../src/errors/index.js';

/** The markers around the generated block; the text between them is rewritten, the rest of the page is not. */
export const BEGIN_MARKER =
  '<!-- BEGIN GENERATED: error codes (pnpm --filter @neural/integrations-core docs:errors) -->';
export const END_MARKER = '<!-- END GENERATED: error codes -->';

function table(rows: readonly (readonly string[])[]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(3, ...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const [header, ...body] = rows;
  const rule = `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`;
  return [line(header ?? []), rule, ...body.map(line)].join('\n');
}

function row(code: string, info: ErrorCodeInfo): string[] {
  return [`\`${code}\``, info.errors.map((name) => `\`${name}\``).join(', '), info.meaning, info.thrownBy];
}

/** The generated block: both markers and the table between them. */
export function renderErrorCodesBlock(): string {
  const rows = [
    ['code', 'class', 'meaning', 'thrown by'],
    ...Object.entries(ERROR_CODES).map(([code, info]) => row(code, info)),
    ...Object.values(ERROR_CODE_FAMILIES).map((info) => row(info.pattern, info)),
  ];
  return `${BEGIN_MARKER}\n\n${table(rows)}\n\n${END_MARKER}`;
}

/** `page` with its generated block replaced by a fresh one. Throws when the markers are missing. */
export function withFreshErrorCodes(page: string): string {
  const begin = page.indexOf(BEGIN_MARKER);
  const end = page.indexOf(END_MARKER);
  if (begin < 0 || end < begin) {
    throw new Error(`docs/errors.md lacks the markers ${BEGIN_MARKER} … ${END_MARKER}`);
  }
  return page.slice(0, begin) + renderErrorCodesBlock() + page.slice(end + END_MARKER.length);
}
