import type { FakeAwsAccount } from './account.js';
import type { Json } from './json.js';
import type { AwsFaultKind, ResolvedFakeAwsOptions } from './options.js';

/** One request the fake received: which service and operation, whether a fault was injected, what it answered. */
export interface AwsRequestRecord {
  readonly service: 'sagemaker' | 'logs' | 'servicequotas' | 's3';
  readonly operation: string;
  readonly fault: AwsFaultKind | undefined;
  readonly status: number;
  /** The JSON request body (JSON protocols only), for tests that check what the client sent. */
  readonly input: { [key: string]: Json } | undefined;
  /** The JSON answer (JSON protocols only). */
  readonly output: Json | undefined;
}

/** What each protocol's answering shares: the account, the options, the request log and the fault dice. */
export interface FakeAwsContext {
  readonly account: FakeAwsAccount;
  readonly options: ResolvedFakeAwsOptions;
  /** The path of `url`, without a trailing slash: S3's buckets are addressed below it. */
  readonly basePath: string;
  record(entry: AwsRequestRecord): void;
  /** The fault to inject into this request, if the dice say so. */
  pickFault(): AwsFaultKind | undefined;
}
