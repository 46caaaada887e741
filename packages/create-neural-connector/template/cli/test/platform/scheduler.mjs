#!/usr/bin/env node
// A small batch scheduler for the conformance test, driven the way a real one is: one command per operation,
// jobs kept in a state folder. Jobs are JavaScript run by Node (this scheduler's "interpreter").
//
//   scheduler.mjs <state-folder> submit --name <name>   (script on stdin)  -> {"id":"1"}
//   scheduler.mjs <state-folder> status <id>            -> the job as JSON; exit 2 if unknown
//   scheduler.mjs <state-folder> cancel <id>            -> {"cancelled":true|false}
//   scheduler.mjs <state-folder> logs <id>              -> the job's output so far
//   scheduler.mjs <state-folder> list                   -> every job, as a JSON array
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [state, command, ...args] = process.argv.slice(2);
if (!state || !command) {
  process.stderr.write('usage: scheduler.mjs <state-folder> submit|status|cancel|logs|list [args]\n');
  process.exit(64);
}
mkdirSync(state, { recursive: true });
const jobDir = (id) => join(state, id);
const metaPath = (id) => join(jobDir(id), 'job.json');
const read = (id) => JSON.parse(readFileSync(metaPath(id), 'utf8'));
const write = (meta) => {
  const temporary = `${metaPath(meta.id)}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(meta));
  renameSync(temporary, metaPath(meta.id));
};
const known = (id) => /^\d+$/.test(id ?? '') && existsSync(metaPath(id));
const ended = (meta) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(meta.state);
const print = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
const unknown = (id) => {
  process.stderr.write(`unknown job ${id}\n`);
  process.exit(2);
};

/** The next id, taken under an exclusive lock file so that concurrent submits never share one. */
function nextId() {
  for (;;) {
    try {
      const lock = openSync(join(state, 'counter.lock'), 'wx');
      const counterPath = join(state, 'counter');
      const id = (existsSync(counterPath) ? Number(readFileSync(counterPath, 'utf8')) : 0) + 1;
      writeFileSync(counterPath, String(id));
      closeSync(lock);
      renameSync(join(state, 'counter.lock'), join(state, `counter.${id}.released`));
      return String(id);
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
  }
}

if (command === 'submit') {
  const script = readFileSync(0, 'utf8');
  const name = args[args.indexOf('--name') + 1] ?? 'job';
  const id = nextId();
  mkdirSync(jobDir(id));
  writeFileSync(join(jobDir(id), 'job.js'), script);
  write({ id, name, state: 'PENDING', exitCode: null, submittedAt: new Date().toISOString() });
  const runner = spawn(process.execPath, [fileURLToPath(import.meta.url), state, 'run', id], {
    detached: true,
    stdio: 'ignore',
  });
  runner.unref();
  print({ id });
} else if (command === 'run') {
  const [id] = args;
  const meta = read(id);
  if (meta.state !== 'PENDING') process.exit(0);
  const out = openSync(join(jobDir(id), 'output.log'), 'a');
  const job = spawn(process.execPath, [join(jobDir(id), 'job.js')], {
    stdio: ['ignore', out, out],
    detached: true,
  });
  write({ ...meta, state: 'RUNNING', pid: job.pid, startedAt: new Date().toISOString() });
  job.on('exit', (code, signal) => {
    const now = read(id);
    if (now.state === 'CANCELLED') return;
    const exitCode = code ?? 128;
    write({
      ...now,
      state: exitCode === 0 ? 'COMPLETED' : 'FAILED',
      exitCode,
      endedAt: new Date().toISOString(),
      signal,
    });
  });
} else if (command === 'status') {
  if (!known(args[0])) unknown(args[0]);
  const { pid: _pid, ...meta } = read(args[0]);
  print(meta);
} else if (command === 'cancel') {
  if (!known(args[0])) unknown(args[0]);
  const meta = read(args[0]);
  if (ended(meta)) {
    print({ cancelled: false });
  } else {
    write({ ...meta, state: 'CANCELLED', endedAt: new Date().toISOString() });
    if (meta.pid) {
      try {
        process.kill(-meta.pid, 'SIGTERM');
      } catch {
        // It ended on its own in between.
      }
    }
    print({ cancelled: true });
  }
} else if (command === 'logs') {
  if (!known(args[0])) unknown(args[0]);
  const log = join(jobDir(args[0]), 'output.log');
  process.stdout.write(existsSync(log) ? readFileSync(log, 'utf8') : '');
} else if (command === 'list') {
  const ids = readdirSync(state).filter((entry) => known(entry));
  print(
    ids.map((id) => {
      const { pid: _pid, ...meta } = read(id);
      return meta;
    }),
  );
} else {
  process.stderr.write(`unknown command ${command}\n`);
  process.exit(64);
}
