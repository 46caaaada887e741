import { z } from 'zod';
import type { Connector } from './connector/contract.js';
import { CloudException, InvalidParameterError } from './errors.js';
import { parseOrThrow } from './validation.js';

/**
 * What a {@link ConnectorFactory} receives besides credentials: the connector's own settings (from a profile's
 * defaults, a config file) and anything the caller adds at run time (`logger`, `clock`). The connector's
 * constructor validates them.
 */
export type ConnectorFactoryOptions = Readonly<Record<string, unknown>>;

/**
 * Makes a connector of one kind from plain credentials and options. Factories validate both (a connector's
 * constructor already does) and throw `InvalidParameterError` for bad ones.
 *
 * @example
 * ```ts
 * const factory: ConnectorFactory = (credentials, options) =>
 *   new HttpConnector(credentials as HttpCredentials, options);
 * ```
 */
export type ConnectorFactory = (
  credentials: Readonly<Record<string, unknown>>,
  options: ConnectorFactoryOptions,
) => Connector | Promise<Connector>;

/**
 * A kind and its factory: what a connector package exports (as `connectorRegistration` or as its default
 * export) so a registry can load it by kind.
 */
export interface ConnectorRegistration {
  /** The kind the connector is known by (`http`, `slurm`, `my-platform`). */
  readonly kind: string;
  /** Makes the connector. */
  readonly factory: ConnectorFactory;
}

/** An installed connector package, found and imported by a {@link ConnectorPackageFinder}. */
export interface FoundConnectorPackage {
  /** The package's name (`@neural/connector-http`, `neural-connector-my-platform`). */
  readonly name: string;
  /** What importing it gave. */
  readonly exports: Readonly<Record<string, unknown>>;
}

/**
 * Finds and imports the installed package of a connector kind nobody registered, or resolves `undefined`.
 * Looking through installed packages needs a file system: on Node.js, pass `findConnectorPackage` from
 * `@neural/integrations-core/node`.
 */
export type ConnectorPackageFinder = (
  kind: string,
  from: string | URL | undefined,
) => Promise<FoundConnectorPackage | undefined>;

/** Where {@link ConnectorRegistry.create} looks for a package when a kind is not registered. */
export interface ConnectorLookupOptions {
  /**
   * How a kind nobody registered is looked for among installed packages (`findConnectorPackage` from
   * `@neural/integrations-core/node`). Without it, only registered kinds are found.
   */
  findPackage?: ConnectorPackageFinder | undefined;
  /**
   * The folder (or a file in it) that package resolution starts from, as `node` resolves from a script there;
   * handed to `findPackage`. Default: `process.cwd()`.
   */
  from?: string | URL | undefined;
  /** Do not look for packages: only registered kinds. Default `false`. */
  registeredOnly?: boolean | undefined;
}

/** The zod schema of a connector kind: lower-case letters, digits and `-`, starting with a letter. */
export const ConnectorKindSchema = z
  .string({ error: 'must be a string' })
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and "-", starting with a letter');

const FactorySchema = z.custom<ConnectorFactory>(
  (value) => typeof value === 'function',
  'must be a function (credentials, options) => Connector',
);

const unknownConnectorMarker = Symbol.for('@neural/integrations-core/error/UnknownConnectorError');

/** What {@link UnknownConnectorError} says beyond the kind and the registered kinds. */
export interface UnknownConnectorErrorOptions {
  /** The package names that were looked for and not found. */
  readonly searched?: readonly string[] | undefined;
  /**
   * No package was looked for, because no `findPackage` was given: the message says how to look for one, so
   * an installed package that was never looked for does not read as missing.
   */
  readonly notLookedFor?: boolean | undefined;
}

/** How a caller makes the registry look among installed packages, named where a lookup was not asked for. */
const FIND_PACKAGE_HINT =
  'installed connector packages are only found when `lookup.findPackage` is given: pass `findConnectorPackage` from `@neural/integrations-core/node`';

/**
 * No connector is registered or installed under a kind. Names the kinds that are, the package names that
 * were looked for, or, when none was, how to look for them.
 */
export class UnknownConnectorError extends InvalidParameterError {
  protected readonly [unknownConnectorMarker] = true;
  /** The kind asked for. */
  readonly kind: string;
  /** The kinds registered when it was asked for. */
  readonly installed: readonly string[];

