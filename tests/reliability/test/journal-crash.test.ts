import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FakePlatformServer, startFakePlatformServer } from '@neural/fake-platform';
import { createPrng, foldJournal, isTerminalStatus } from '@neural/integrations-core';
import { FileJobJournal } from '@neural/integrations-core/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const JOBS = 1_000;
const KILLS = 6;

let server: FakePlatformServer;
let dir: string;
beforeAll(async () => {
  server = await startFakePlatformServer({ port: 0, seed: 7, defaultQueueMs: 0, defaultStartingMs: 0 });
  dir = await mkdtemp(join(tmpdir(), 'journal-crash-'));
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  /** Units of fresh work reported so far. */
  progress: () => number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWorker(journalPath: string, onProgress: (units: number) => void): Run {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/journal-batch-worker.ts', server.url, journalPath, String(JOBS)],
    {
      cwd: packageDir,
      env: { ...process.env, NEURAL_FAKE_API_KEY: server.apiKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let units = 0;
  let output = '';
  let errors = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    units += chunk.split('.').length - 1;
    onProgress(units);
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    errors += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, progress: () => units, output: () => `${output}\n${errors}`, exited };
}

describe('a 1,000-job batch killed with SIGKILL at random points and restarted with the same journal', () => {
  it('leaves exactly 1,000 jobs on the platform, every one tracked to a terminal state in the journal', async () => {
    const journalPath = join(dir, 'batch.jsonl');
    const random = createPrng(20260101);
    let kills = 0;
    for (let run = 0; run < KILLS; run++) {
      // Somewhere between a handful and a few hundred units of fresh work: early in the submits, in the middle
      // of a flush, between a submit and its record, while watching.
      const killAfter = 20 + Math.floor(random() * 350);
      const worker = startWorker(journalPath, (units) => {
        if (units >= killAfter) worker.child.kill('SIGKILL');
      });
      const exit = await worker.exited;
      if (exit.signal !== 'SIGKILL') {
        expect(exit.code, worker.output()).toBe(0);
        break; // finished before its kill point: nothing left to interrupt
      }
      kills++;
    }
    expect(kills).toBeGreaterThanOrEqual(4);

    const last = startWorker(journalPath, () => {});
    const exit = await last.exited;
    expect(exit, last.output()).toEqual({ code: 0, signal: null });
    const summaryLine = last
      .output()
      .split('\n')
      .find((line) => line.startsWith('{"summary"'));
    const { summary } = JSON.parse(summaryLine!) as {
      summary: { submitFailures: string[]; watchFailures: string[]; unsubmitted: string[]; results: number };
    };
    expect(summary.submitFailures).toEqual([]);
    expect(summary.watchFailures).toEqual([]);
    expect(summary.unsubmitted).toEqual([]);
    expect(summary.results).toBe(JOBS);

    // The platform: exactly one job per batch entry, none lost, none duplicated, all finished.
    expect(server.model.jobCount).toBe(JOBS);
    const platformIds = new Set(server.model.jobIds);
    for (const id of platformIds)
      expect(['COMPLETED', 'FAILED', 'CANCELLED']).toContain(server.model.getJob(id).state);

    // The journal: every job of the batch, with the platform's id, a terminal status and its result.
    const entries = foldJournal(await new FileJobJournal(journalPath).read());
    expect(entries.size).toBe(JOBS);
    for (let index = 0; index < JOBS; index++) {
      const entry = entries.get(`crash-test:${index}`);
      expect(entry?.jobId).toBeDefined();
      expect(platformIds.has(entry!.jobId!)).toBe(true);
      expect(isTerminalStatus(entry!.status!)).toBe(true);
      expect(entry?.result?.output).toContain(`job ${index}`);
    }
    expect(new Set([...entries.values()].map((entry) => entry.jobId)).size).toBe(JOBS);
  });
});
