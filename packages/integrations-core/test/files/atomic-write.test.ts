import { copyFile, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaceFileAtomically, temporaryPathBeside, writeFileAtomic } from '../../src/node/index.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'core-atomic-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates or replaces the file with exactly the data, private by default, leaving nothing else', async () => {
    const target = join(folder, 'record.json');
    await writeFileAtomic(target, 'first');
    await writeFileAtomic(target, new Uint8Array([0, 255, 10]));
    expect([...(await readFile(target))]).toEqual([0, 255, 10]);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(await readdir(folder)).toEqual(['record.json']);
  });

  it('sets the mode asked for, and a durable write gives the same file', async () => {
    const target = join(folder, 'pid');
    await writeFileAtomic(target, '42\n', { mode: 0o640, durable: true });
    expect(await readFile(target, 'utf8')).toBe('42\n');
    expect((await stat(target)).mode & 0o777).toBe(0o640 & ~process.umask());
  });

  it('rejects with the Node error when the folder is missing, and creates nothing', async () => {
    await expect(writeFileAtomic(join(folder, 'missing', 'x'), 'data')).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect(await readdir(folder)).toEqual([]);
  });

  it('an aborted write leaves the old file and no temporary file', async () => {
    const target = join(folder, 'model.bin');
    await writeFile(target, 'previous');
    const controller = new AbortController();
    controller.abort();
    await expect(writeFileAtomic(target, 'new', { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(await readFile(target, 'utf8')).toBe('previous');
    expect(await readdir(folder)).toEqual(['model.bin']);
  });

  it('never writes through a symlink planted at the target: the link is replaced, its destination untouched', async () => {
    const outside = join(folder, 'outside');
    await writeFile(outside, 'keep');
    const target = join(folder, 'target');
    await symlink(outside, target);
    await writeFileAtomic(target, 'new');
    expect(await readFile(outside, 'utf8')).toBe('keep');
    expect(await readFile(target, 'utf8')).toBe('new');
  });
});

describe('replaceFileAtomically', () => {
  it('renames what fill wrote into place', async () => {
    const source = join(folder, 'source');
    await writeFile(source, 'bytes');
    const target = join(folder, 'copy');
    await replaceFileAtomically(target, (temporary) => copyFile(source, temporary));
    expect(await readFile(target, 'utf8')).toBe('bytes');
    expect((await readdir(folder)).sort()).toEqual(['copy', 'source']);
  });

  it('when fill fails, rethrows its error unchanged, removes the temporary file and keeps the target', async () => {
    const target = join(folder, 'target');
    await writeFile(target, 'old');
    const failure = new Error('disk full');
    await expect(
      replaceFileAtomically(target, async (temporary) => {
        await writeFile(temporary, 'half');
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(folder)).toEqual(['target']);
  });
});

describe('temporaryPathBeside', () => {
  it('names a fresh hidden file in the same folder', () => {
    const one = temporaryPathBeside('/data/out/model.bin');
    expect(one).toMatch(/^\/data\/out\/\.model\.bin\.[0-9a-f]{12}\.tmp$/);
    expect(temporaryPathBeside('/data/out/model.bin')).not.toBe(one);
    expect(temporaryPathBeside('model.bin')).toMatch(/^\.model\.bin\.[0-9a-f]{12}\.tmp$/);
  });
});
