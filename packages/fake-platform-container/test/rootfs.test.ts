import { CloudException } from '@neural/integrations-core';
import { describe, expect, it } from 'vitest';
import { listSharedLibraries, parseLddOutput } from '../src/index.js';

const LDD_NODE = `\tlinux-vdso.so.1 (0x00007ffd5d9f2000)
\tlibdl.so.2 => /lib/x86_64-linux-gnu/libdl.so.2 (0x00007f038b98a000)
\tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f038b600000)
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f038b41e000)
\t/lib64/ld-linux-x86-64.so.2 (0x00007f038b9a2000)
`;

describe('parseLddOutput', () => {
  it('lists each library by the path the loader uses, the loader included, and skips the vDSO', () => {
    expect(parseLddOutput(LDD_NODE)).toEqual([
      '/lib/x86_64-linux-gnu/libdl.so.2',
      '/lib/x86_64-linux-gnu/libstdc++.so.6',
      '/lib/x86_64-linux-gnu/libc.so.6',
      '/lib64/ld-linux-x86-64.so.2',
    ]);
  });

  it('returns nothing for a statically linked binary', () => {
    expect(parseLddOutput('\tnot a dynamic executable\n\tstatically linked\n')).toEqual([]);
  });

  it('fails on a library ldd cannot find, since the image could not start without it', () => {
    expect(() => parseLddOutput('\tlibmissing.so.1 => not found\n')).toThrow(/libmissing\.so\.1/);
    expect(
      CloudException.isInstance(
        (() => {
          try {
            parseLddOutput('\tlibmissing.so.1 => not found\n');
          } catch (error) {
            return error;
          }
        })(),
      ),
    ).toBe(true);
  });
});

describe('listSharedLibraries', () => {
  it('finds the C library among the libraries of the running node binary', async () => {
    const libraries = await listSharedLibraries(process.execPath);
    expect(libraries.some((library) => /\/libc\.so/.test(library))).toBe(true);
  });
});
