import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Connector,
  ConnectorRegistry,
  createConnector,
  defaultConnectorRegistry,
  InvalidParameterError,
  registerConnector,
  UnknownConnectorError,
} from '../src/index.js';
import { findConnectorPackage } from '../src/node/index.js';
import { scriptedConnector } from './support.js';

/** A connector that remembers what its factory was given. */
function made(credentials: unknown, options: unknown): Connector & { made: unknown } {
  return Object.assign(scriptedConnector([]), { made: { credentials, options } });
}

let project: string;

function writePackage(name: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    const path = join(project, 'node_modules', name, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}

const coreDist = pathToFileURL(resolve(import.meta.dirname, '../dist/index.js')).href;
const fakeConnector = `{ capabilities: {}, authenticate: async () => true, submitJob: async () => 'j',
  getJobStatus: async () => 'RUNNING', getJobResult: async () => null, cancelJob: async () => true,
  listJobs: async () => [], getLogs: async () => '' }`;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'neural-registry-'));
  writeFileSync(join(project, 'package.json'), '{"name":"app","private":true}');
  writePackage('neural-connector-plain', {
    'package.json': JSON.stringify({
      name: 'neural-connector-plain',
      type: 'module',
      exports: { '.': { import: './esm/index.js', require: './cjs/index.cjs' } },
    }),
    'esm/index.js': `export default (credentials, options) => ({ ...${fakeConnector}, from: 'plain', credentials, options });`,
    'cjs/index.cjs': `module.exports = () => { throw new Error('the CommonJS build must not be picked'); };`,
  });
  writePackage('@acme/neural-connector-scoped', {
    'package.json': JSON.stringify({
      name: '@acme/neural-connector-scoped',
      type: 'module',
      main: 'main.js',
    }),
    'main.js': `export const connectorRegistration = { kind: 'scoped', factory: () => ({ ...${fakeConnector}, from: 'scoped' }) };`,
  });
  writePackage('neural-connector-common', {
    'package.json': JSON.stringify({ name: 'neural-connector-common', main: 'index.js' }),
    'index.js': `exports.connectorFactory = () => ({ ...${fakeConnector}, from: 'common' });`,
  });
  writePackage('neural-connector-self', {
    'package.json': JSON.stringify({ name: 'neural-connector-self', type: 'module', main: 'index.js' }),
    // Another copy of core (its dist build) registers into the same process-wide registry.
    'index.js': `import { registerConnector } from ${JSON.stringify(coreDist)};
registerConnector('self', () => ({ ...${fakeConnector}, from: 'self' }));`,
  });
  writePackage('neural-connector-empty', {
    'package.json': JSON.stringify({ name: 'neural-connector-empty', type: 'module', main: 'index.js' }),
    'index.js': 'export const nothing = 1;',
  });
  writePackage('@one/neural-connector-twice', {
    'package.json': '{"main":"i.js"}',
    'i.js': 'exports.connectorFactory = () => ({})',
  });
  writePackage('@two/neural-connector-twice', {
    'package.json': '{"main":"i.js"}',
    'i.js': 'exports.connectorFactory = () => ({})',
  });
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('ConnectorRegistry', () => {
  it('makes a registered kind with the credentials and options given', async () => {
    const registry = new ConnectorRegistry().register('mock', made);
    const connector = (await registry.create('mock', { apiKey: 'k' }, { durationMs: 5 })) as ReturnType<
      typeof made
    >;
    expect(connector.made).toEqual({ credentials: { apiKey: 'k' }, options: { durationMs: 5 } });
    expect(registry.kinds()).toEqual(['mock']);
  });

  it('refuses a malformed kind or factory with InvalidParameterError naming the field', () => {
    const registry = new ConnectorRegistry();
    expect(() => registry.register('My Platform', made)).toThrow(/kind: must be lower-case letters/);
    expect(() => registry.register('ok', 'not a function' as never)).toThrow(InvalidParameterError);
  });

  it('throws UnknownConnectorError naming the installed kinds for a kind neither registered nor installed', async () => {
    const registry = new ConnectorRegistry().register('local', made).register('http', made);
    const error = await registry
      .create('nope', {}, {}, { findPackage: findConnectorPackage, from: project })
      .catch((caught: unknown) => caught);
    expect(UnknownConnectorError.isInstance(error)).toBe(true);
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    expect((error as UnknownConnectorError).installed).toEqual(['http', 'local']);
    expect((error as Error).message).toMatch(/Unknown connector kind "nope" \(installed: http, local\)/);
    expect((error as Error).message).toMatch(/neural-connector-nope/);
  });

  it('does not look for packages with registeredOnly', async () => {
    const registry = new ConnectorRegistry();
    await expect(
      registry.create(
        'plain',
        {},
        {},
        { findPackage: findConnectorPackage, from: project, registeredOnly: true },
      ),
    ).rejects.toThrow(/installed: none/);
  });

  it('does not look for packages without a package finder (the root entry has no file system)', async () => {
    const registry = new ConnectorRegistry();
    const error = await registry
      .create('plain', {}, {}, { from: project })
      .catch((caught: unknown) => caught);
    expect(UnknownConnectorError.isInstance(error)).toBe(true);
    expect(registry.has('plain')).toBe(false);
  });

  it('says, when no package finder was given, that installed packages are found only with findConnectorPackage', async () => {
    // "plain" is installed in the project: without lookup.findPackage it is never looked for, and the error says how.
    const error = await createConnector('plain', {}, {}, { from: project }).catch(
      (caught: unknown) => caught,
    );
    expect(UnknownConnectorError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^Unknown connector kind "plain" \(installed: [^)]*\); installed connector packages/,
    );
    expect(message).toContain(
      'only found when `lookup.findPackage` is given: pass `findConnectorPackage` from `@neural/integrations-core/node`',
    );
    expect((error as UnknownConnectorError).issues[0]?.rule).toMatch(/found with `lookup.findPackage`\)$/);
    // Given a finder that finds nothing, or asked for registered kinds only, it says nothing about finders.
    const searched = await new ConnectorRegistry()
      .create('nope', {}, {}, { findPackage: findConnectorPackage, from: project })
      .catch((caught: unknown) => caught);
    expect((searched as Error).message).not.toContain('findPackage');
    const registeredOnly = await createConnector('plain', {}, {}, { registeredOnly: true }).catch(
      (caught: unknown) => caught,
    );
    expect((registeredOnly as Error).message).not.toContain('findPackage');
  });

  it('loads neural-connector-<kind> through its ESM export and registers it', async () => {
    const registry = new ConnectorRegistry();
    const connector = await registry.create(
      'plain',
      { apiKey: 'x' },
      { a: 1 },
      { findPackage: findConnectorPackage, from: project },
    );
    expect(connector).toMatchObject({ from: 'plain', credentials: { apiKey: 'x' }, options: { a: 1 } });
    expect(registry.has('plain')).toBe(true);
  });

  it('loads @scope/neural-connector-<kind> through its connectorRegistration export', async () => {
    const connector = await new ConnectorRegistry().create(
      'scoped',
      {},
      {},
      { findPackage: findConnectorPackage, from: join(project, 'package.json') },
    );
    expect(connector).toMatchObject({ from: 'scoped' });
  });

  it('loads a CommonJS package through its connectorFactory export', async () => {
    expect(
      await new ConnectorRegistry().create(
        'common',
        {},
        {},
        { findPackage: findConnectorPackage, from: project },
      ),
    ).toMatchObject({
      from: 'common',
    });
  });

  it('uses the kind a package registered itself on import, even from another copy of core', async () => {
    const connector = await createConnector(
      'self',
      {},
      {},
      { findPackage: findConnectorPackage, from: project },
    );
    expect(connector).toMatchObject({ from: 'self' });
    defaultConnectorRegistry.unregister('self');
  });

  it('refuses a package that exports no factory, and a kind two scopes claim', async () => {
    const registry = new ConnectorRegistry();
    await expect(
      registry.create('empty', {}, {}, { findPackage: findConnectorPackage, from: project }),
    ).rejects.toThrow(/exports no connector factory/);
    await expect(
      registry.create('twice', {}, {}, { findPackage: findConnectorPackage, from: project }),
    ).rejects.toThrow(
      /claimed by several packages \(@one\/neural-connector-twice, @two\/neural-connector-twice\)/,
    );
  });

  it('wraps a factory that throws a plain error, keeping typed errors as they are', async () => {
    const registry = new ConnectorRegistry()
      .register('broken', () => {
        throw new TypeError('boom');
      })
      .register('picky', () => {
        throw InvalidParameterError.fromIssues('credentials', [
          { field: 'apiKey', rule: 'must not be empty' },
        ]);
      });
    await expect(registry.create('broken')).rejects.toMatchObject({ code: 'CONNECTOR_FACTORY_FAILED' });
    await expect(registry.create('picky')).rejects.toThrow(/apiKey: must not be empty/);
  });
});

describe('registerConnector / createConnector', () => {
  it('share one process-wide registry', async () => {
    registerConnector('test-kind', made);
    expect(defaultConnectorRegistry.kinds()).toContain('test-kind');
    expect(await createConnector('test-kind', { apiKey: 'k' })).toMatchObject({
      made: { credentials: { apiKey: 'k' } },
    });
    defaultConnectorRegistry.unregister('test-kind');
  });
});
