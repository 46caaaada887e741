/**
 * Which lines of a connector's source are its contract code, as Stryker `mutate` patterns with line ranges
 * ("path:12-40"). Found by name rather than written as numbers, so the measurement follows the source as it
 * changes: a method is the lines from its signature to the closing brace at its indentation.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The first and last line (1-based) of each named method or top-level function in `source`. */
function blocks(source, names, file) {
  const lines = source.split('\n');
  return names.map((name) => {
    const signature = new RegExp(
      `^(\\s*)(?:export )?(?:override )?(?:async\\s*\\*?\\s*)?(?:function\\s*\\*?\\s*)?${escapeRegExp(name)}\\s*[<(]`,
    );
    // A statement calling the function (`  assertEndpointName(name);`) is not its declaration.
    const start = lines.findIndex((line) => signature.test(line) && !/;\s*$/.test(line));
    if (start === -1) {
      // Stop rather than shrink the scope unnoticed: MUTATION.md says what is mutated, and a helper renamed
      // or moved away must be found again in the config before a figure is quoted.
      throw new Error(`contract-ranges: ${file} has no method or function named ${name}`);
    }
    const indent = signature.exec(lines[start])[1];
    const end = lines.findIndex((line, i) => i > start && line === `${indent}}`);
    if (end === -1) throw new Error(`${file}: ${name} has no closing brace at its indentation`);
    return { start: start + 1, end: end + 1 };
  });
}

/**
 * `mutate` patterns for the given methods of `file` (relative to the repository root `root`), leaving out
 * every line that matches `skipLines` (test controls, call recording: not the contract).
 */
export function contractRanges(root, file, names, skipLines) {
  const source = readFileSync(resolve(root, file), 'utf8');
  const lines = source.split('\n');
  const lineSet = new Set();
  for (const { start, end } of blocks(source, names, file)) {
    for (let line = start; line <= end; line++) {
      if (!skipLines?.test(lines[line - 1])) lineSet.add(line);
    }
  }
  const kept = [...lineSet].sort((a, b) => a - b);
  const patterns = [];
  let from = kept[0];
  for (let i = 1; i <= kept.length; i++) {
    if (kept[i] !== kept[i - 1] + 1) {
      patterns.push(`${file}:${from}-${kept[i - 1]}`);
      from = kept[i];
    }
  }
  return patterns;
}
