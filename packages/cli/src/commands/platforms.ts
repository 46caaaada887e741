import { CloudException, InvalidParameterError, parseOrThrow } from '@neural/integrations-core';
import type { Command } from 'commander';
import { z } from 'zod';
import type { CommandContext } from '../context.js';
import { EXIT_CODES } from '../exit-codes.js';
import { collect, jsonOrText, keyValue } from '../parse.js';
import {
  listProfiles,
  type Profile,
  ProfileNameSchema,
  ProfileSchema,
  readProfileFile,
  writeProfileFile,
} from '../profiles.js';
import { addResourceOptions, type ResourceFlags, resourcesFromFlags } from '../resources.js';
import type { Runner } from '../runner.js';

const StdinCredentialsSchema = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' });

async function readAll(input: AsyncIterable<Buffer | string>): Promise<string> {
  let text = '';
  for await (const chunk of input) text += chunk.toString();
  return text;
}

interface AddFlags extends ResourceFlags {
  kind: string;
  credential?: Record<string, string>;
  credentialsStdin?: boolean;
  option?: string[];
  force?: boolean;
}

/** `neural platforms add|list|remove|test`. */
export function registerPlatforms(program: Command, run: Runner): void {
  const platforms = program
    .command('platforms')
    .description('manage named platforms (profiles) in ~/.neural/credentials.json')
    .addHelpText(
      'after',
      `
Platforms come from the credentials file ($NEURAL_HOME/credentials.json, mode 0600) or from environment
variables: NEURAL_PLATFORM_<NAME>_KIND=http, NEURAL_PLATFORM_<NAME>_API_KEY=…, NEURAL_PLATFORM_<NAME>_OPTIONS='{…}'.

Examples:
  $ neural platforms add laptop --kind local --option interpreter='["python3"]'
  $ echo '{"apiKey":"…","endpoint":"https://ml.example.com"}' | neural platforms add prod --kind http --credentials-stdin
  $ neural platforms list
  $ neural platforms test prod`,
    );

  addResourceOptions(
    platforms
      .command('add')
      .description('add (or with --force replace) a platform')
      .argument('<name>', 'the platform name: lower-case letters, digits and -')
      .requiredOption(
        '-k, --kind <kind>',
        'connector kind: local, slurm, http, mock, or an installed neural-connector-<kind>',
      )
      .option(
        '-c, --credential <key=value>',
        'a credential (repeatable); prefer --credentials-stdin for secrets',
        keyValue('--credential'),
      )
      .option(
        '--credentials-stdin',
        'read the credentials as a JSON object from stdin (keeps them out of shell history)',
      )
      .option('-o, --option <key=value>', 'a connector option, JSON or text (repeatable)', collect)
      .option('--force', 'replace a platform of the same name'),
    'default ',
  )
    .addHelpText(
      'after',
      `
The connector is made once with these credentials and options before anything is saved, so a bad value is
refused with the field and the rule.

Examples:
  $ neural platforms add laptop --kind local --option root=/data/neural-jobs
  $ neural platforms add cluster --kind slurm --credential endpoint=http://slurm:6820 --credential user=alice --credentials-stdin <<< '{"token":"…"}'
  $ neural platforms add gpu --kind http --credential endpoint=https://ml.example.com --credential apiKey=… --gpus 1 --memory 16`,
    )
    .action(
      run(async (context, name: string, flags: AddFlags) => {
        const checkedName = parseOrThrow(ProfileNameSchema, name, 'platform name', { prefix: 'name' });
        let credentials: Record<string, unknown> = { ...flags.credential };
        if (flags.credentialsStdin) {
          const text = await readAll(context.io.stdin);
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            throw InvalidParameterError.fromIssues('credentials from stdin', [
              { field: 'stdin', rule: 'must be a JSON object' },
            ]);
          }
          credentials = {
            ...credentials,
            ...parseOrThrow(StdinCredentialsSchema, parsed, 'credentials from stdin', { redactValues: true }),
          };
        }
        context.out.redactor.addCredentials(credentials);
        const options: Record<string, unknown> = {};
        for (const entry of flags.option ?? []) {
          const at = entry.indexOf('=');
          if (at <= 0)
            throw InvalidParameterError.fromIssues('command line', [
              { field: '--option', rule: 'must be KEY=VALUE' },
            ]);
          options[entry.slice(0, at)] = jsonOrText(entry.slice(at + 1));
        }
        const profile: Profile = parseOrThrow(
          ProfileSchema,
          { kind: flags.kind, credentials, options, defaults: resourcesFromFlags({}, flags) },
          `platform ${checkedName}`,
          { redactValues: true },
        );
        const profiles = await readProfileFile(context.home);
        if (profiles[checkedName] && !flags.force) {
          throw InvalidParameterError.fromIssues('platform name', [
            { field: 'name', rule: `"${checkedName}" exists already; pass --force to replace it` },
          ]);
        }
        // Made once, not used: the connector validates its credentials and options before anything is saved.
        await context.connectorFor({ ...profile, name: checkedName });
        const path = await writeProfileFile(context.home, { ...profiles, [checkedName]: profile });
        context.out.data({ name: checkedName, kind: profile.kind, path });
        context.out.line(
          `Added platform ${context.out.style('bold', checkedName)} (${profile.kind}) to ${path}`,
        );
        return EXIT_CODES.OK;
      }),
    );

  platforms
    .command('list')
    .description('list the platforms (credentials are never shown, only their field names)')
    .addHelpText('after', '\nExamples:\n  $ neural platforms list\n  $ neural platforms list --json')
    .action(
      run(async (context) => {
        const profiles = await listProfiles(context.home, context.io.env);
        for (const profile of profiles) context.out.redactor.addCredentials(profile.credentials);
        context.out.data(
          profiles.map((profile) => ({
            name: profile.name,
            kind: profile.kind,
            source: profile.source,
            credentialFields: Object.keys(profile.credentials).sort(),
            options: context.out.redactor.redactValue(profile.options),
            defaults: profile.defaults,
          })),
        );
        if (profiles.length === 0) {
          context.out.line('No platforms yet. Add one: neural platforms add <name> --kind local');
          return EXIT_CODES.OK;
        }
        const rows = profiles.map((profile) => [
          profile.name,
          profile.kind,
          profile.source,
          Object.keys(profile.credentials).sort().join(',') || '-',
        ]);
        printTable(context, ['NAME', 'KIND', 'SOURCE', 'CREDENTIALS'], rows);
        return EXIT_CODES.OK;
      }),
    );

  platforms
    .command('remove')
    .description('remove a platform from the credentials file')
    .argument('<name>', 'the platform')
    .addHelpText('after', '\nExamples:\n  $ neural platforms remove old-cluster')
    .action(
      run(async (context, name: string) => {
        const profiles = await readProfileFile(context.home);
        if (!profiles[name]) {
          throw new CloudException(`No platform named "${name}" in the credentials file`, {
            code: 'PROFILE_NOT_FOUND',
          });
        }
        const { [name]: _removed, ...rest } = profiles;
        await writeProfileFile(context.home, rest);
        context.out.data({ name, removed: true });
        context.out.line(`Removed platform ${name}`);
        return EXIT_CODES.OK;
      }),
    );

  platforms
    .command('test')
    .description("check a platform's credentials: runs authenticate() and says what was refused")
    .argument('[name]', 'the platform (default: $NEURAL_PLATFORM, or the only one)')
    .addHelpText(
      'after',
      `\nExit code 0 when accepted, ${EXIT_CODES.AUTH} when refused, ${EXIT_CODES.PLATFORM} when unreachable.\n\nExamples:\n  $ neural platforms test prod`,
    )
    .action(
      run(async (context, name: string | undefined) => {
        const { profile, connector } = await context.connect(name);
        const accepted = await connector.authenticate({ signal: context.io.signal });
        const fields = Object.keys(profile.credentials).sort();
        context.out.data({ name: profile.name, kind: profile.kind, accepted, credentialFields: fields });
        if (accepted) {
          context.out.line(
            `${context.out.style('green', '✔')} ${profile.name} (${profile.kind}): credentials accepted`,
          );
          return EXIT_CODES.OK;
        }
        context.out.line(
          `${context.out.style('red', '✖')} ${profile.name} (${profile.kind}): the platform refused the credentials` +
            (fields.length > 0 ? ` (${fields.join(', ')})` : ''),
        );
        return EXIT_CODES.AUTH;
      }),
    );
}

/** Columns padded to their widest cell. */
export function printTable(
  context: CommandContext,
  header: readonly string[],
  rows: readonly (readonly string[])[],
): void {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (row: readonly string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  context.out.line(context.out.style('bold', format(header)));
  for (const row of rows) context.out.line(format(row));
}
