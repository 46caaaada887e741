import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The folder `neural` keeps its files in: `$NEURAL_HOME`, or `~/.neural`. */
export function neuralHome(env: Readonly<Record<string, string | undefined>>, cwd: string): string {
  const configured = env.NEURAL_HOME;
  return configured ? resolve(cwd, configured) : join(homedir(), '.neural');
}

/** The profiles file: `<home>/credentials.json`, the seed's credentials file. */
export function credentialsPath(home: string): string {
  return join(home, 'credentials.json');
}

/** The journal of the jobs `neural submit` made on one platform. */
export function submitJournalPath(home: string, platform: string): string {
  return join(home, 'journals', `${platform}.jsonl`);
}
