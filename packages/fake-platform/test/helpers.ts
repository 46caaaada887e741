import { createManualClock, type ManualClock } from '@neural/integrations-core/testing';
import type { FakePlatformModel, FakePlatformOptions } from '../src/index.js';

/** A running platform under test, whichever transport serves it. */
export interface Harness {
  url: string;
  apiKey: string;
  model: FakePlatformModel;
  clock: ManualClock;
  close(): Promise<void>;
}

/** Starts a platform with `options` (a manual clock is added) over some transport. */
export type StartPlatform = (
  options: FakePlatformOptions & { clock: ManualClock },
) => Promise<Omit<Harness, 'clock'>>;

export const API_KEY = 'test-api-key-0123456789';

export async function start(
  startPlatform: StartPlatform,
  options: FakePlatformOptions = {},
): Promise<Harness> {
  const clock = createManualClock();
  const platform = await startPlatform({ apiKey: API_KEY, ...options, clock });
  return { ...platform, clock };
}

export interface CallInit {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  token?: string | null;
  signal?: AbortSignal;
}

/** A tiny client: JSON bodies, an optional bearer token. */
export function client(h: Pick<Harness, 'url' | 'apiKey'>) {
  let cached: string | undefined;
  const call = (path: string, init: CallInit = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body: RequestInit['body'];
    if (
      init.body instanceof ReadableStream ||
      typeof init.body === 'string' ||
      init.body instanceof Uint8Array
    ) {
      body = init.body as RequestInit['body'];
    } else if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] = 'application/json';
    }
    return fetch(`${h.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      signal: init.signal,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
  };
  const token = async (): Promise<string> => {
    const res = await call('/v1/auth/token', { body: { apiKey: h.apiKey } });
    if (res.status !== 200) throw new Error(`token exchange answered ${res.status}`);
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  const authed = async (path: string, init: CallInit = {}) => {
    cached ??= await token();
    return call(path, { token: cached, ...init });
  };
  return { call, token, authed };
}

/** Yields to the event loop until `predicate` holds (no wall-clock sleeping); fails after many turns. */
export async function until(predicate: () => boolean, turns = 2_000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (predicate()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error('condition not reached');
}

/** Whether `promise` has settled, after letting pending I/O and microtasks run. */
export async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  return settled;
}

/** Reads an NDJSON body line by line. */
export async function* ndjson(response: Response): AsyncGenerator<Record<string, unknown>> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line.trim()) yield JSON.parse(line) as Record<string, unknown>;
      newline = buffer.indexOf('\n');
    }
  }
  if (buffer.trim()) yield JSON.parse(buffer) as Record<string, unknown>;
}

export async function expectProblem(res: Response, status: number, code: string) {
  const body = (await res.json()) as {
    code: string;
    status: number;
    errors?: Array<{ field: string; rule: string }>;
  };
  if (
    res.status !== status ||
    body.code !== code ||
    res.headers.get('content-type') !== 'application/problem+json'
  ) {
    throw new Error(
      `expected ${status} ${code} problem+json, got ${res.status} ${body.code} ${res.headers.get('content-type')}`,
    );
  }
  return body;
}