  constructor(kind: string, installed: readonly string[], options: UnknownConnectorErrorOptions = {}) {
    const known = installed.length > 0 ? installed.join(', ') : 'none';
    const searched = options.searched ?? [];
    const looked = searched.length > 0 ? `; no package ${searched.join(' or ')} was found` : '';
    const hint = options.notLookedFor ? `; ${FIND_PACKAGE_HINT}` : '';
    super(`Unknown connector kind "${kind}" (installed: ${known})${looked}${hint}`, {
      code: 'UNKNOWN_CONNECTOR',
      issues: [
        {
          field: 'kind',
          rule: `must be one of: ${known} (or an installed neural-connector-<kind> package${
            options.notLookedFor ? ', found with `lookup.findPackage`' : ''
          })`,
        },
      ],
    });
    this.kind = kind;
    this.installed = Object.freeze([...installed]);
  }

  /** Whether `value` is an `UnknownConnectorError` from any copy of this package. */
  static override isInstance(value: unknown): value is UnknownConnectorError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[unknownConnectorMarker] === true
    );
  }
}

/** The package names a kind is looked up under, in order: the reference connectors', then third-party ones. */
export function connectorPackageNames(kind: string): { exact: readonly string[]; scopedSuffix: string } {
  return {
    exact: [`@neural/connector-${kind}`, `neural-connector-${kind}`],
    scopedSuffix: `neural-connector-${kind}`,
  };
}

/**
 * Connector kinds and their factories: the one way tools (the `neural` CLI, config files) turn a name into a
 * connector. A kind that is not registered is looked for as an installed package, see {@link ConnectorRegistry.load}.
 *
 * @example
 * ```ts
 * const registry = new ConnectorRegistry();
 * registry.register('mock', (credentials, options) => new MockConnector({ ...options, credentials }));
 * const connector = await registry.create('mock', { apiKey: 'k' }, { durationMs: 10 });
 * ```
 */
export class ConnectorRegistry {
  readonly #factories: Map<string, ConnectorFactory>;

  /** @param factories - the map to keep kinds in (the default registry shares one across package copies). */
  constructor(factories: Map<string, ConnectorFactory> = new Map()) {
    this.#factories = factories;
  }

  /** Registers (or replaces) the factory of a kind. Throws `InvalidParameterError` for a bad kind or factory. */
  register(kind: string, factory: ConnectorFactory): this {
    const checked = parseOrThrow(ConnectorKindSchema, kind, 'connector kind', { prefix: 'kind' });
    parseOrThrow(FactorySchema, factory, 'connector factory', { prefix: 'factory' });
    this.#factories.set(checked, factory);
    return this;
  }

  /** Removes a kind; `true` when it was registered. */
  unregister(kind: string): boolean {
    return this.#factories.delete(kind);
  }

  /** Whether a kind is registered (packages not yet loaded are not counted). */
  has(kind: string): boolean {
    return this.#factories.has(kind);
  }

