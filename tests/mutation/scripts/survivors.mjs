#!/usr/bin/env node
/**
 * Summarises a Stryker JSON report (mutation-testing-report-schema): the score per connector, and every mutant
 * the suite did not kill as file:line, mutator and replacement, with the rule of `equivalents.mjs` that explains
 * it or "GAP" when none does.
 *
 *   node survivors.mjs [report.json] [--markdown]
 *
 * `--markdown` prints the tables MUTATION.md records instead of the plain listing. Either way it ends with the
 * rules that explained no mutant of the connectors in the report: a rule that matches nothing is dead weight
 * (its code moved or was rewritten) and is to be removed or rewritten, not kept "just in case".
 */
import { readFileSync } from 'node:fs';
import { explain, RULES } from '../equivalents.mjs';

const args = process.argv.slice(2);
const markdown = args.includes('--markdown');
const reportPath = args.find((arg) => !arg.startsWith('--')) ?? 'tests/mutation/reports/mutation.json';
const report = JSON.parse(readFileSync(reportPath, 'utf8'));

const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const SIGNATURE = /^ {2}(?:(?:public|protected|private|static|override|async|get|set)\s+)*\*?(#?\w+)\s*[<(]/;
const FUNCTION = /^(?:export )?(?:async )?function\s*\*?\s*(\w+)\s*[<(]/;

const connectorOf = (file) => /packages\/([^/]+)\//.exec(file)?.[1] ?? file;
const oneLine = (text) => (text ?? '').replace(/\s+/g, ' ').trim();
const short = (text, max = 70) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Words that open a statement, not a method: `  if (`, `  for (` inside a top-level function. */
const STATEMENTS = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'await', 'throw', 'yield']);

/**
 * The method or function a line belongs to: the nearest signature above it. A call statement
 * (`  assertJobId(jobId);`) or a control statement indented like a method is not a signature.
 */
function methodAt(lines, line) {
  for (let i = line - 1; i >= 0; i--) {
    const match = SIGNATURE.exec(lines[i]) ?? FUNCTION.exec(lines[i]);
    if (match && !STATEMENTS.has(match[1]) && !/;\s*$/.test(lines[i])) return match[1];
  }
  return undefined;
}

const emptyTotals = () => ({
  killed: 0,
  timeout: 0,
  survived: 0,
  noCoverage: 0,
  ignored: 0,
  errors: 0,
  equivalent: 0,
  outside: 0,
});
const totals = new Map();
const notKilled = [];
/** How many mutants each rule explained (the first rule that matches a mutant explains it). */
const used = new Map();
for (const [file, { mutants, source }] of Object.entries(report.files)) {
  const connector = connectorOf(file);
  const lines = source.split('\n');
  const total = totals.get(connector) ?? emptyTotals();
  totals.set(connector, total);
  for (const mutant of mutants) {
    if (mutant.status === 'Killed') total.killed++;
    else if (mutant.status === 'Timeout') total.timeout++;
    else if (mutant.status === 'Survived') total.survived++;
    else if (mutant.status === 'NoCoverage') total.noCoverage++;
    else if (mutant.status === 'Ignored') total.ignored++;
    else total.errors++;
    if (!UNDETECTED.has(mutant.status)) continue;
    const line = mutant.location.start.line;
    const method = methodAt(lines, line);
    const rule = explain(connector, method, lines[line - 1] ?? '', mutant);
    if (rule) {
      total[rule.kind]++;
      used.set(rule, (used.get(rule) ?? 0) + 1);
    }
    notKilled.push({
      connector,
      file,
      line,
      column: mutant.location.start.column,
      method,
      mutator: mutant.mutatorName,
      original: short(oneLine(lines[line - 1])),
      replacement: short(oneLine(mutant.replacement)),
      status: mutant.status,
      rule,
    });
  }
}

