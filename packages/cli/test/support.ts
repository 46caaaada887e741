import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockConnector, type MockConnectorOptions } from '@neural/connector-mock';
import { type Clock, ConnectorRegistry } from '@neural/integrations-core';
import type { ManualClock } from '@neural/integrations-core/testing';
import { type CliIo, registerBuiltInConnectors, runCli } from '../src/index.js';

/** A stream that keeps what is written. */
export class Capture {
  text = '';
  constructor(
    readonly isTTY = false,
    readonly columns = 100,
  ) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** What one run of `neural` printed and exited with. */
export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** A throwaway NEURAL_HOME and working folder, removed by `cleanup`. */
export function scratch(): { home: string; cwd: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'neural-cli-'));
  return {
    home: join(root, 'home'),
    cwd: root,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * A registry whose `mock` kind is one shared MockConnector (made on first use with the profile's options), so
 * state survives from one command to the next as it would on a real platform; the other kinds are the real
 * ones.
 */
export function sharedMockRegistry(options: MockConnectorOptions = {}): {
  registry: ConnectorRegistry;
  mock: () => MockConnector;
} {
  let shared: MockConnector | undefined;
  const registry = new ConnectorRegistry();
  registerBuiltInConnectors(registry);
  registry.register('mock', (credentials, profileOptions) => {
    shared ??= new MockConnector({
      ...(profileOptions as MockConnectorOptions),
      ...options,
      credentials: credentials as { apiKey?: string },
    });
    return shared;
  });
  return { registry, mock: () => shared! };
}

/** Runs `neural` in-process. With `drive`, a manual clock, moves it on whenever the command waits on it. */
export async function neural(
  args: readonly string[],
  io: Partial<CliIo> & { tty?: boolean; drive?: ManualClock } = {},
): Promise<Ran> {
  const stdout = new Capture(io.tty ?? false);
  const stderr = new Capture(false);
  const { tty: _tty, drive, ...rest } = io;
  const running = runCli(args, { stdin: (async function* () {})(), ...rest, stdout, stderr });
  if (drive) {
    let done = false;
    running.finally(() => {
      done = true;
    });
    // Time moves only while the command waits on the clock (a poll interval), never during its real I/O (a
    // journal write), so every run sees the same sequence of statuses.
    while (!done) {
      if (drive.pendingSleepers > 0) await drive.runNext();
      else await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
  const code = await running;
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** An environment for a run: a NEURAL_HOME and nothing inherited (no NO_COLOR, no NEURAL_PLATFORM). */
export function envFor(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { NEURAL_HOME: home, PATH: process.env.PATH ?? '', ...extra };
}

export type { Clock };