  /** The registered kinds, sorted. */
  kinds(): string[] {
    return [...this.#factories.keys()].sort();
  }

  /**
   * Finds and loads the package of a kind that is not registered, and registers it. `findPackage` (on Node.js,
   * `findConnectorPackage` from `@neural/integrations-core/node`) looks, from `from`, for
   * `@neural/connector-<kind>`, `neural-connector-<kind>` and `@<any scope>/neural-connector-<kind>` and
   * imports it; the registry takes the first of: the kind it registered itself on import; its
   * `connectorRegistration` or `connectorFactory` export; its default export (a registration or a factory).
   *
   * @throws UnknownConnectorError when no package is found (or no `findPackage` was given); InvalidParameterError
   * when two scoped packages claim the kind or the package exports no factory.
   */
  async load(
    kind: string,
    options: Pick<ConnectorLookupOptions, 'from' | 'findPackage'> = {},
  ): Promise<ConnectorFactory> {
    const checked = parseOrThrow(ConnectorKindSchema, kind, 'connector kind', { prefix: 'kind' });
    const registered = this.#factories.get(checked);
    if (registered) return registered;
    if (options.findPackage === undefined) {
      throw new UnknownConnectorError(checked, this.kinds(), { notLookedFor: true });
    }
    const names = connectorPackageNames(checked);
    const found = await options.findPackage(checked, options.from);
    if (!found) {
      throw new UnknownConnectorError(checked, this.kinds(), {
        searched: [...names.exact, `@<scope>/${names.scopedSuffix}`],
      });
    }
    const selfRegistered = this.#factories.get(checked);
    if (selfRegistered) return selfRegistered;
    const factory = factoryFromModule(found.exports, checked);
    if (!factory) {
      throw new InvalidParameterError(
        `Package ${found.name} was found for connector kind "${checked}" but exports no connector factory`,
        {
          code: 'CONNECTOR_PACKAGE_INVALID',
          issues: [
            {
              field: 'kind',
              rule: `package ${found.name} must export connectorRegistration, connectorFactory or a default factory`,
            },
          ],
        },
      );
    }
    this.#factories.set(checked, factory);
    return factory;
  }

  /**
   * Makes a connector of a kind: the registered factory, or the one loaded from an installed package (see
   * {@link load}). Credentials and options are passed to the factory, which validates them.
   *
   * @throws UnknownConnectorError for a kind neither registered nor installed.
   */
  async create(
    kind: string,
    credentials: Readonly<Record<string, unknown>> = {},
    options: ConnectorFactoryOptions = {},
    lookup: ConnectorLookupOptions = {},
  ): Promise<Connector> {
    const checked = parseOrThrow(ConnectorKindSchema, kind, 'connector kind', { prefix: 'kind' });
    const factory =
      this.#factories.get(checked) ??
      (lookup.registeredOnly
        ? (() => {
            throw new UnknownConnectorError(checked, this.kinds());
          })()
        : await this.load(checked, lookup));
    try {
      return await factory(credentials, options);
    } catch (error) {
      if (CloudException.isInstance(error)) throw error;
      throw new CloudException(
        `The "${checked}" connector factory failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error, code: 'CONNECTOR_FACTORY_FAILED' },
      );
    }
  }
}

function factoryFromModule(
  module: Readonly<Record<string, unknown>>,
  kind: string,
): ConnectorFactory | undefined {
  const candidates = [module.connectorRegistration, module.connectorFactory, module.default];
  // A CommonJS package imported as ESM puts its exports under `default`.
  const inner = module.default;
  if (inner !== null && typeof inner === 'object') {
    const exports = inner as Record<string, unknown>;
    candidates.push(exports.connectorRegistration, exports.connectorFactory, exports.default);
  }
  for (const candidate of candidates) {
    if (typeof candidate === 'function') return candidate as ConnectorFactory;
    if (candidate !== null && typeof candidate === 'object') {
      const registration = candidate as Partial<ConnectorRegistration>;
      if (typeof registration.factory === 'function' && (registration.kind ?? kind) === kind) {
        return registration.factory;
      }
    }
  }
  return undefined;
}

const REGISTRY_KEY = Symbol.for('@neural/integrations-core/connector-registry');

/**
 * The process-wide registry behind {@link registerConnector} and {@link createConnector}. Its kinds live on
 * `globalThis`, so an ESM and a CommonJS copy of this package (or two installed copies) share them.
 */
export const defaultConnectorRegistry: ConnectorRegistry = (() => {
  const holder = globalThis as Record<symbol, unknown>;
  const existing = holder[REGISTRY_KEY];
  const factories = existing instanceof Map ? (existing as Map<string, ConnectorFactory>) : new Map();
  holder[REGISTRY_KEY] = factories;
  return new ConnectorRegistry(factories);
})();

/**
 * Registers a connector kind in the process-wide registry, so {@link createConnector} (and the `neural` CLI)
 * can make it by name.
 *
 * @example
 * ```ts
 * registerConnector('my-platform', (credentials, options) => new MyPlatformConnector(credentials, options));
 * ```
 */
export function registerConnector(kind: string, factory: ConnectorFactory): void {
  defaultConnectorRegistry.register(kind, factory);
}

/**
 * Makes a connector by kind from the process-wide registry; with `lookup.findPackage`, a kind not registered
 * is loaded from an installed package (`@neural/connector-<kind>`, `neural-connector-<kind>`,
 * `@scope/neural-connector-<kind>`), resolved from `lookup.from` (default the current folder).
 *
 * @throws UnknownConnectorError naming the installed kinds when none matches.
 * @example
 * ```ts
 * const connector = await createConnector('http', { apiKey, endpoint: 'https://ml.example.com' }, {}, {
 *   findPackage: findConnectorPackage, // from '@neural/integrations-core/node'
 * });
 * ```
 */
export function createConnector(
  kind: string,
  credentials: Readonly<Record<string, unknown>> = {},
  options: ConnectorFactoryOptions = {},
  lookup: ConnectorLookupOptions = {},
): Promise<Connector> {
  return defaultConnectorRegistry.create(kind, credentials, options, lookup);
}
