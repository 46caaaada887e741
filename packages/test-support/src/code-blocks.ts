/** One fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The Markdown file, as given to {@link extractCodeBlocks}. */
  readonly file: string;
  /** The 1-based line of the block's first code line in that file. */
  readonly line: number;
  /** The 1-based position of the block among the file's blocks of the same language. */
  readonly index: number;
  /** The fence's language, lowercased (`ts`, `sh`, …); empty when the fence has none. */
  readonly lang: string;
  /** The words after the language, such as `no-check`. */
  readonly flags: readonly string[];
  /** The code, with the fence's indentation removed. */
  readonly code: string;
}

const FENCE = /^(?<indent> *)(?<fence>`{3,}|~{3,})(?<info>.*)$/;

/**
 * The fenced code blocks of a Markdown text, with the line each starts on. Fences may be indented (inside list
 * items); the indentation is removed from the code. An unclosed fence runs to the end, as in CommonMark.
 */
export function extractCodeBlocks(markdown: string, file: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  const counts = new Map<string, number>();
  let i = 0;
  while (i < lines.length) {
    const open = FENCE.exec(lines[i] ?? '');
    if (
      open?.groups === undefined ||
      (open.groups.fence?.startsWith('`') && open.groups.info?.includes('`'))
    ) {
      i++;
      continue;
    }
    const indent = open.groups.indent?.length ?? 0;
    const fence = open.groups.fence ?? '```';
    const [lang = '', ...flags] = (open.groups.info ?? '').trim().split(/\s+/).filter(Boolean);
    const start = i + 1;
    let end = start;
    while (end < lines.length && !isClosingFence(lines[end] ?? '', fence)) end++;
    const code = lines
      .slice(start, end)
      .map((text) => text.replace(new RegExp(`^ {0,${indent}}`), ''))
      .join('\n');
    const key = lang.toLowerCase();
    const index = (counts.get(key) ?? 0) + 1;
    counts.set(key, index);
    blocks.push({ file, line: start + 1, index, lang: key, flags, code });
    i = end + 1;
  }
  return blocks;
}

function isClosingFence(line: string, fence: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= fence.length && /^(`+|~+)$/.test(trimmed) && trimmed[0] === fence[0];
}

/** Whether a block is TypeScript the docs test must type-check (a `ts no-check` block is not). */
export function isCheckedTypeScript(block: CodeBlock): boolean {
  return (block.lang === 'ts' || block.lang === 'typescript') && !block.flags.includes('no-check');
}
