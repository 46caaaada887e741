/**
 * Bad input, everywhere (credential files): loadCredentialsFromFile given generated file contents, modes and
 * paths either returns exactly the JSON object in the file, or throws InvalidParameterError naming `filepath`
 * (or the bad value) and never quoting the file's text, which is the secret. saveCredentialsToFile given
 * generated values either saves what loads back identically, 0600, or refuses with InvalidParameterError.
 */
import { chmod, lstat, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCredentialsFromFile, saveCredentialsToFile } from '@neural/integrations-core/node';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedOrRejected, anyValue, FC_SEED, runs } from './support/properties.js';

const CANARY = 'sk-FILE-CANARY-7f3a91';

/** File contents: JSON objects (holding the canary), and everything a file could wrongly hold. */
const contents = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })
      .map((o) => JSON.stringify({ ...o, apiKey: CANARY })),
  },
  {
    weight: 3,
    arbitrary: fc
      .dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })
      .map((o) => JSON.stringify({ ...o, apiKey: CANARY }, null, 2))
      .chain((text) => fc.nat(text.length - 1).map((cut) => text.slice(0, cut))),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 50 }).map((s) => `${s}${CANARY}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '\uFEFF{"apiKey":"sk-FILE-CANARY-7f3a91"}',
      `{"apiKey": "${CANARY}",}`,
      `apiKey=${CANARY}`,
      `[{"apiKey": "${CANARY}"}]`,
      `{"__proto__": {"polluted": true}, "apiKey": "${CANARY}"}`,
      `{"apiKey": "${CANARY}"}\n{"second": 1}`,
      'null',
    ),
  },
);

const mode = fc.constantFrom(0o600, 0o400, 0o700, 0o640, 0o644, 0o604, 0o660, 0o666, 0o602, 0o620);

describe('loadCredentialsFromFile', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'reliability-credentials-load-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('returns the JSON object in a private file, or refuses naming the field and never quoting the file', async () => {
    let accepted = 0;
    let rejected = 0;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(contents, mode, async (text, bits) => {
        const file = join(root, `c-${n++}.json`);
        await writeFile(file, text, { mode: 0o600 });
        await chmod(file, bits);
        const outcome = await acceptedOrRejected(() => loadCredentialsFromFile(file), {
          messageNamesFields: false,
        });
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        const isObject = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
        if (outcome.accepted) {
          expect(bits & 0o077, 'a file others can read or write is refused').toBe(0);
          expect(isObject).toBe(true);
          // A "__proto__" key is dropped rather than kept as an own key or used as a prototype: never polluting.
          const expected = Object.fromEntries(
            Object.entries(parsed as object).filter(([key]) => key !== '__proto__'),
          );
          expect(outcome.value).toEqual(expected);
          expect(Object.getPrototypeOf(outcome.value)).toBe(Object.prototype);
          accepted++;
        } else {
          expect(
            bits & 0o077 || !isObject,
            `refused a private, well-formed file: ${outcome.error.message}`,
          ).toBeTruthy();
          const fields = outcome.error.issues.map((issue) => issue.field);
          // The file as a whole (filepath), or the whole value ('') when its top level is not an object.
          for (const field of fields) expect(['filepath', '']).toContain(field);
          const shown = `${outcome.error.message} ${JSON.stringify(outcome.error.issues)} ${outcome.error.stack}`;
          expect(shown.includes(CANARY), 'the file text is never quoted').toBe(false);
          rejected++;
        }
        await rm(file, { force: true });
      }),
      { numRuns: runs(1500), seed: FC_SEED },
    );
    expect(accepted).toBeGreaterThan(50);
    expect(rejected).toBeGreaterThan(50);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses paths that are not a private regular file, naming filepath', async () => {
    const folder = join(root, 'a-folder');
    await mkdir(folder, { mode: 0o700 });
    const real = join(root, 'real.json');
    await writeFile(real, JSON.stringify({ apiKey: CANARY }), { mode: 0o600 });
    const link = join(root, 'link.json');
    await symlink(real, link);
    const paths: unknown[] = [
      folder,
      join(root, 'missing.json'),
      '',
      '   ',
      '\u0000',
      42,
      null,
      undefined,
      {},
      ['x'],
    ];
    for (const path of paths) {
      const outcome = await acceptedOrRejected(() => loadCredentialsFromFile(path as string), {
        messageNamesFields: false,
      });
      expect(outcome.accepted, String(path)).toBe(false);
      if (!outcome.accepted) expect(outcome.error.issues.map((issue) => issue.field)).toEqual(['filepath']);
    }
    // A symlink to a private file is followed (as ssh does); what is checked is the file it names.
    expect(await loadCredentialsFromFile(link)).toEqual({ apiKey: CANARY });
  });
});

describe('saveCredentialsToFile', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'reliability-credentials-save-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('saves what loads back identically, 0600 in a 0700 folder, or refuses with InvalidParameterError', async () => {
    let accepted = 0;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          {
            weight: 3,
            arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), {
              maxKeys: 4,
            }),
          },
          { weight: 2, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), anyValue, { maxKeys: 3 }) },
          { weight: 1, arbitrary: anyValue },
        ),
        async (credentials) => {
          const file = join(root, `d-${n++}`, 'credentials.json');
          const outcome = await acceptedOrRejected(() => saveCredentialsToFile(credentials as never, file), {
            messageNamesFields: false,
          });
          if (!outcome.accepted) {
            await expect(lstat(file)).rejects.toThrow();
            return;
          }
          accepted++;
          expect(await loadCredentialsFromFile(file)).toEqual(JSON.parse(JSON.stringify(credentials)));
          expect((await lstat(file)).mode & 0o777).toBe(0o600);
          expect((await lstat(join(root, `d-${n - 1}`))).mode & 0o777).toBe(0o700);
        },
      ),
      { numRuns: runs(600), seed: FC_SEED },
    );
    expect(accepted).toBeGreaterThan(100);
  });
});
