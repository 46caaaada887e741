import { inspect } from 'node:util';
import { z } from 'zod';
import { InvalidParameterError, NotSupportedError, type ParameterIssue } from './errors.js';
import type { JobResult, JobSummary } from './job-result.js';
import { JobStatusSchema } from './job-result.js';
import type { JobStatus } from './job-status.js';
import { assertWithinStructureLimits } from './limits.js';
import { type Logger, redactingLogger, silentLogger } from './logger.js';
import { Redactor } from './redact.js';
import { ResourceConfig, type ResourceConfigInput } from './resource-config.js';
import type { StatusChange, WaitForStatusChangeOptions } from './status-change.js';
import { parseOrThrow, toParameterIssues } from './validation.js';

/** Options every platform call accepts. */
export interface CallOptions {
  /** Aborts the call; it then rejects with `OperationAbortedError`. */
  signal?: AbortSignal | undefined;
}

/** What `submitJob` takes: the seed's keyword arguments as one object. */
export interface SubmitJobRequest extends CallOptions {
  /** The code to run (Python by default on most platforms). */
  code: string;
  /** The resources to ask for; a plain object is validated into a {@link ResourceConfig}. */
  resourceConfig?: ResourceConfig | ResourceConfigInput | undefined;
  /** Environment variables for the job. Names must be valid shell identifiers. */
  environment?: Readonly<Record<string, string>> | undefined;
  /** Packages to install first, as requirement strings (`'numpy>=1.23'`). */
  dependencies?: readonly string[] | undefined;
  /** A human-readable name: letters, digits, `.`, `_` and `-`, at most 128 characters. */
  jobName?: string | undefined;
  /**
   * Makes the submit safe to retry: the same key gives the same job, never a second one (when the connector
   * claims the `idempotency` capability). Generated per call when omitted by helpers that retry.
   */
  idempotencyKey?: string | undefined;
}

/** A {@link SubmitJobRequest} after validation: defaults filled, `resourceConfig` a {@link ResourceConfig}. */
export interface ParsedSubmitJobRequest {
  /** The code to run. */
  readonly code: string;
  /** The validated resources. */
  readonly resourceConfig: ResourceConfig;
  /** Environment variables (empty when none were given). */
  readonly environment: Readonly<Record<string, string>>;
  /** Requirement strings (empty when none were given). */
  readonly dependencies: readonly string[];
  /** The job's name, when one was given. */
  readonly jobName: string | undefined;
  /** The idempotency key, when one was given. */
  readonly idempotencyKey: string | undefined;
  /** The caller's signal. */
  readonly signal: AbortSignal | undefined;
}

/** What `listJobs` takes. */
export interface ListJobsOptions extends CallOptions {
  /** At most this many jobs, newest first. Default 10, at most 1000. */
  limit?: number | undefined;
  /** Only jobs in this status. */
  statusFilter?: JobStatus | undefined;
}

/** What `deployModel` takes besides the model path and endpoint name. */
export interface DeployModelOptions extends CallOptions {
  /** The resources the endpoint runs on. */
  resourceConfig?: ResourceConfig | ResourceConfigInput | undefined;
}

/** What `followLogs` takes. */
export interface FollowLogsOptions extends CallOptions {
  /** Start at this character offset of the log instead of its beginning. */
  fromOffset?: number | undefined;
}

/**
 * Resource usage as the platform reports it. Connectors use the seed's keys where they apply
 * (`totalGpus`, `usedGpus`, `availableGpus`, `totalCpus`, `usedCpus`, `memoryGb`, `runningJobs`) and may add
 * their own.
 */
export type ResourceUsage = Readonly<Record<string, number | string | boolean | null>>;

/** Which optional parts of the contract a connector supports. */
export interface ConnectorCapabilities {
  /** `deployModel()` works. */
  readonly deployModel: boolean;
  /** `deleteEndpoint()` works. */
  readonly deleteEndpoint: boolean;
  /** `uploadFile()` works. */
  readonly uploadFile: boolean;
  /** `downloadFile()` works. */
  readonly downloadFile: boolean;
  /** `getResourceUsage()` works. */
  readonly getResourceUsage: boolean;
  /** `followLogs()` streams logs until the job ends. */
  readonly followLogs: boolean;
  /** `submitJob()` honours `idempotencyKey`: the same key never makes a second job. */
  readonly idempotency: boolean;
  /** `waitForStatusChange()` waits for a status change on the platform's side (a long-poll, a watch). */
  readonly waitForStatusChange: boolean;
}

