// Child processes for the credentials-file tests (plain ESM so no loader is needed in the child).
//   node credentials-child.mjs save <file> <count|forever>  saves with umask 0, printing each version after it lands
//   node credentials-child.mjs watch <folder> <ms>           polls lstat of every entry in a tight loop and
//                                                              watches with fs.watch; prints what it saw as JSON
import { lstatSync, readdirSync, watch } from 'node:fs';
import { join } from 'node:path';
import { saveCredentialsToFile } from '@neural/integrations-core/node';

const [mode, target, arg] = process.argv.slice(2);

if (mode === 'save') {
  // With umask 0 a file created with the default mode (0666) and chmod-ed afterwards would be world-readable
  // for a moment; only a file created 0600 is private from its first byte.
  process.umask(0);
  const limit = arg === 'forever' ? Number.POSITIVE_INFINITY : Number(arg);
  for (let version = 1; version <= limit; version++) {
    // Sizes vary so a torn write would show as a length that does not match the recorded one.
    const padding = 'p'.repeat((version * 7919) % 200_000);
    await saveCredentialsToFile(
      { apiKey: `key-${version}`, version, padding, length: padding.length },
      target,
    );
    process.stdout.write(`${version}\n`);
  }
} else if (mode === 'watch') {
  const seen = { observations: 0, tempFiles: 0, folderChecks: 0, violations: [] };
  const check = (name) => {
    try {
      const info = lstatSync(join(target, name));
      seen.observations++;
      if (name.endsWith('.tmp')) seen.tempFiles++;
      const bits = info.mode & 0o777;
      if (!info.isFile() || bits !== 0o600) {
        seen.violations.push(`${name}: ${info.isFile() ? 'file' : 'not a file'} mode ${bits.toString(8)}`);
      }
    } catch {
      // Renamed or removed between listing and lstat: nothing was observable.
    }
  };
  const watcher = watch(target, (_event, name) => {
    if (name) check(name);
  });
  const until = Date.now() + Number(arg);
  process.stdout.write('watching\n');
  while (Date.now() < until) {
    const folder = lstatSync(target);
    seen.folderChecks++;
    if ((folder.mode & 0o777) !== 0o700)
      seen.violations.push(`folder mode ${(folder.mode & 0o777).toString(8)}`);
    for (const name of readdirSync(target)) check(name);
    // Let fs.watch events in now and then.
    if (seen.folderChecks % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  watcher.close();
  process.stdout.write(`${JSON.stringify(seen)}\n`);
}
