#!/usr/bin/env node
/**
 * Summarises a Stryker JSON report (mutation-testing-report-schema): the score per connector and every mutant
 * the suite did not kill, as file:line, mutator, and the replacement. `node survivors.mjs <report.json>`.
 */
import { readFileSync } from 'node:fs';

const reportPath = process.argv[2] ?? 'tests/mutation/reports/mutation.json';
const report = JSON.parse(readFileSync(reportPath, 'utf8'));

const UNDETECTED = new Set(['Survived', 'NoCoverage']);

const connectorOf = (file) => /packages\/([^/]+)\//.exec(file)?.[1] ?? file;
const oneLine = (text) => (text ?? '').replace(/\s+/g, ' ').trim();
const short = (text, max = 90) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const totals = new Map();
const survivors = [];
for (const [file, { mutants }] of Object.entries(report.files)) {
  const connector = connectorOf(file);
  const total = totals.get(connector) ?? {
    killed: 0,
    timeout: 0,
    survived: 0,
    noCoverage: 0,
    ignored: 0,
    errors: 0,
  };
  totals.set(connector, total);
  for (const mutant of mutants) {
    if (mutant.status === 'Killed') total.killed++;
    else if (mutant.status === 'Timeout') total.timeout++;
    else if (mutant.status === 'Survived') total.survived++;
    else if (mutant.status === 'NoCoverage') total.noCoverage++;
    else if (mutant.status === 'Ignored') total.ignored++;
    else total.errors++;
    if (UNDETECTED.has(mutant.status)) {
      survivors.push({
        connector,
        where: `${file}:${mutant.location.start.line}`,
        column: mutant.location.start.column,
        mutator: mutant.mutatorName,
        replacement: short(oneLine(mutant.replacement)),
        status: mutant.status,
      });
    }
  }
}

const score = (t) => {
  const detected = t.killed + t.timeout;
  const valid = detected + t.survived + t.noCoverage;
  return valid === 0 ? 'n/a' : `${((100 * detected) / valid).toFixed(2)}%`;
};

console.log(
  '\nMutation score per connector (killed + timed out, of mutants that compile; ignored left out)\n',
);
const all = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0 };
for (const [connector, t] of totals) {
  for (const key of Object.keys(all)) all[key] += t[key];
  console.log(
    `  ${connector.padEnd(24)} ${score(t).padStart(7)}  killed ${t.killed}, timeout ${t.timeout}, survived ${t.survived}, no coverage ${t.noCoverage}, ignored ${t.ignored}, errors ${t.errors}`,
  );
}
console.log(
  `  ${'all'.padEnd(24)} ${score(all).padStart(7)}  killed ${all.killed}, timeout ${all.timeout}, survived ${all.survived}, no coverage ${all.noCoverage}, ignored ${all.ignored}, errors ${all.errors}`,
);

survivors.sort((a, b) => a.where.localeCompare(b.where, undefined, { numeric: true }) || a.column - b.column);
console.log(`\n${survivors.length} mutant(s) not killed\n`);
for (const s of survivors) {
  console.log(
    `  ${s.where}:${s.column}  ${s.mutator}${s.status === 'NoCoverage' ? ' (no coverage)' : ''}  → ${s.replacement}`,
  );
}