const percent = (part, whole) => (whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}%`);
function scores(t) {
  const detected = t.killed + t.timeout;
  const undetected = t.survived + t.noCoverage;
  const gaps = undetected - t.equivalent - t.outside;
  return {
    detected,
    undetected,
    gaps,
    stryker: percent(detected, detected + undetected),
    nonEquivalent: percent(detected, detected + gaps),
  };
}

const all = emptyTotals();
for (const t of totals.values()) for (const key of Object.keys(all)) all[key] += t[key];
const rows = [...totals.entries(), ['all', all]];
notKilled.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);

if (markdown) {
  console.log(
    '| connector | mutants | killed | timed out | not killed | equivalent | outside the contract | gaps | Stryker score | score without equivalents |',
  );
  console.log('| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: |');
  for (const [name, t] of rows) {
    const s = scores(t);
    console.log(
      `| ${name} | ${s.detected + s.undetected} | ${t.killed} | ${t.timeout} | ${s.undetected} | ${t.equivalent} | ${t.outside} | ${s.gaps} | ${s.stryker} | ${s.nonEquivalent} |`,
    );
  }
  const cell = (text) => `\`${text.replace(/\|/g, '\\|').replace(/`/g, "'")}\``;
  for (const [name] of totals) {
    console.log(`\n#### ${name}\n`);
    console.log('| where | mutator | original line → replacement | verdict |');
    console.log('| --- | --- | --- | --- |');
    for (const s of notKilled.filter((m) => m.connector === name)) {
      const verdict = s.rule ? `${s.rule.kind}: ${s.rule.reason}` : '**gap**';
      const where = `${s.file.replace(/^packages\//, '')}:${s.line}${s.method ? ` (${s.method})` : ''}`;
      console.log(
        `| ${where} | ${s.mutator}${s.status === 'NoCoverage' ? ' (no coverage)' : ''} | ${cell(s.original)} → ${cell(s.replacement)} | ${verdict} |`,
      );
    }
  }
} else {
  console.log('\nMutation score per connector (killed + timed out; ignored mutants left out)\n');
  for (const [name, t] of rows) {
    const s = scores(t);
    console.log(
      `  ${name.padEnd(22)} Stryker ${s.stryker.padStart(6)}, without equivalents ${s.nonEquivalent.padStart(6)}  (killed ${t.killed}, timeout ${t.timeout}, not killed ${s.undetected}: equivalent ${t.equivalent}, outside the contract ${t.outside}, gaps ${s.gaps}; ignored ${t.ignored}, errors ${t.errors})`,
    );
  }
  console.log(`\n${notKilled.length} mutant(s) not killed (GAP: no rule in equivalents.mjs explains it)\n`);
  for (const s of notKilled) {
    const verdict = s.rule ? s.rule.kind : 'GAP';
    console.log(
      `  ${s.file}:${s.line}:${s.column}  ${s.mutator}${s.status === 'NoCoverage' ? ' (no coverage)' : ''}  → ${s.replacement}  [${verdict}]`,
    );
  }
}

if (markdown) {
  // How many mutants each verdict sets aside: a rule that explains many is the one to read first.
  console.log('\n#### Verdicts by rule\n');
  console.log('| connector | verdict | mutants | reason |');
  console.log('| --- | --- | --: | --- |');
  for (const [rule, count] of [...used].sort((a, b) => b[1] - a[1])) {
    console.log(`| ${rule.connector} | ${rule.kind} | ${count} | ${rule.reason.replace(/\|/g, '\\|')} |`);
  }
}

// Only the connectors this report measured: `pnpm mutation mock` says nothing of the HttpConnector rules.
const unused = RULES.filter((rule) => totals.has(rule.connector) && !used.has(rule));
if (unused.length > 0) {
  console.log(
    `\n${unused.length} rule(s) in equivalents.mjs explained no mutant of this run (remove or rewrite them):\n`,
  );
  for (const rule of unused) {
    console.log(
      `  ${markdown ? '- ' : ''}${rule.connector} ${rule.kind}: ${String(rule.line)} (${rule.reason})`,
    );
  }
}
