import { gunzipSync, gzipSync } from 'node:zlib';

/** One file of a source archive: its path inside the archive and its bytes. */
export interface ArchiveEntry {
  /** A relative path with `/` separators, at most 100 bytes (the ustar name field). */
  readonly name: string;
  /** The file's bytes. */
  readonly data: Uint8Array;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  block.write(octal(0o644, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  // mtime 0: the same sources give the same bytes, so a retried upload of a retried submit changes nothing.
  block.write(octal(0, 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write('0', 156, 'ascii');
  block.write('ustar\u000000', 257, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

/**
 * A gzipped ustar archive of `entries`, byte-for-byte reproducible (fixed mtimes, no owner names): the shape
 * SageMaker's script mode expects in `sagemaker_submit_directory` (`sourcedir.tar.gz`).
 */
export function packTarGz(entries: readonly ArchiveEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    if (Buffer.byteLength(entry.name) > 100) throw new RangeError(`archive path too long: ${entry.name}`);
    parts.push(header(entry.name, entry.data.byteLength), Buffer.from(entry.data));
    const pad = (BLOCK - (entry.data.byteLength % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts));
}

/** The regular files of a gzipped tar archive, by path. Throws on a truncated or malformed archive. */
export function unpackTarGz(archive: Uint8Array): Map<string, Buffer> {
  const tar = gunzipSync(archive);
  const files = new Map<string, Buffer>();
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const block = tar.subarray(offset, offset + BLOCK);
    if (block.every((byte) => byte === 0)) break;
    const name = block.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const prefix = block.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = Number.parseInt(
      block.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0',
      8,
    );
    const type = String.fromCharCode(block[156] ?? 48);
    if (!Number.isFinite(size) || offset + BLOCK + size > tar.length)
      throw new RangeError('truncated tar archive');
    if (type === '0' || type === '\0') {
      const path = (prefix ? `${prefix}/${name}` : name).replace(/^\.\//, '');
      files.set(path, Buffer.from(tar.subarray(offset + BLOCK, offset + BLOCK + size)));
    }
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}
