import { parseArgs } from 'node:util';
import { CreateConnectorError, createConnectorPackage } from './index.js';

const usage = `Usage: create-neural-connector <directory> [--platform my-platform] [--name package-name]

Makes a new connector package from the HTTP reference connector, with its conformance test wired to the
fake platform. Then: cd <directory> && npm install && npm test`;

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        platform: { type: 'string' },
        name: { type: 'string' },
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
    });
    console.log(`Created ${created.packageName} (${created.className}Connector) in ${created.directory}

Next:
  cd ${directory}
  npm install
  npm test        # builds nothing yet: runs the conformance suite against the fake platform

Then change src/ to speak your platform's API, point test/conformance.target.ts at it, and keep npm test green.`);
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