/** The optional methods of the contract, by name. */
export const OPTIONAL_METHODS = [
  'deployModel',
  'deleteEndpoint',
  'uploadFile',
  'downloadFile',
  'getResourceUsage',
  'followLogs',
  'waitForStatusChange',
] as const;

/** The name of one optional method. */
export type OptionalMethod = (typeof OPTIONAL_METHODS)[number];

/**
 * The contract, as an interface: what every helper and the conformance suite accept. `BaseConnector`
 * implements it; a connector that does not subclass (or loaded its own copy of this package) can too.
 */
export interface Connector {
  /** Which optional methods work. */
  readonly capabilities: ConnectorCapabilities;
  /** Checks the credentials with the platform: `true` when accepted, `false` when refused. */
  authenticate(options?: CallOptions): Promise<boolean>;
  /** Submits a job and returns its id. */
  submitJob(request: SubmitJobRequest): Promise<string>;
  /** The job's current status. Throws `JobNotFoundError` for an unknown id. */
  getJobStatus(jobId: string, options?: CallOptions): Promise<JobStatus>;
  /** The job's result so far (final once the status is terminal). */
  getJobResult(jobId: string, options?: CallOptions): Promise<JobResult>;
  /** Cancels a pending or running job: `true` when it was stopped, `false` when it had already finished. */
  cancelJob(jobId: string, options?: CallOptions): Promise<boolean>;
  /** Recent jobs, newest first. */
  listJobs(options?: ListJobsOptions): Promise<JobSummary[]>;
  /** The job's logs so far. */
  getLogs(jobId: string, options?: CallOptions): Promise<string>;
  /** Deploys a model as an endpoint; returns the endpoint's URL. */
  deployModel?(modelPath: string, endpointName: string, options?: DeployModelOptions): Promise<string>;
  /** Deletes an endpoint: `true` when it existed. */
  deleteEndpoint?(endpointName: string, options?: CallOptions): Promise<boolean>;
  /** Uploads a local file to the platform. */
  uploadFile?(localPath: string, remotePath: string, options?: CallOptions): Promise<boolean>;
  /** Downloads a platform file to a local path. */
  downloadFile?(remotePath: string, localPath: string, options?: CallOptions): Promise<boolean>;
  /** The platform's resource usage. */
  getResourceUsage?(options?: CallOptions): Promise<ResourceUsage>;
  /** Streams the job's logs as they are written; ends when the job ends, throws if the stream breaks first. */
  followLogs?(jobId: string, options?: FollowLogsOptions): AsyncIterable<string>;
  /**
   * Resolves as soon as the job's status differs from `options.since` (`changed: true`), or once
   * `options.timeoutMs` has passed without a change (`changed: false`, the status still `since`). Never reports
   * the status it was given as a change. Throws `JobNotFoundError` for an unknown id.
   */
  waitForStatusChange?(jobId: string, options: WaitForStatusChangeOptions): Promise<StatusChange>;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The zod schema of a {@link SubmitJobRequest}. */
export const SubmitJobRequestSchema = z.strictObject({
  code: z
    .string({ error: 'must be a string of code' })
    .refine((code) => code.trim().length > 0, 'must not be empty'),
  resourceConfig: z.unknown().optional(),
  environment: z
    .record(
      z
        .string()
        .regex(
          ENV_NAME,
          'environment variable names must be letters, digits and _, not starting with a digit',
        ),
      z.string({ error: 'environment values must be strings' }),
    )
    .optional(),
  dependencies: z
    .array(z.string().min(1, 'must not be empty').max(512, 'must be at most 512 characters'), {
      error: 'must be an array of requirement strings',
    })
    .optional(),
  jobName: z
    .string()
    .max(128, 'must be at most 128 characters')
    .regex(JOB_NAME, 'must start with a letter or digit and hold only letters, digits, ".", "_" and "-"')
    .optional(),
  idempotencyKey: z
    .string()
    .min(1, 'must not be empty')
    .max(255, 'must be at most 255 characters')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
  signal: z.instanceof(AbortSignal).optional(),
});

const SUBMIT_KEYS = Object.keys(SubmitJobRequestSchema.shape);

/**
 * Validates a `submitJob` request before anything is sent: throws `InvalidParameterError` naming every bad
 * field (including those inside `resourceConfig`), and returns it with defaults filled.
 */
export function parseSubmitJobRequest(request: SubmitJobRequest): ParsedSubmitJobRequest {
  // What this function returned is valid by construction: a connector handed it (by batchSubmitJobs) does not
  // validate it a second time. Only this module can add to the set, so nothing else passes for validated.
  if (typeof request === 'object' && request !== null && validatedRequests.has(request)) {
    return request as unknown as ParsedSubmitJobRequest;
  }
  const subject = 'submitJob request';
  // Depth first: a deeply nested field would overflow the stack of the validation and cloning below.
  assertWithinStructureLimits(request, subject);
  const checked = SubmitJobRequestSchema.safeParse(request);
  const issues: ParameterIssue[] = checked.success
    ? []
    : toParameterIssues(checked.error, request, { knownKeys: SUBMIT_KEYS });
  // The resource config is checked even when other fields are bad, so one error names every bad field.
  const rawConfig =
    request !== null && typeof request === 'object'
      ? (request as { resourceConfig?: unknown }).resourceConfig
      : undefined;
  let resourceConfig: ResourceConfig | undefined;
  try {
    resourceConfig = ResourceConfig.from(rawConfig as ResourceConfigInput | undefined);
  } catch (error) {
    if (!InvalidParameterError.isInstance(error)) throw error;
    for (const issue of error.issues) {
      issues.push({
        field: issue.field ? `resourceConfig.${issue.field}` : 'resourceConfig',
        rule: issue.rule,
      });
    }
  }
  if (!checked.success || resourceConfig === undefined)
    throw InvalidParameterError.fromIssues(subject, issues);
  const parsed = checked.data;
  return markValidated({
    code: parsed.code,
    resourceConfig,
    environment: Object.freeze({ ...(parsed.environment ?? {}) }),
    dependencies: Object.freeze([...(parsed.dependencies ?? [])]),
    jobName: parsed.jobName,
    idempotencyKey: parsed.idempotencyKey,
    signal: parsed.signal,
  });
}

/** Requests {@link parseSubmitJobRequest} produced (frozen): parsing one again returns it as it is. */
const validatedRequests = new WeakSet<object>();

function markValidated(request: ParsedSubmitJobRequest): ParsedSubmitJobRequest {
  const frozen = Object.freeze(request);
  validatedRequests.add(frozen);
  return frozen;
}

/**
 * A validated request with the idempotency key and signal of one call, still validated: how `batchSubmitJobs`
 * hands a job it already checked to `submitJob` without a second validation. The key is checked here, so a
 * malformed one never reaches a connector either. Internal to the package (not exported from its entry).
 */
export function withCallIdentity(
  request: ParsedSubmitJobRequest,
  idempotencyKey: string,
  signal: AbortSignal | undefined,
): ParsedSubmitJobRequest {
  const key = SubmitJobRequestSchema.shape.idempotencyKey.safeParse(idempotencyKey);
  if (!key.success) {
    throw InvalidParameterError.fromIssues('submitJob request', [
      {
        field: 'idempotencyKey',
        rule: key.error.issues[0]?.message ?? 'must be printable ASCII without spaces',
      },
    ]);
  }
  return markValidated({ ...request, idempotencyKey: key.data, signal });
}

/** The zod schema of {@link ListJobsOptions}. */
export const ListJobsOptionsSchema = z.strictObject({
  limit: z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .optional(),
  statusFilter: JobStatusSchema.optional(),
  signal: z.instanceof(AbortSignal).optional(),
});

const LIST_JOBS_KEYS = Object.keys(ListJobsOptionsSchema.shape);

/** Validates `listJobs` options and fills the default limit (10). */
export function parseListJobsOptions(options: ListJobsOptions = {}): {
  limit: number;
  statusFilter: JobStatus | undefined;
  signal: AbortSignal | undefined;
} {
  const parsed = parseOrThrow(ListJobsOptionsSchema, options, 'listJobs options', {
    knownKeys: LIST_JOBS_KEYS,
  });
  return { limit: parsed.limit ?? 10, statusFilter: parsed.statusFilter, signal: parsed.signal };
}

/** Throws `InvalidParameterError` unless `jobId` is a non-empty string of at most 256 characters. */
export function assertJobId(jobId: unknown, field = 'jobId'): asserts jobId is string {
  if (typeof jobId !== 'string' || jobId.trim().length === 0 || jobId.length > 256) {
    throw InvalidParameterError.fromIssues(field, [
      { field, rule: 'must be a non-empty string of at most 256 characters' },
    ]);
  }
}

/**
 * The capabilities of any connector: its own `capabilities` when it declares them, otherwise derived from
 * which optional methods it has.
 */
export function getCapabilities(
  connector: Connector | Omit<Connector, 'capabilities'>,
): ConnectorCapabilities {
  const declared = (connector as Partial<Connector>).capabilities;
  if (declared) return declared;
  const has = (name: OptionalMethod) => typeof (connector as Record<string, unknown>)[name] === 'function';
  return Object.freeze({
    deployModel: has('deployModel'),
    deleteEndpoint: has('deleteEndpoint'),
    uploadFile: has('uploadFile'),
    downloadFile: has('downloadFile'),
    getResourceUsage: has('getResourceUsage'),
    followLogs: has('followLogs'),
    idempotency: false,
    waitForStatusChange: has('waitForStatusChange'),
  });
}

/** Every method of the contract: the ones whose errors `BaseConnector` scrubs of secrets. */
const CONTRACT_METHODS = [
  'authenticate',
  'submitJob',
  'getJobStatus',
  'getJobResult',
  'cancelJob',
  'listJobs',
  'getLogs',
  ...OPTIONAL_METHODS,
] as const;

const CONTRACT_METHOD_NAMES: ReadonlySet<string> = new Set(CONTRACT_METHODS);

/** Every wrapper made by {@link scrubbingWrapper}, so none is wrapped twice. */
const scrubbingWrappers = new WeakSet<object>();

/**
 * `method`, calling through to the same code with `self` as `this`, but with anything it throws (or rejects
 * with, or a stream of it breaks with) scrubbed by `redactor`.
 */
function scrubbingWrapper(
  name: string,
  method: (...args: unknown[]) => unknown,
  self: object,
  redactor: Redactor,
): (...args: unknown[]) => unknown {
  const scrub = (error: unknown) => redactor.redactError(error);
  const wrapped =
    name === 'followLogs'
      ? async function* (...args: unknown[]) {
          try {
            yield* method.apply(self, args) as AsyncIterable<string>;
          } catch (error) {
            throw scrub(error);
          }
        }
      : (...args: unknown[]) => {
          try {
            const result = method.apply(self, args);
            return result instanceof Promise
              ? result.catch((error: unknown) => {
                  throw scrub(error);
                })
              : result;
          } catch (error) {
            throw scrub(error);
          }
        };
  scrubbingWrappers.add(wrapped);
  return wrapped;
}

/** What a `BaseConnector` keeps out of reach of its subclasses, by instance (the object and its proxy). */
interface ConnectorState {
  readonly credentials: object;
  readonly credentialsSchema: z.ZodType | undefined;
  /** Contract methods defined on the instance itself (class fields, assignments): overrides, too. */
  readonly ownMethods: Set<string>;
}

const connectorStates = new WeakMap<object, ConnectorState>();

function stateOf(connector: object): ConnectorState {
  const state = connectorStates.get(connector);
  if (!state) throw new TypeError('Not a BaseConnector made by its constructor');
  return state;
}

/** What every `BaseConnector` constructor accepts besides credentials. */
export interface ConnectorOptions {
  /** Where the connector logs its operations; silent by default. Secrets are redacted before it sees them. */
  logger?: Logger | undefined;
}

/**
 * The abstract class of the seed: extend it, implement the seven required methods, override the optional ones
 * your platform has. Optional methods throw `NotSupportedError` until overridden, and {@link capabilities} is
 * derived from which ones you override (declare more, such as `idempotency`, with `declaredCapabilities`).
 *
 * Credentials are validated by `credentialsSchema` when given, kept out of `JSON.stringify` and
 * `util.inspect`, and their secret fields are registered with the connector's {@link Redactor}, which scrubs
 * every log line.
 *
 * @example
 * ```ts
 * class MyPlatformConnector extends BaseConnector<{ apiKey: string; endpoint: string }> {
 *   async authenticate() { … }
 *   async submitJob(request: SubmitJobRequest) {
 *     const job = parseSubmitJobRequest(request);
 *     …
 *   }
 *   …
 * }
 * ```
 */
export abstract class BaseConnector<Credentials extends object = Record<string, unknown>>
  implements Connector
{
  /** Scrubs this connector's secrets from text and values; register tokens you obtain with `redactor.add()`. */
  protected readonly redactor: Redactor;
  /** The logger, already redacting. */
  protected readonly logger: Logger;
  /** Whether `authenticate()` last succeeded (set it in your `authenticate`). */
  authenticated = false;
  /** Capabilities the methods cannot show (such as `idempotency`), merged over the derived ones. */
  protected declaredCapabilities: Partial<ConnectorCapabilities> = {};

  constructor(
    credentials: Credentials,
    options: ConnectorOptions & { credentialsSchema?: z.ZodType<Credentials> | undefined } = {},
  ) {
    this.redactor = new Redactor().addCredentials(credentials);
    const state: ConnectorState = {
      credentials: Object.freeze(
        options.credentialsSchema
          ? parseOrThrow(options.credentialsSchema, credentials, 'credentials', { redactValues: true })
          : { ...credentials },
      ),
      credentialsSchema: options.credentialsSchema,
      ownMethods: new Set(),
    };
    this.logger = redactingLogger(options.logger ?? silentLogger, this.redactor);
    // A proxy, so that contract methods defined after this constructor has run (a subclass's class fields,
    // which are defined on the object `super()` returns, or a later assignment) are wrapped as they are
    // defined. Without a `get` trap, reads go straight to the object.
    const redactor = this.redactor;
    const proxy: this = new Proxy(this, {
      defineProperty(target, key, descriptor) {
        if (
          typeof key === 'string' &&
          CONTRACT_METHOD_NAMES.has(key) &&
          typeof descriptor.value === 'function' &&
          !scrubbingWrappers.has(descriptor.value)
        ) {
          state.ownMethods.add(key);
          const value = scrubbingWrapper(key, descriptor.value, proxy, redactor);
          return Reflect.defineProperty(target, key, { ...descriptor, value });
        }
        return Reflect.defineProperty(target, key, descriptor);
      },
      deleteProperty(target, key) {
        const deleted = Reflect.deleteProperty(target, key);
        // The prototype's method shows through again: wrapped like the others.
        if (deleted && typeof key === 'string' && CONTRACT_METHOD_NAMES.has(key)) {
          state.ownMethods.delete(key);
          wrapInherited(target, key);
        }
        return deleted;
      },
    });
    const wrapInherited = (target: object, name: string) => {
      const method = (target as Record<string, unknown>)[name];
      if (typeof method !== 'function') return;
      Object.defineProperty(target, name, {
        value: scrubbingWrapper(name, method as (...args: unknown[]) => unknown, proxy, redactor),
        writable: true,
        configurable: true,
        enumerable: false,
      });
    };
    // The prototype chain's methods (this class, a subclass, a subclass of a subclass) are wrapped now, as
    // own non-enumerable properties; the prototype keeps them, which is what {@link capabilities} looks at.
    for (const name of CONTRACT_METHODS) wrapInherited(this, name);
    connectorStates.set(this, state);
    connectorStates.set(proxy, state);
    // biome-ignore lint/correctness/noConstructorReturn: the proxy is what wraps methods defined later.
    return proxy;
  }

  /** The credentials this connector was made with (validated, frozen). Never serialised or inspected. */
  protected get credentials(): Readonly<Credentials> {
    return stateOf(this).credentials as Readonly<Credentials>;
  }

  /**
   * Whether the credentials are well-formed by this connector's `credentialsSchema` (always `true` without
   * one). A cheap local check, run before anything is sent; `authenticate()` asks the platform.
   */
  validateCredentials(): boolean {
    const { credentialsSchema, credentials } = stateOf(this);
    return credentialsSchema ? credentialsSchema.safeParse(credentials).success : true;
  }

  /** Which optional methods work: derived from the ones this class overrides, plus `declaredCapabilities`. */
  get capabilities(): ConnectorCapabilities {
    // Looked up on the prototype chain, past the error-scrubbing wrappers the constructor puts on the instance.
    // A method defined on the instance (a class field, an assignment) counts as an override too.
    const { ownMethods } = stateOf(this);
    const overridden = (name: OptionalMethod) => {
      if (ownMethods.has(name)) return true;
      return (
        (Object.getPrototypeOf(this) as Record<string, unknown>)[name] !==
        (BaseConnector.prototype as unknown as Record<string, unknown>)[name]
      );
    };
    return Object.freeze({
      deployModel: overridden('deployModel'),
      deleteEndpoint: overridden('deleteEndpoint'),
      uploadFile: overridden('uploadFile'),
      downloadFile: overridden('downloadFile'),
      getResourceUsage: overridden('getResourceUsage'),
      followLogs: overridden('followLogs'),
      idempotency: false,
      waitForStatusChange: overridden('waitForStatusChange'),
      ...this.declaredCapabilities,
    });
  }

  /** Checks the credentials with the platform: `true` when accepted, `false` when refused. */
  abstract authenticate(options?: CallOptions): Promise<boolean>;
  /** Submits a job and returns its id. Validate with `parseSubmitJobRequest` first. */
  abstract submitJob(request: SubmitJobRequest): Promise<string>;
  /** The job's current status. */
  abstract getJobStatus(jobId: string, options?: CallOptions): Promise<JobStatus>;
  /** The job's result so far. */
  abstract getJobResult(jobId: string, options?: CallOptions): Promise<JobResult>;
  /** Cancels a job: `true` when it was stopped, `false` when it had already finished. */
  abstract cancelJob(jobId: string, options?: CallOptions): Promise<boolean>;
  /** Recent jobs, newest first. Validate with `parseListJobsOptions` first. */
  abstract listJobs(options?: ListJobsOptions): Promise<JobSummary[]>;
  /** The job's logs so far. */
  abstract getLogs(jobId: string, options?: CallOptions): Promise<string>;

  /** Deploys a model as an endpoint. Throws `NotSupportedError` unless overridden. */
  async deployModel(
    _modelPath: string,
    _endpointName: string,
    _options?: DeployModelOptions,
  ): Promise<string> {
    throw this.notSupported('deployModel');
  }
  /** Deletes an endpoint. Throws `NotSupportedError` unless overridden. */
  async deleteEndpoint(_endpointName: string, _options?: CallOptions): Promise<boolean> {
    throw this.notSupported('deleteEndpoint');
  }
  /** Uploads a file. Throws `NotSupportedError` unless overridden. */
  async uploadFile(_localPath: string, _remotePath: string, _options?: CallOptions): Promise<boolean> {
    throw this.notSupported('uploadFile');
  }
  /** Downloads a file. Throws `NotSupportedError` unless overridden. */
  async downloadFile(_remotePath: string, _localPath: string, _options?: CallOptions): Promise<boolean> {
    throw this.notSupported('downloadFile');
  }
  /** Reports resource usage. Throws `NotSupportedError` unless overridden. */
  async getResourceUsage(_options?: CallOptions): Promise<ResourceUsage> {
    throw this.notSupported('getResourceUsage');
  }
  /** Streams logs until the job ends. Throws `NotSupportedError` (on first iteration) unless overridden. */
  // biome-ignore lint/correctness/useYield: the default implementation only refuses.
  async *followLogs(_jobId: string, _options?: FollowLogsOptions): AsyncIterable<string> {
    throw this.notSupported('followLogs');
  }

  /** Waits for the job's status to change. Throws `NotSupportedError` unless overridden. */
  async waitForStatusChange(_jobId: string, _options: WaitForStatusChangeOptions): Promise<StatusChange> {
    throw this.notSupported('waitForStatusChange');
  }

  /** A `NotSupportedError` naming this connector and `method`. */
  protected notSupported(method: OptionalMethod): NotSupportedError {
    return new NotSupportedError(method, { connector: this.constructor.name });
  }

  /** A secret-free description: the class, its capabilities, and the credentials with secrets redacted. */
  toJSON(): Record<string, unknown> {
    return {
      connector: this.constructor.name,
      authenticated: this.authenticated,
      capabilities: this.capabilities,
      credentials: this.redactor.redactValue(stateOf(this).credentials),
    };
  }

  /** `util.inspect` (and `console.log`) show the same secret-free description as `toJSON`. */
  [inspect.custom](): string {
    return `${this.constructor.name} ${inspect(this.toJSON(), { depth: 4 })}`;
  }
}
