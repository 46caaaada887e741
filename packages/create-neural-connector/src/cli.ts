import { parseArgs } from 'node:util';
import { type ConnectorTemplate, CreateConnectorError, createConnectorPackage } from './index.js';

const usage = `Usage: create-neural-connector <directory> [--template rest|cli] [--platform my-platform]
                               [--name package-name] [--link <path-to-checkout>]

Makes a new connector package whose source is the platform's code only, with its conformance test wired:
  --template rest   a REST platform (default); conformance runs against the fake platform
  --template cli    a scheduler driven through its commands; conformance runs against a small scheduler script
  --link <path>     depend on the @neural packages of a built checkout of the repository (file: links)
                    instead of the published versions
Then: cd <directory> && npm install && npm test`;

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        platform: { type: 'string' },
        name: { type: 'string' },
        template: { type: 'string' },
        link: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(usage);
    return 0;
  }
  const [directory, ...extra] = parsed.positionals;
  if (!directory || extra.length > 0) {
    console.error(usage);
    return 2;
  }
  try {
    const created = await createConnectorPackage({
      directory,
      platform: parsed.values.platform as string | undefined,
      packageName: parsed.values.name as string | undefined,
      template: parsed.values.template as ConnectorTemplate | undefined,
      link: parsed.values.link as string | undefined,
    });
    console.log(`Created ${created.packageName} (${created.className}Connector) in ${created.directory}

Next:
  cd ${directory}
  npm install
  npm test        # the conformance suite and the README sample

Then change src/ to speak your platform, point test/conformance.target.ts at it, and keep npm test green.`);
    return 0;
  } catch (error) {
    if (error instanceof CreateConnectorError) {
      console.error(`create-neural-connector: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main();
