#!/usr/bin/env node
// Writes test/fixtures/aws-models.json: the parts of AWS's published service models the fake serves, for the
// tests that check its requests and answers. Run it (needs the npm registry and Debian's apt, as root, after
// `apt-get update`) when a pinned version changes; the tests only read the committed fixture:
//   node packages/connector-sagemaker/scripts/extract-aws-models.mjs          # rewrite the fixture
//   node packages/connector-sagemaker/scripts/extract-aws-models.mjs --check  # fail if the fixture differs
//   … --botocore-deb /tmp/python3-botocore_1.29.27+repack-1_all.deb          # use that .deb, not apt-get download
//
// Source: the `aws-sdk` (v2) npm package, the last AWS JavaScript SDK that ships AWS's service models as data.
// Its `apis/<service>.min.json` files are the models (operations, `http`, structures, `required`, member types,
// `location`/`locationName`, `flattened`, `xmlNamespace`) with shape names erased and documentation, enums
// and constraints stripped; its `clients/<service>.d.ts` typings are generated from the full models and keep
// the shape names and the enum values. The script walks both from each operation's input and output, so every
// shape gets its model name, and keeps only what those operations reach. It fetches the tarball with
// `npm pack`, refuses it unless its sha512 is the pinned one, and records the sha256 of each file it read.
// The constraints those files lack (lengths, patterns, ranges, each operation's errors) come from the full
// 2022 models in Debian's `python3-botocore` .deb, sha256-pinned likewise: see botocore-constraints.mjs.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BOTOCORE,
  BOTOCORE_MODELS,
  botocoreProvenance,
  fetchBotocore,
  mergeConstraints,
} from './botocore-constraints.mjs';
import { requestConstraints } from './fake-constraints.mjs';

const PACKAGE = 'aws-sdk';
const VERSION = '2.1693.0';
const INTEGRITY =
  'sha512-cJmb8xEnVLT+R6fBS5sn/EFJiX7tUnDaPtOPZ1vFbOJtd0fnZn/Ky2XGgsvvoeliWeH7mL3TWSX5zXXGSQV6gQ==';

/** The services and operations the fake answers (src/fake/): nothing else goes into the fixture. */
const SERVICES = {
  sagemaker: {
    model: 'apis/sagemaker-2017-07-24.min.json',
    typings: 'clients/sagemaker.d.ts',
    operations: [
      'CreateTrainingJob',
      'DescribeTrainingJob',
      'StopTrainingJob',
      'ListTrainingJobs',
      'CreateModel',
      'DeleteModel',
      'CreateEndpointConfig',
      'DeleteEndpointConfig',
      'CreateEndpoint',
      'DescribeEndpoint',
      'DeleteEndpoint',
    ],
  },
  logs: {
    model: 'apis/logs-2014-03-28.min.json',
    typings: 'clients/cloudwatchlogs.d.ts',
    operations: ['DescribeLogStreams', 'GetLogEvents'],
  },
  servicequotas: {
    model: 'apis/service-quotas-2019-06-24.min.json',
    typings: 'clients/servicequotas.d.ts',
    operations: ['ListServiceQuotas'],
  },
  s3: {
    model: 'apis/s3-2006-03-01.min.json',
    typings: 'clients/s3.d.ts',
    operations: [
      'PutObject',
      'GetObject',
      'HeadObject',
      'DeleteObject',
      'CreateMultipartUpload',
      'UploadPart',
      'CompleteMultipartUpload',
      'AbortMultipartUpload',
      'ListObjectsV2',
    ],
  },
};

/** Traits of a member reference (where and under which name it travels), as opposed to its shape's. */
const MEMBER_TRAITS = [
  'location',
  'locationName',
  'xmlNamespace',
  'queryName',
  'jsonvalue',
  'hostLabel',
  'timestampFormat',
];
/** Traits of a shape kept in the fixture (the rest are documentation-like or client-side). */
const SHAPE_TRAITS = ['type', 'flattened', 'payload', 'streaming', 'requiresLength'];

const here = dirname(fileURLToPath(import.meta.url));
const fixturePath = join(here, '..', 'test', 'fixtures', 'aws-models.json');
/** The constraints the fake itself enforces, derived from the fixture (see fake-constraints.mjs). */
const fakeConstraintsPath = join(here, '..', 'src', 'fake', 'aws-request-constraints.json');

