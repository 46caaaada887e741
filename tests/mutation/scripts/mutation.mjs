#!/usr/bin/env node
/**
 * `pnpm mutation [mock|http ...] [-- stryker options]`: runs Stryker from the repository root (it only mutates
 * files under its working directory) with this package's config, then lists the surviving mutants.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const args = process.argv.slice(2);
const split = args.indexOf('--');
const connectors = split === -1 ? args : args.slice(0, split);
const strykerArgs = split === -1 ? [] : args.slice(split + 1);

const env = { ...process.env };
if (connectors.length > 0) env.NEURAL_MUTATION_CONNECTORS = connectors.join(',');

const strykerBin = fileURLToPath(new URL('../node_modules/.bin/stryker', import.meta.url));
const stryker = spawnSync(strykerBin, ['run', 'tests/mutation/stryker.config.mjs', ...strykerArgs], {
  cwd: root,
  env,
  stdio: 'inherit',
});
if (stryker.error) throw stryker.error;
if (stryker.status !== 0) process.exit(stryker.status ?? 1);

const summary = spawnSync(
  process.execPath,
  [fileURLToPath(new URL('./survivors.mjs', import.meta.url)), 'tests/mutation/reports/mutation.json'],
  { cwd: root, stdio: 'inherit' },
);
process.exit(summary.status ?? 1);
