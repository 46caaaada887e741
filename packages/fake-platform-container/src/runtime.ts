import { execFile } from 'node:child_process';
import { getContainerRuntimeClient } from 'testcontainers';

/**
 * Whether this machine can build and run the fake platform container: a container engine testcontainers
 * reaches (`DOCKER_HOST`, or Docker's default socket) and a `podman` or `docker` CLI to build the image.
 */
export type ContainerRuntimeAvailability =
  | { readonly available: true; readonly runtime: string; readonly builder: 'podman' | 'docker' }
  | { readonly available: false; readonly reason: string };

function cliAnswers(command: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(command, ['--version'], { timeout: 10_000 }, (error) => resolve(error === null));
  });
}

/**
 * Finds out whether containers can run here, without throwing: tests use it to skip, with the reason in
 * the skipped test's name, instead of failing (or worse, passing) where no engine exists.
 *
 * @example
 * ```ts
 * const runtime = await detectContainerRuntime();
 * describe.skipIf(!runtime.available)(`in a container${runtime.available ? '' : ` (skipped: ${runtime.reason})`}`, () => {});
 * ```
 */
export async function detectContainerRuntime(
  options: { timeoutMs?: number } = {},
): Promise<ContainerRuntimeAvailability> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const where = process.env.DOCKER_HOST ? `DOCKER_HOST=${process.env.DOCKER_HOST}` : 'no DOCKER_HOST set';
  let timer: NodeJS.Timeout | undefined;
  let runtime: string;
  try {
    const client = await Promise.race([
      getContainerRuntimeClient(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        timer.unref();
      }),
    ]);
    const info = client.info.containerRuntime;
    runtime = `${info.operatingSystem} engine ${info.serverVersion}, host ${info.host}`;
  } catch (error) {
    return {
      available: false,
      reason: `no container engine answers (${where}; start one with scripts/podman/podman.sh start): ${
        error instanceof Error ? error.message.split('\n')[0] : String(error)
      }`,
    };
  } finally {
    clearTimeout(timer);
  }
  if (await cliAnswers('podman')) return { available: true, runtime, builder: 'podman' };
  if (await cliAnswers('docker')) return { available: true, runtime, builder: 'docker' };
  return {
    available: false,
    reason: `a container engine answers (${where}) but neither podman nor docker CLI is on the PATH to build the image`,
  };
}
