import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CreateConnectorError,
  createConnectorPackage,
  renameReferenceConnector,
  toPascalCase,
} from '../src/index.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'create-neural-connector-'));

describe('createConnectorPackage', () => {
  it('makes a package from the HTTP reference connector, renamed for the platform', async () => {
    const parent = await tempDir();
    const created = await createConnectorPackage({ directory: join(parent, 'acme-cloud') });
    expect(created.className).toBe('AcmeCloud');
    expect(created.packageName).toBe('neural-connector-acme-cloud');
    expect(created.files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'src/index.ts',
        'test/conformance.target.ts',
        '.gitignore',
      ]),
    );
    const index = await readFile(join(created.directory, 'src/index.ts'), 'utf8');
    expect(index).toContain('AcmeCloudConnector');
    expect(index).not.toMatch(/\bHttpConnector\b/);
    const target = await readFile(join(created.directory, 'test/conformance.target.ts'), 'utf8');
    expect(target).toContain("import { AcmeCloudConnector } from '../src/index.js'");
    expect(target).not.toContain('__');
    const pkg = JSON.parse(await readFile(join(created.directory, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('neural-connector-acme-cloud');
    expect(pkg.peerDependencies['@neural/integrations-core']).toMatch(/^\^\d+\.\d+\.\d+/);
  });

  it('uses the dependency overrides it is given', async () => {
    const parent = await tempDir();
    const created = await createConnectorPackage({
      directory: join(parent, 'x'),
      platform: 'my-platform',
      packageName: '@acme/neural-my-platform',
      dependencyOverrides: { '@neural/integrations-core': 'file:/tmp/core.tgz' },
    });
    const pkg = JSON.parse(await readFile(join(created.directory, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('@acme/neural-my-platform');
    expect(pkg.devDependencies['@neural/integrations-core']).toBe('file:/tmp/core.tgz');
    expect(created.className).toBe('MyPlatform');
  });

  it('refuses a folder that is not empty, and leaves it untouched', async () => {
    const parent = await tempDir();
    await writeFile(join(parent, 'keep.txt'), 'mine');
    await expect(createConnectorPackage({ directory: parent, platform: 'p' })).rejects.toThrow(/not empty/);
    expect(await readFile(join(parent, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('names the bad option when the platform name is not kebab-case', async () => {
    const parent = await tempDir();
    const attempt = createConnectorPackage({ directory: join(parent, 'y'), platform: 'My Platform' });
    await expect(attempt).rejects.toBeInstanceOf(CreateConnectorError);
    await expect(attempt).rejects.toThrow(/platform: must be kebab-case/);
  });
});

describe('renaming', () => {
  it('turns kebab-case into PascalCase', () => {
    expect(toPascalCase('my-platform-2')).toBe('MyPlatform2');
  });
  it('renames the reference names and nothing else', () => {
    const source =
      "import { HttpResponse } from 'msw';\nexport class HttpConnector {}\ntype O = HttpConnectorOptions; type C = HttpCredentials;\n// @neural/connector-http";
    expect(renameReferenceConnector(source, 'Acme', 'neural-connector-acme')).toBe(
      "import { HttpResponse } from 'msw';\nexport class AcmeConnector {}\ntype O = AcmeConnectorOptions; type C = AcmeCredentials;\n// neural-connector-acme",
    );
  });
});
