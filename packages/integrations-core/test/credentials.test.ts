import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloudException, InvalidParameterError } from '../src/index.js';
import { expandHome, loadCredentialsFromFile, saveCredentialsToFile } from '../src/node/index.js';

/** Spies on the file system: the mode of every file the moment it is opened, and a switch to break rename. */
const fsSpy = vi.hoisted(() => ({ openedModes: [] as { path: string; mode: number }[], failRename: false }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    open: async (...args: Parameters<typeof real.open>) => {
      const handle = await real.open(...args);
      const info = await handle.stat();
      if (info.isFile()) fsSpy.openedModes.push({ path: String(args[0]), mode: info.mode & 0o777 });
      return handle;
    },
    rename: async (...args: Parameters<typeof real.rename>) => {
      if (fsSpy.failRename) throw Object.assign(new Error('simulated crash before rename'), { code: 'EIO' });
      return real.rename(...args);
    },
  };
});

const SECRET = 'sk-live-credentials-9d8e7f';
const checksModes = process.platform !== 'win32';
let home: string;
let savedHome: string | undefined;
let savedUmask: number | undefined;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'neural-core-home-'));
  savedHome = process.env.HOME;
  process.env.HOME = home;
  fsSpy.openedModes.length = 0;
  fsSpy.failRename = false;
  try {
    // A permissive umask proves the file is private by its own mode, not by the user's umask.
    savedUmask = process.umask(0);
  } catch {
    savedUmask = undefined; // worker threads cannot change the umask
  }
});

afterEach(async () => {
  if (savedUmask !== undefined) process.umask(savedUmask);
  process.env.HOME = savedHome;
  await rm(home, { recursive: true, force: true });
});

describe('saveCredentialsToFile', () => {
  it('expands ~ to the home folder and writes the credentials as JSON', async () => {
    const written = await saveCredentialsToFile({ apiKey: SECRET }, '~/.neural/credentials.json');
    expect(written).toBe(join(home, '.neural', 'credentials.json'));
    expect(expandHome('~/x')).toBe(join(home, 'x'));
    expect(expandHome('~')).toBe(home);
    expect(JSON.parse(await readFile(written, 'utf8'))).toEqual({ apiKey: SECRET });
  });

  it.skipIf(!checksModes)(
    'creates the file 0600 from the moment it exists, and its folder 0700',
    async () => {
      const written = await saveCredentialsToFile({ apiKey: SECRET }, '~/.neural/credentials.json');
      const temporary = fsSpy.openedModes.find((opened) =>
        opened.path.startsWith(join(dirname(written), `.${basename(written)}.`)),
      );
      expect(temporary, 'the data is written to a temporary file first').toBeDefined();
      expect(temporary?.mode).toBe(0o600);
      expect((await stat(written)).mode & 0o777).toBe(0o600);
      expect((await stat(join(home, '.neural'))).mode & 0o777).toBe(0o700);
    },
  );

  it('leaves the old file intact when the write is interrupted before the rename', async () => {
    const target = await saveCredentialsToFile({ apiKey: 'old-key-1234' }, '~/creds.json');
    fsSpy.failRename = true;
    const error = await saveCredentialsToFile({ apiKey: SECRET }, '~/creds.json').catch(
      (caught: unknown) => caught,
    );
    expect(CloudException.isInstance(error)).toBe(true);
    expect((error as CloudException).code).toBe('CREDENTIALS_WRITE_FAILED');
    expect((error as Error).message).not.toContain(SECRET);
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual({ apiKey: 'old-key-1234' });
    expect(await readdir(home), 'no temporary file is left behind').toEqual(['creds.json']);
  });

  it('refuses values JSON cannot hold, naming the field without its value', async () => {
    const error = await saveCredentialsToFile({ apiKey: SECRET, when: 1n } as never, '~/c.json').catch(
      (caught: unknown) => caught,
    );
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    expect((error as InvalidParameterError).issues[0]?.field).toBe('when');
    expect((error as Error).message).not.toContain(SECRET);
  });
});

describe('loadCredentialsFromFile', () => {
  it('reads back what was saved', async () => {
    await saveCredentialsToFile({ apiKey: SECRET, nested: { region: 'eu' } }, '~/.neural/c.json');
    await expect(loadCredentialsFromFile('~/.neural/c.json')).resolves.toEqual({
      apiKey: SECRET,
      nested: { region: 'eu' },
    });
  });

  it.skipIf(!checksModes)('refuses a file others can read, as ssh does, with a clear message', async () => {
    const file = join(home, 'shared.json');
    await writeFile(file, JSON.stringify({ apiKey: SECRET }));
    await chmod(file, 0o644);
    const error = await loadCredentialsFromFile(file).catch((caught: unknown) => caught);
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    expect((error as CloudException).code).toBe('CREDENTIALS_FILE_INSECURE');
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain('0644');
    expect((error as Error).message).toContain(`chmod 600 ${file}`);
    expect((error as Error).message).not.toContain(SECRET);
  });

  it('names the file and the line and column where malformed JSON broke, without echoing its text', async () => {
    const file = join(home, 'broken.json');
    await writeFile(file, `{\n  "apiKey": "${SECRET}",\n  "endpoint": }\n`, { mode: 0o600 });
    const error = await loadCredentialsFromFile(file).catch((caught: unknown) => caught);
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    expect((error as CloudException).code).toBe('CREDENTIALS_FILE_MALFORMED');
    expect((error as Error).message).toBe(`Credentials file ${file} is not valid JSON (line 3, column 15)`);
    expect(JSON.stringify({ error, cause: String((error as Error).cause) })).not.toContain(SECRET);
  });

  it('refuses a file that holds JSON but not an object', async () => {
    const file = join(home, 'list.json');
    await writeFile(file, '["a"]', { mode: 0o600 });
    await expect(loadCredentialsFromFile(file)).rejects.toSatisfy(InvalidParameterError.isInstance);
  });

  it('explains a missing file or a folder in its place', async () => {
    const missing = await loadCredentialsFromFile('~/nope.json').catch((caught: unknown) => caught);
    expect((missing as CloudException).code).toBe('CREDENTIALS_FILE_UNREADABLE');
    expect((missing as Error).message).toContain(join(home, 'nope.json'));
    await mkdir(join(home, 'dir'), { mode: 0o700 });
    const folder = await loadCredentialsFromFile('~/dir').catch((caught: unknown) => caught);
    expect(InvalidParameterError.isInstance(folder)).toBe(true);
  });

  it('refuses an empty path', async () => {
    await expect(loadCredentialsFromFile('')).rejects.toSatisfy(InvalidParameterError.isInstance);
    await expect(saveCredentialsToFile({}, '')).rejects.toSatisfy(InvalidParameterError.isInstance);
  });
});
