// Copies the HTTP reference connector's sources into template/src, so the template is always the reference
// connector as it is now: it cannot drift. template/src is generated (git-ignored) and published.
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const source = join(root, '..', 'connector-http', 'src');
const target = join(root, 'template', 'src');
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
for (const file of readdirSync(source))
  if (file.endsWith('.ts')) cpSync(join(source, file), join(target, file));

// The versions the generated package depends on: the ones this monorepo is at now.
import { readFileSync, writeFileSync } from 'node:fs';

const versionOf = (dir) => JSON.parse(readFileSync(join(root, '..', dir, 'package.json'), 'utf8')).version;
writeFileSync(
  join(root, 'template', 'versions.json'),
  `${JSON.stringify(
    {
      '@neural/integrations-core': versionOf('integrations-core'),
      '@neural/connector-conformance': versionOf('connector-conformance'),
      '@neural/fake-platform': versionOf('fake-platform'),
    },
    null,
    2,
  )}\n`,
);
