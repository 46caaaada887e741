import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudException, InvalidParameterError } from '@neural/integrations-core';
import { defineClause } from '../clause.js';
import type { ClauseContext } from '../context.js';

/** Runs `check` with a fresh temporary directory, removed afterwards whatever happens. */
export async function inTemporaryDirectory(check: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'neural-conformance-'));
  try {
    await check(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function remotePath(ctx: ClauseContext): string {
  return `conformance/${ctx.jobName('file')}/data.bin`;
}

/** `files.*` when the local side fails: a missing file to upload, a place a download cannot be written. */
export const fileClauses = [
  defineClause({
    id: 'files.upload-missing-local-rejects',
    title: 'Uploading a local file that does not exist is refused',
    rule: '`uploadFile()` of a local path that does not exist rejects (with `InvalidParameterError`), and stores nothing: a download of that remote path then rejects.',
    why: 'An upload that "succeeds" with an empty file (or none) starts a training run on no data, and the mistake surfaces hours later.',
    requires: ['uploadFile', 'downloadFile'],
    async run(ctx) {
      const connector = await ctx.connect();
      await inTemporaryDirectory(async (dir) => {
        const missing = join(dir, 'does-not-exist.bin');
        const remote = remotePath(ctx);
        const call = `connector.uploadFile(<missing local file>, ${ctx.describe(remote)})`;
        const error = await ctx.rejection(
          call,
          () => connector.uploadFile?.(missing, remote, { signal: ctx.signal }) as Promise<unknown>,
          'an InvalidParameterError for a local file that does not exist',
        );
        // Whether it is a CloudException at all is errors.are-cloud-exceptions' verdict; which one is this clause's.
        ctx.check(!CloudException.isInstance(error) || InvalidParameterError.isInstance(error), {
          expected: 'an InvalidParameterError for a local file that does not exist',
          actual: `it rejected with ${ctx.describe(error)}`,
          call,
        });
        const target = join(dir, 'download.bin');
        const downloadCall = `connector.downloadFile(${ctx.describe(remote)}, <temp file>) after the refused upload`;
        await ctx.rejection(
          downloadCall,
          () => connector.downloadFile?.(remote, target, { signal: ctx.signal }) as Promise<unknown>,
          'a rejection: the refused upload stored nothing',
        );
      });
    },
  }),
  defineClause({
    id: 'files.download-unwritable-rejects',
    title: 'A download that cannot be written is refused with a CloudException',
    rule: '`downloadFile()` to a local path that cannot be written (its parent is a file) rejects with a `CloudException`, not a raw Node error.',
    why: 'A disk error that escapes as a raw Node error slips past every `catch (CloudException)` a caller wrote for the contract.',
    requires: ['uploadFile', 'downloadFile'],
    async run(ctx) {
      const connector = await ctx.connect();
      await inTemporaryDirectory(async (dir) => {
        const source = join(dir, 'source.bin');
        await writeFile(source, 'conformance\n');
        const remote = remotePath(ctx);
        await connector.uploadFile?.(source, remote, { signal: ctx.signal });
        const notAFolder = join(dir, 'not-a-folder');
        await writeFile(notAFolder, 'a file, not a folder\n');
        const target = join(notAFolder, 'download.bin');
        const call = `connector.downloadFile(${ctx.describe(remote)}, <a path under a file>)`;
        const error = await ctx.rejection(
          call,
          () => connector.downloadFile?.(remote, target, { signal: ctx.signal }) as Promise<unknown>,
          'a CloudException for a local path that cannot be written',
        );
        ctx.check(CloudException.isInstance(error), {
          expected: 'a CloudException for a local path that cannot be written',
          actual: `it rejected with ${ctx.describe(error)}`,
          call,
        });
      });
    },
  }),
];
