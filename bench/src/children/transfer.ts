/**
 * One measured file transfer in a process of its own (benchmark 4), so its peak RSS is its own. argv[2]:
 * JSON {@link TransferSpec}. Loads everything and authenticates first, then takes the idle RSS, resets the
 * kernel's peak-RSS mark (`/proc/self/clear_refs`), transfers, and reports the time and the new peak.
 */
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { HttpConnector } from '@neural/connector-http';
import { z } from 'zod';

const TransferSpecSchema = z.object({
  mode: z.enum(['connector-upload', 'bare-upload', 'connector-download', 'bare-download']),
  url: z.url(),
  apiKey: z.string(),
  token: z.string(),
  localPath: z.string().min(1),
  remotePath: z.string().min(1),
});

/**
 * The file as a pull-based body: the bare way to stream a file with fetch. (`Readable.toWeb(createReadStream())`
 * is shorter, but on Node 20 it ignores backpressure and holds the whole file in memory.)
 */
function pullFile(path: string): ReadableStream<Uint8Array> {
  let handle: FileHandle | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      handle ??= await open(path, 'r');
      const chunk = Buffer.allocUnsafe(256 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead > 0) controller.enqueue(chunk.subarray(0, bytesRead));
      else {
        await handle.close();
        controller.close();
      }
    },
  });
}

/** Resident and peak resident memory in bytes, from /proc (Linux). */
function memory(): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kib = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
    return { rss: kib('VmRSS'), peak: kib('VmHWM') };
  } catch {
    return undefined;
  }
}

process.send?.({ type: 'ready' });
try {
  const spec = TransferSpecSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  const connector = new HttpConnector({ apiKey: spec.apiKey, endpoint: spec.url });
  await connector.authenticate();
  const fileUrl = `${spec.url}/v1/files/${spec.remotePath}`;
  const auth = { authorization: `Bearer ${spec.token}` };
  const run: Record<typeof spec.mode, () => Promise<void>> = {
    'connector-upload': async () => {
      await connector.uploadFile(spec.localPath, spec.remotePath);
    },
    'bare-upload': async () => {
      const response = await fetch(fileUrl, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'application/octet-stream' },
        body: pullFile(spec.localPath),
        duplex: 'half',
        // Without these, undici's fetch tees the body for a possible redirect and keeps every chunk.
        redirect: 'error',
        window: null,
      } as RequestInit);
      if (response.status !== 201) throw new Error(`bare upload answered ${response.status}`);
      await response.json();
    },
    'connector-download': async () => {
      await connector.downloadFile(spec.remotePath, spec.localPath);
    },
    'bare-download': async () => {
      const response = await fetch(fileUrl, { headers: auth });
      if (!response.ok || !response.body) throw new Error(`bare download answered ${response.status}`);
      await pipeline(
        Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>),
        createWriteStream(spec.localPath),
      );
    },
  };
  global.gc?.();
  const idle = memory();
  // Resets VmHWM to the current RSS, so the peak measured is the transfer's, not the imports'.
  let peakReset = false;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    peakReset = true;
  } catch {
    // Not Linux, or not allowed: fall back to the peak since start (an overestimate).
  }
  const idleRss = idle?.rss ?? process.memoryUsage().rss;
  const started = performance.now();
  await run[spec.mode]();
  const seconds = (performance.now() - started) / 1000;
  const peakRss = peakReset ? (memory()?.peak ?? 0) : process.resourceUsage().maxRSS * 1024;
  process.send?.({ type: 'done', seconds, idleRss, peakRss, peakAboveIdle: peakRss - idleRss, peakReset });
} catch (error) {
  process.send?.({ type: 'error', error: error instanceof Error ? error.stack : String(error) });
  process.exitCode = 1;
}
