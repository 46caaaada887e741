/**
 * Credential files are private at every moment and survive a crash mid-write:
 * - a separate process polls lstat of every entry of the folder in a tight loop (and follows fs.watch) while
 *   hundreds of saves run with umask 0: every file it ever sees, temporary ones included, is 0600, and the
 *   folder is 0700. Created 0600, not chmod-ed after (with umask 0, a chmod-after would show 0666).
 * - a process saving in a loop is SIGKILLed at random moments, many times: the file left behind always loads
 *   and is one whole version (never a mix or a truncation), and any temporary file left is 0600.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPrng } from '@neural/integrations-core';
import { loadCredentialsFromFile, saveCredentialsToFile } from '@neural/integrations-core/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const child = join(dirname(fileURLToPath(import.meta.url)), 'support/credentials-child.mjs');

function start(args: string[]): { process: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let buffered = '';
  proc.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = new Promise<number | null>((done) => proc.once('exit', (code) => done(code)));
  return { process: proc, lines, exited };
}

async function waitFor(condition: () => boolean, what: string, ms = 20_000) {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('credential files', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'reliability-credentials-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('are never readable by others at any moment: every file ever observed is 0600, the folder 0700', async () => {
    const folder = join(root, 'watched', 'nested');
    // The folder is made by the first save (with umask 0 in the saver, so 0700 is the code's doing).
    const first = start(['save', join(folder, 'credentials.json'), '1']);
    expect(await first.exited).toBe(0);
    const watcher = start(['watch', folder, '3000']);
    await waitFor(() => watcher.lines.includes('watching'), 'the watcher');
    const saver = start(['save', join(folder, 'credentials.json'), '300']);
    expect(await saver.exited).toBe(0);
    expect(await watcher.exited).toBe(0);
    const seen = JSON.parse(watcher.lines.at(-1) as string) as {
      observations: number;
      tempFiles: number;
      folderChecks: number;
      violations: string[];
    };
    expect(saver.lines.at(-1)).toBe('300');
    expect(seen.violations).toEqual([]);
    // The watcher really looked, and caught temporary files mid-write (where a chmod-after would show).
    expect(seen.observations).toBeGreaterThan(1000);
    expect(seen.tempFiles).toBeGreaterThan(0);
    expect(seen.folderChecks).toBeGreaterThan(100);
  });

  it('survive SIGKILL mid-write, many times: the file is always one whole version, old or new', async () => {
    const file = join(root, 'killed', 'credentials.json');
    await saveCredentialsToFile({ apiKey: 'key-0', version: 0, padding: '', length: 0 }, file);
    const random = createPrng(7);
    let lastLoaded = 0;
    for (let round = 0; round < 30; round++) {
      const saver = start(['save', file, 'forever']);
      // Killed at a random point: sometimes before its first save lands, mostly in the middle of one.
      const saves = Math.floor(random() * 4);
      await waitFor(() => saver.lines.length >= saves, 'saves');
      await new Promise((resolve) => setTimeout(resolve, random() * 8));
      saver.process.kill('SIGKILL');
      await saver.exited;
      const loaded = (await loadCredentialsFromFile(file)) as {
        apiKey: string;
        version: number;
        padding: string;
        length: number;
      };
      // Whole: each field agrees with the others, as written together.
      expect(loaded.apiKey).toBe(`key-${loaded.version}`);
      expect(loaded.padding.length).toBe(loaded.length);
      expect(loaded.padding).toBe('p'.repeat(loaded.length));
      // Never older than a save the saver reported done (each run restarts from version 1).
      const lastDone = Number(saver.lines.at(-1) ?? 0);
      if (lastDone > 0) expect(loaded.version).toBeGreaterThanOrEqual(lastDone);
      lastLoaded = loaded.version;
    }
    expect(lastLoaded).toBeGreaterThanOrEqual(0);
    // A kill between open and rename leaves a temporary file: still private.
    for (const name of await readdir(dirname(file))) {
      const info = await lstat(join(dirname(file), name));
      expect(info.mode & 0o777, name).toBe(0o600);
    }
  });
});
