import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidParameterError } from '@neural/integrations-core';
import { loadCredentialsFromFile, saveCredentialsToFile } from '@neural/integrations-core/node';
import { DEMO_API_KEY, DEMO_ENDPOINT, type ExampleOptions, runIfMain } from './demo.js';

/**
 * The seed's "Credential Management": save and load credentials. The example writes to a fresh temporary
 * folder (never your real `~/.neural`), and shows that a file others can read is refused, as ssh does.
 */
export async function run(options: ExampleOptions & { dir?: string } = {}) {
  const print = options.print ?? ((line: string) => console.log(line));
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'neural-example-')));
  try {
    const filepath = join(dir, '.neural', 'credentials.json');
    const saved = await saveCredentialsToFile({ apiKey: DEMO_API_KEY, endpoint: DEMO_ENDPOINT }, filepath);
    const mode = (await stat(saved)).mode & 0o777;
    print(`Saved credentials to ${saved} with mode ${mode.toString(8)}`);

    const loaded = await loadCredentialsFromFile(filepath);
    print(`Loaded credentials for ${String(loaded.endpoint)}`);

    let refused: InvalidParameterError | undefined;
    if (process.platform !== 'win32') {
      await chmod(saved, 0o644);
      try {
        await loadCredentialsFromFile(filepath);
      } catch (error) {
        if (!InvalidParameterError.isInstance(error)) throw error;
        refused = error;
        print(`A world-readable file is refused: ${error.message}`);
      }
    }
    return { filepath: saved, mode, loaded, refused };
  } finally {
    if (options.dir === undefined) await rm(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta, run);
