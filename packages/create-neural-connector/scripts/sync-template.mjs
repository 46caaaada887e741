// Records the versions of the @neural packages the templates were made with, read from this repository's
// package.json files, so a generated package depends on exactly those (template/versions.json, generated).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
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
