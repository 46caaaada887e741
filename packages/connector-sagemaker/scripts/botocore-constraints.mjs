// The constraints `aws-sdk` v2's minified models leave out, taken from the full service models Debian's
// `python3-botocore` ships (`botocore/data/<service>/<version>/service-2.json`, as AWS published them in
// December 2022) and merged onto the shapes extracted from `aws-sdk`, by shape name:
//   - `min`/`max` (string and blob lengths, list and map sizes, numeric ranges) and `pattern` (a Java regular
//     expression, with `jsPattern`, its JavaScript translation, or `patternUnchecked` saying why there is none);
//   - a map's `key` shape (aws-sdk's typings name none), and each operation's `errors` and the error shapes
//     they name (with the shapes their members reach).
// Only facts: the shapes, members and enum values stay those of the newer `aws-sdk` models. A shape the 2022
// models lack, or give another type, gets no constraint and is listed in the provenance; an enum value the
// 2022 models have and the newer ones lack stops the extraction (a value AWS removed would need a decision).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { javaPatternToJs } from './java-pattern.mjs';

export const BOTOCORE = {
  package: 'python3-botocore',
  version: '1.29.27+repack-1',
  sha256: '72802baa29e20716e3a591b39b03dea0ab24ad9d938f7498a04c365d3803c1b7',
};
const DATA = 'usr/lib/python3/dist-packages/botocore/data';
/** Each fixture service's model directory in botocore's data. */
export const BOTOCORE_MODELS = {
  sagemaker: `${DATA}/sagemaker/2017-07-24/service-2.json`,
  logs: `${DATA}/logs/2014-03-28/service-2.json`,
  servicequotas: `${DATA}/service-quotas/2019-06-24/service-2.json`,
  s3: `${DATA}/s3/2006-03-01/service-2.json`,
};

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * Unpacks the pinned `.deb` into `dir` and returns a reader of its files. `deb` is a `.deb` already at hand;
 * without it, `apt-get download` fetches the pinned version (needs Debian's package lists: `apt-get update`).
 */
export function fetchBotocore(dir, deb) {
  const file = join(dir, 'python3-botocore.deb');
  if (deb) copyFileSync(deb, file);
  else {
    execFileSync('apt-get', ['download', `${BOTOCORE.package}=${BOTOCORE.version}`], {
      cwd: dir,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const [downloaded] = readdirSync(dir).filter((name) => name.startsWith('python3-botocore_'));
    if (!downloaded) throw new Error('apt-get download left no python3-botocore .deb');
    copyFileSync(join(dir, downloaded), file);
  }
  const digest = sha256(readFileSync(file));
  if (digest !== BOTOCORE.sha256)
    throw new Error(
      `${BOTOCORE.package} ${BOTOCORE.version}: the .deb's sha256 is ${digest}, not ${BOTOCORE.sha256}`,
    );
  const root = join(dir, 'botocore-deb');
  execFileSync('dpkg-deb', ['-x', file, root]);
  return (path) => readFileSync(join(root, path));
}

const LENGTH_TYPES = new Set(['string', 'blob', 'list', 'map']);
const RANGE_TYPES = new Set(['integer', 'long', 'float', 'double']);

/** The constraint facts of botocore shape `full`, for a fixture shape of the same type. */
function constraintsOf(full) {
  const out = {};
  if (LENGTH_TYPES.has(full.type) || RANGE_TYPES.has(full.type)) {
    if (full.min !== undefined) out.min = full.min;
    if (full.max !== undefined) out.max = full.max;
  }
  if (full.type === 'string' && full.pattern !== undefined) {
    out.pattern = full.pattern;
    const translated = javaPatternToJs(full.pattern);
    if (translated.source) out.jsPattern = translated.source;
    else out.patternUnchecked = translated.unsupported;
  }
  return out;
}

/** An error shape or one its members reach, copied from botocore (documentation left out). */
function copyShape(model, name, shapes) {
  if (shapes[name]) return;
  const full = model.shapes[name];
  if (!full) throw new Error(`the 2022 model has no shape ${name}`);
  const out = { type: full.type ?? 'string', ...constraintsOf(full) };
  if (full.enum) out.enum = [...full.enum];
  if (full.exception) out.exception = true;
  if (full.error) {
    out.error = Object.fromEntries(
      ['code', 'httpStatusCode', 'senderFault']
        .filter((k) => full.error[k] !== undefined)
        .map((k) => [k, full.error[k]]),
    );
  }
  shapes[name] = out;
  if (full.type === 'structure') {
    if (full.required?.length) out.required = [...full.required];
    out.members = {};
    for (const [member, ref] of Object.entries(full.members ?? {})) {
      out.members[member] = {
        shape: ref.shape,
        ...Object.fromEntries(
          ['location', 'locationName'].filter((k) => ref[k] !== undefined).map((k) => [k, ref[k]]),
        ),
      };
      copyShape(model, ref.shape, shapes);
    }
  } else if (full.type === 'list') {
    out.member = { shape: full.member.shape };
    copyShape(model, full.member.shape, shapes);
  } else if (full.type === 'map') {
    out.value = { shape: full.value.shape };
    copyShape(model, full.value.shape, shapes);
  }
}

/**
 * Merges the 2022 model's constraints, operation errors and error shapes onto `service` (a fixture service
 * extracted from `aws-sdk`), in place; returns the shapes that got no constraints, with why.
 */
export function mergeConstraints(id, service, model) {
  const without = {};
  for (const [name, shape] of Object.entries(service.shapes)) {
    const full = model.shapes[name];
    if (!full) {
      without[name] = 'not in the 2022 model';
      continue;
    }
    const type = full.type ?? 'string';
    if (type !== shape.type) {
      without[name] = `a ${type} in the 2022 model`;
      continue;
    }
    const removed = (full.enum ?? []).filter((value) => !shape.enum?.includes(value));
    if (removed.length > 0)
      throw new Error(`${id}: ${name} had ${removed.join(', ')} in 2022, which the newer models lack`);
    Object.assign(shape, constraintsOf(full));
    // aws-sdk's typings name no map key shape; the 2022 model's constrains the keys.
    if (type === 'map' && full.key) {
      shape.key = { shape: full.key.shape };
      copyShape(model, full.key.shape, service.shapes);
    }
  }
  for (const [name, operation] of Object.entries(service.operations)) {
    const errors = (model.operations[name]?.errors ?? []).map((ref) => ref.shape);
    operation.errors = errors;
    for (const error of errors) {
      if (service.shapes[error] && !service.shapes[error].exception)
        throw new Error(`${id}: the error ${error} has the name of a shape the operations use`);
      copyShape(model, error, service.shapes);
    }
  }
  service.shapes = Object.fromEntries(Object.entries(service.shapes).sort(([a], [b]) => a.localeCompare(b)));
  return without;
}

/** The provenance of the constraints: the pinned `.deb` and the sha256 of each model read. */
export function botocoreProvenance(read, without) {
  return {
    note: 'min, max, pattern, operation errors and error shapes, from the 2022 full models; enums and shapes stay those of the package above',
    ...BOTOCORE,
    files: Object.fromEntries(
      Object.values(BOTOCORE_MODELS).map((path) => [path, { sha256: sha256(read(path)) }]),
    ),
    withoutConstraints: without,
  };
}
