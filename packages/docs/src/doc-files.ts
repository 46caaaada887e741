import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CodeBlock, extractCodeBlocks } from '@neural/test-support';

/** The repository's root folder. */
export const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');

/**
 * Every Markdown file whose code samples the docs test checks, relative to the repository root: the guides in
 * `docs/` (not the generated `docs/api/`), the root README and each package's README.
 */
export function listDocFiles(root: string = REPO_ROOT): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (relative(root, path) !== join('docs', 'api')) walk(path);
      } else if (entry.name.endsWith('.md')) files.push(relative(root, path));
    }
  };
  walk(join(root, 'docs'));
  files.push('README.md');
  for (const entry of readdirSync(join(root, 'packages'), { withFileTypes: true })) {
    const readme = join('packages', entry.name, 'README.md');
    if (entry.isDirectory() && existsSync(join(root, readme))) files.push(readme);
  }
  return files.sort();
}

/** The code blocks of the given Markdown files (paths relative to `root`). */
export function readCodeBlocks(files: readonly string[], root: string = REPO_ROOT): CodeBlock[] {
  return files.flatMap((file) => extractCodeBlocks(readFileSync(join(root, file), 'utf8'), file));
}
