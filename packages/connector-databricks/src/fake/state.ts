/** The fake workspace's state, shared by the modules that answer each part of the API. */
import type { ResolvedFakeOptions } from './options.js';
import type { FakeRunRecord } from './run.js';

/** A workspace file, notebook or folder. */
export interface WorkspaceObject {
  readonly objectType: 'NOTEBOOK' | 'FILE' | 'DIRECTORY';
  readonly content: string;
  readonly language?: string | undefined;
}

/** A Model Serving endpoint. */
export interface Endpoint {
  readonly name: string;
  readonly id: string;
  readonly createdAt: number;
  readonly config: Readonly<Record<string, unknown>>;
}

/** Everything the simulated workspace holds; time is read from the options' injected clock. */
export interface FakeWorkspaceState {
  readonly options: ResolvedFakeOptions;
  readonly runs: Map<number, FakeRunRecord>;
  readonly taskRuns: Map<number, FakeRunRecord>;
  readonly workspace: Map<string, WorkspaceObject>;
  readonly files: Map<string, Uint8Array>;
  readonly endpoints: Map<string, Endpoint>;
  /** OAuth access tokens and when each expires (epoch ms). */
  readonly oauthTokens: Map<string, number>;
  /** The next parent run id; its task run takes the one after. */
  nextRunId: number;
  now(): number;
}

/** An empty workspace (only the root folder). */
export function createFakeWorkspaceState(options: ResolvedFakeOptions): FakeWorkspaceState {
  return {
    options,
    runs: new Map(),
    taskRuns: new Map(),
    workspace: new Map([['/', { objectType: 'DIRECTORY', content: '' }]]),
    files: new Map(),
    endpoints: new Map(),
    oauthTokens: new Map(),
    nextRunId: 1_000_000,
    now: () => options.clock.now(),
  };
}

/** A JSON object. */
export type Json = Record<string, unknown>;

/** Whether `value` is a JSON object (not an array, not null). */
export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
