import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CreateConnectorError, createConnectorPackage, dependencyRange, toPascalCase } from '../src/index.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'create-neural-connector-'));

describe('createConnectorPackage', () => {
  it('makes a REST package (by default) named for the platform, whose source imports the plumbing from core', async () => {
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
    expect(index).not.toContain('__');
    const connector = await readFile(join(created.directory, 'src/acme-cloud-connector.ts'), 'utf8');
    expect(connector).toContain("from '@neural/integrations-core/http'");
    // The platform's code only: the transport, token cache and files are not copied in.
    expect(created.files.filter((file) => file.startsWith('src/'))).toEqual([
      'src/acme-cloud-connector.ts',
      'src/index.ts',
      'src/platform.ts',
    ]);
    expect(created.files).toEqual(expect.arrayContaining(['test/readme.test.ts', 'vitest.config.ts']));
    const target = await readFile(join(created.directory, 'test/conformance.target.ts'), 'utf8');
    expect(target).toContain("import { AcmeCloudConnector } from '../src/index.js'");
    expect(target).not.toContain('__');
    const pkg = JSON.parse(await readFile(join(created.directory, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('neural-connector-acme-cloud');
    expect(pkg.scripts['check-exports']).toBe(
      'publint --strict --pack npm && attw --pack . --profile node16',
    );
    // The versions of the workspace packages the template was made from, never a placeholder.
    const coreVersion = JSON.parse(
      await readFile(new URL('../../integrations-core/package.json', import.meta.url), 'utf8'),
    ).version;
    expect(pkg.peerDependencies['@neural/integrations-core']).toBe(dependencyRange(coreVersion));
    expect(pkg.devDependencies['@neural/integrations-core']).toBe(dependencyRange(coreVersion));
    expect(JSON.stringify(pkg)).not.toMatch(/\^0\.0\.0|workspace:/);
  });

  it('makes a CLI package: commands as argument arrays, its own scheduler script for conformance', async () => {
    const parent = await tempDir();
    const created = await createConnectorPackage({ directory: join(parent, 'grid'), template: 'cli' });
    expect(created.files).toEqual(
      expect.arrayContaining([
        'src/commands.ts',
        'src/grid-connector.ts',
        'test/platform/scheduler.mjs',
        'test/readme.test.ts',
      ]),
    );
    const commands = await readFile(join(created.directory, 'src/commands.ts'), 'utf8');
    expect(commands).toContain('execFile(');
    expect(commands).not.toMatch(/shell:\s*true|\bexec\(/);
    const pkg = JSON.parse(await readFile(join(created.directory, 'package.json'), 'utf8'));
    expect(pkg.devDependencies['@neural/fake-platform']).toBeUndefined();
  });

  it('links to a checkout with file: dependencies, and refuses a folder that is not one', async () => {
    const checkout = new URL('../../..', import.meta.url).pathname;
    const parent = await tempDir();
    const created = await createConnectorPackage({ directory: join(parent, 'linked'), link: checkout });
    const pkg = JSON.parse(await readFile(join(created.directory, 'package.json'), 'utf8'));
    expect(pkg.devDependencies['@neural/integrations-core']).toBe(
      `file:${join(checkout, 'packages/integrations-core')}`,
    );
    expect(pkg.devDependencies['@neural/fake-platform']).toBe(
      `file:${join(checkout, 'packages/fake-platform')}`,
    );
    await expect(createConnectorPackage({ directory: join(parent, 'other'), link: parent })).rejects.toThrow(
      /give the root of a checkout/,
    );
  });

  it('refuses an unknown template, naming the choices', async () => {
    const parent = await tempDir();
    await expect(
      createConnectorPackage({ directory: join(parent, 'z'), template: 'grpc' as never }),
    ).rejects.toThrow(/template: must be "rest" or "cli"/);
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

describe('names and versions', () => {
  it('turns kebab-case into PascalCase', () => {
    expect(toPascalCase('my-platform-2')).toBe('MyPlatform2');
  });
  it('asks for a caret range, or the exact version while it is 0.0.x', () => {
    expect(dependencyRange('0.3.1')).toBe('^0.3.1');
    expect(dependencyRange('1.2.0')).toBe('^1.2.0');
    expect(dependencyRange('0.0.0')).toBe('0.0.0');
  });
});