function fetchPackage(dir) {
  const out = execFileSync('npm', ['pack', `${PACKAGE}@${VERSION}`, '--json', '--pack-destination', dir], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [{ filename }] = JSON.parse(out);
  const tarball = join(dir, filename);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (integrity !== INTEGRITY)
    throw new Error(
      `${PACKAGE}@${VERSION}: the tarball's sha512 is ${integrity}, not the pinned ${INTEGRITY}`,
    );
  const files = Object.values(SERVICES).flatMap((s) => [`package/${s.model}`, `package/${s.typings}`]);
  execFileSync('tar', ['-xzf', tarball, '-C', dir, ...files]);
  return (file) => readFileSync(join(dir, 'package', file));
}

/** The typings' shape declarations: interfaces (member → type name), lists, maps, enums and scalars. */
function readTypings(text) {
  const types = new Map();
  const interfaces = text.matchAll(/^ {2}export interface (\w+) \{\n([\s\S]*?)^ {2}\}$/gm);
  for (const [, name, body] of interfaces) {
    const members = new Map();
    for (const [, member, type] of body.matchAll(/^ {4}(\w+)\??: ([\w.]+(?:\[\])?);$/gm))
      members.set(member, type);
    types.set(name, { kind: 'structure', members });
  }
  for (const [, name, definition] of text.matchAll(/^ {2}export type (\w+) = (.+);$/gm)) {
    const list = /^(\w+)\[\]$/.exec(definition);
    const map = /^\{\[key: string\]: (\w+)\}$/.exec(definition);
    if (list) types.set(name, { kind: 'list', member: list[1] });
    else if (map) types.set(name, { kind: 'map', value: map[1] });
    else if (definition.startsWith('"'))
      types.set(name, {
        kind: 'enum',
        values: [...definition.matchAll(/"([^"]*)"/g)].map((value) => value[1]),
      });
    else types.set(name, { kind: 'scalar' });
  }
  const operations = new Map();
  const signatures = text.matchAll(
    /^ {2}(\w+)\(params: \w+\.Types\.(\w+), callback\?: \(err: AWSError, data: (?:\w+\.Types\.(\w+)|\{\})\) => void\)/gm,
  );
  for (const [, method, input, output] of signatures) operations.set(method, { input, output });
  return { types, operations };
}

/** The model's shapes reached from `operations`, named after the typings. */
function extractService(id, service, read) {
  const model = JSON.parse(read(service.model).toString('utf8'));
  const typings = readTypings(read(service.typings).toString('utf8'));
  const shapes = {};
  const resolve = (ref) => (ref.shape ? { ...model.shapes[ref.shape], ...ref } : ref);

  function visit(name, ref, where) {
    const shape = resolve(ref);
    const typed = typings.types.get(name);
    if (!typed) throw new Error(`${id}: the typings have no ${name} (${where})`);
    const type = shape.type ?? 'string';
    const out = Object.fromEntries(
      SHAPE_TRAITS.filter((trait) => shape[trait] !== undefined).map((trait) => [trait, shape[trait]]),
    );
    out.type = type;
    if (shapes[name]) {
      if (shapes[name].type !== type)
        throw new Error(`${id}: ${name} is a ${shapes[name].type} and a ${type} (${where})`);
      return;
    }
    shapes[name] = out;
    if (type === 'structure') {
      if (typed.kind !== 'structure')
        throw new Error(`${id}: ${name} is a structure, the typings say ${typed.kind}`);
      if (shape.required?.length) out.required = [...shape.required];
      out.members = {};
      for (const [member, memberRef] of Object.entries(shape.members ?? {})) {
        const target = typed.members.get(member);
        if (!target) throw new Error(`${id}: the typings of ${name} have no member ${member} (${where})`);
        out.members[member] = {
          shape: target,
          ...Object.fromEntries(
            MEMBER_TRAITS.filter((trait) => memberRef[trait] !== undefined).map((t) => [t, memberRef[t]]),
          ),
        };
        visit(target, memberRef, `${where}.${member}`);
      }
    } else if (type === 'list') {
      if (typed.kind !== 'list') throw new Error(`${id}: ${name} is a list, the typings say ${typed.kind}`);
      const memberRef = shape.member ?? {};
      out.member = {
        shape: typed.member,
        ...Object.fromEntries(
          MEMBER_TRAITS.filter((trait) => memberRef[trait] !== undefined).map((t) => [t, memberRef[t]]),
        ),
      };
      visit(typed.member, memberRef, `${where}[]`);
    } else if (type === 'map') {
      if (typed.kind !== 'map') throw new Error(`${id}: ${name} is a map, the typings say ${typed.kind}`);
      // The typings name no key shape (`{[key: string]: V}`): keys are strings, as JSON's are.
      out.value = { shape: typed.value };
      visit(typed.value, shape.value ?? {}, `${where}{}`);
    } else if (typed.kind === 'enum') {
      out.enum = typed.values;
    }
  }

  const operations = {};
  for (const operation of service.operations) {
    const entry = model.operations[operation];
    if (!entry) throw new Error(`${id}: the model has no operation ${operation}`);
    const method = `${operation[0].toLowerCase()}${operation.slice(1)}`;
    const names = typings.operations.get(method);
    if (!names) throw new Error(`${id}: the typings have no method ${method}`);
    // The minified models leave out the defaults: `POST`, and `/` (every JSON protocol operation).
    operations[operation] = { name: operation, http: { method: 'POST', requestUri: '/', ...entry.http } };
    for (const side of ['input', 'output']) {
      const ref = entry[side];
      const name = names[side];
      if (!ref) continue;
      if (!name) throw new Error(`${id}: ${operation} has an ${side} the typings do not name`);
      const { shape: _anonymous, ...traits } = ref;
      operations[operation][side] = {
        shape: name,
        ...Object.fromEntries(
          ['locationName', 'xmlNamespace'].filter((t) => traits[t] !== undefined).map((t) => [t, traits[t]]),
        ),
      };
      visit(name, ref, `${operation}.${side}`);
    }
  }
  const metadata = Object.fromEntries(
    ['apiVersion', 'protocol', 'jsonVersion', 'targetPrefix', 'serviceId', 'signingName', 'xmlNamespace']
      .filter((key) => model.metadata[key] !== undefined)
      .map((key) => [key, model.metadata[key]]),
  );
  const sorted = Object.fromEntries(Object.entries(shapes).sort(([a], [b]) => a.localeCompare(b)));
  return { metadata, operations, shapes: sorted };
}

const dir = mkdtempSync(join(tmpdir(), 'aws-models-'));
try {
  const read = fetchPackage(dir);
  const debArgument = process.argv.indexOf('--botocore-deb');
  const readBotocore = fetchBotocore(dir, debArgument > 0 ? process.argv[debArgument + 1] : undefined);
  const services = Object.fromEntries(
    Object.entries(SERVICES).map(([id, service]) => [id, extractService(id, service, read)]),
  );
  const withoutConstraints = Object.fromEntries(
    Object.entries(services).map(([id, service]) => [
      id,
      mergeConstraints(id, service, JSON.parse(readBotocore(BOTOCORE_MODELS[id]).toString('utf8'))),
    ]),
  );
  const fixture = {
    provenance: {
      note: 'Written by scripts/extract-aws-models.mjs; do not edit by hand.',
      package: PACKAGE,
      version: VERSION,
      integrity: INTEGRITY,
      files: Object.fromEntries(
        Object.values(SERVICES)
          .flatMap((s) => [s.model, s.typings])
          .map((file) => [file, { sha256: createHash('sha256').update(read(file)).digest('hex') }]),
      ),
      constraints: botocoreProvenance(readBotocore, withoutConstraints),
    },
    services,
  };
  const fakeConstraints = requestConstraints(services);
  if (process.argv.includes('--check')) {
    // Compared as data: the committed files are laid out by the repository's formatter.
    const same = (path, data) =>
      JSON.stringify(JSON.parse(readFileSync(path, 'utf8'))) === JSON.stringify(data);
    if (!same(fixturePath, fixture) || !same(fakeConstraintsPath, fakeConstraints)) {
      console.error(
        `${fixturePath} or ${fakeConstraintsPath} differs from what ${PACKAGE}@${VERSION} and ${BOTOCORE.package} ${BOTOCORE.version} give: re-run without --check`,
      );
      process.exitCode = 1;
    } else console.log(`${fixturePath} and ${fakeConstraintsPath} match their sources`);
  } else {
    writeFileSync(fixturePath, `${JSON.stringify(fixture, null, 2)}\n`);
    writeFileSync(fakeConstraintsPath, `${JSON.stringify(fakeConstraints, null, 2)}\n`);
    execFileSync(
      join(here, '..', '..', '..', 'node_modules', '.bin', 'biome'),
      ['format', '--write', fixturePath, fakeConstraintsPath],
      {
        stdio: 'inherit',
      },
    );
    const count = Object.values(fixture.services).reduce((n, s) => n + Object.keys(s.shapes).length, 0);
    console.log(
      `wrote ${fixturePath}: ${count} shapes from ${PACKAGE}@${VERSION}, constraints from ${BOTOCORE.package} ${BOTOCORE.version}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
