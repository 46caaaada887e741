import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import {
  CONFORMANCE_CLAUSES,
  CONTRACT_VERSION,
  ConformanceCertificateSchema,
  createCertificate,
  parseCertificate,
  renderBadge,
  runConformance,
} from '../src/index.js';
import { memoryTarget } from './support/target.js';
import { assertWellFormedXml } from './support/xml.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'neural-certificate-'));
  dirs.push(dir);
  return dir;
}
async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (text) => (out += text), err: (text) => (err += text), isTTY: false });
  return { code, out, err };
}

describe('neural-conformance --certificate', { timeout: 60_000 }, () => {
  it('writes a schema-valid certificate and a green badge beside it for a connector that passes', async () => {
    const dir = await tempDir();
    const { code, err } = await run(
      fixture('reference.target.ts'),
      '--certificate',
      join(dir, 'conformance.json'),
    );
    expect(code).toBe(0);
    expect(err).toContain(`Certificate (passed) written to ${join(dir, 'conformance.json')}`);
    const certificate = ConformanceCertificateSchema.parse(
      JSON.parse(await readFile(join(dir, 'conformance.json'), 'utf8')),
    );
    expect(certificate.verdict).toBe('passed');
    expect(certificate.contract.version).toBe(CONTRACT_VERSION);
    expect(certificate.target.name).toBe('in-memory reference');
    expect(certificate.clauses.map((clause) => clause.id)).toEqual(
      CONFORMANCE_CLAUSES.map((clause) => clause.id),
    );
    for (const clause of certificate.clauses.filter((entry) => entry.outcome === 'skipped'))
      expect(clause.reason).toBeTruthy();
    expect(certificate.environment).toEqual({
      node: process.version,
      platform: process.platform,
      arch: process.arch,
    });
    expect(Date.parse(certificate.issuedAt)).toBeGreaterThanOrEqual(Date.parse(certificate.startedAt));

    const badge = await readFile(join(dir, 'conformance.svg'), 'utf8');
    assertWellFormedXml(badge);
    const major = CONTRACT_VERSION.split('.')[0];
    expect(badge).toContain(`<title>neural conformance: contract ${major}.x passed</title>`);
    expect(badge).toContain('fill="#4c1"');
  });

  it('--require fails certification when a required capability is not claimed: red badge, exit 1', async () => {
    const dir = await tempDir();
    const { code, out } = await run(
      fixture('required-only.target.ts'),
      '--require',
      'followLogs',
      '--certificate',
      join(dir, 'cert.json'),
      '--badge',
      join(dir, 'badge.svg'),
    );
    expect(code).toBe(1);
    expect(out).toContain('certifying, requires followLogs');
    expect(out).toMatch(
      /✗ [\w.-]+: .*\n\s+expected: the clause to run: the certification requires capabilities\.followLogs/,
    );
    const certificate = parseCertificate(JSON.parse(await readFile(join(dir, 'cert.json'), 'utf8')));
    expect(certificate.verdict).toBe('failed');
    expect(certificate.required).toEqual(['followLogs']);
    const badge = await readFile(join(dir, 'badge.svg'), 'utf8');
    assertWellFormedXml(badge);
    expect(badge).toContain('failed</title>');
    expect(badge).toContain('fill="#e05d44"');
  });

  it('--certify alone passes a connector that claims no optional capability (its skips keep their reasons)', async () => {
    const { code, out } = await run(fixture('required-only.target.ts'), '--certify', '--reporter', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.certification).toEqual({ certify: true, required: [] });
    expect(report.summary.skipped).toBeGreaterThan(0);
  });

  it('refuses, before running, a partial certification, an unknown capability and an unwritable folder', async () => {
    const partial = await run(fixture('reference.target.ts'), '--certify', '--only', 'auth.');
    expect(partial.code).toBe(2);
    expect(partial.err).toContain('only: cannot be used when certifying');
    const unknown = await run(fixture('reference.target.ts'), '--require', 'teleport');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('require.0: must name capabilities among');
    const nowhere = await run(
      fixture('reference.target.ts'),
      '--certificate',
      '/nonexistent/neural/cert.json',
    );
    expect(nowhere.code).toBe(2);
    expect(nowhere.err).toContain('--certificate: the folder of /nonexistent/neural/cert.json must exist');
    expect(nowhere.out).toBe('');
  });
});

describe('the certificate schema', () => {
  it('refuses a certificate whose verdict, counts or skips do not match its clauses', async () => {
    const report = await runConformance(memoryTarget(), { certify: true });
    const certificate = createCertificate(report, {
      issuedAt: new Date('2026-11-29T12:00:00Z'),
      environment: { node: 'v20.19.0', platform: 'linux', arch: 'x64' },
    });
    expect(certificate.issuedAt).toBe('2026-11-29T12:00:00.000Z');
    const failedClause = { ...certificate.clauses[0], outcome: 'failed' as const };
    expect(() =>
      parseCertificate({ ...certificate, clauses: [failedClause, ...certificate.clauses.slice(1)] }),
    ).toThrow(
      /summary: must count the clauses listed[\s\S]*a failure needs its message[\s\S]*verdict: must be "failed"/,
    );
    const skippedClause = { ...certificate.clauses[0], outcome: 'skipped' as const };
    expect(() =>
      parseCertificate({
        ...certificate,
        clauses: [skippedClause, ...certificate.clauses.slice(1)],
        summary: {
          ...certificate.summary,
          passed: certificate.summary.passed - 1,
          skipped: certificate.summary.skipped + 1,
        },
      }),
    ).toThrow(/clauses\.0\.reason: a skip needs its reason/);
    expect(() => parseCertificate({ ...certificate, contract: { version: '1' } })).toThrow(
      /contract\.version/,
    );
  });

  it('is issued only for a certifying run', async () => {
    const report = await runConformance(memoryTarget(), { only: ['auth.'] });
    expect(() => createCertificate(report)).toThrow(/certification\.certify: must be true/);
  });
});

describe('renderBadge', () => {
  it('escapes its texts into well-formed SVG', () => {
    const svg = renderBadge({ label: 'a <b> & "c"', message: "it's <passed>", color: '#4c1' });
    assertWellFormedXml(svg);
    expect(svg).toContain('<title>a &lt;b&gt; &amp; &quot;c&quot;: it&apos;s &lt;passed&gt;</title>');
  });

  it('refuses a colour that is not a hex colour rather than writing it into an attribute', () => {
    const svg = renderBadge({ label: 'x', message: 'y', color: '"/><script>' });
    assertWellFormedXml(svg);
    expect(svg).not.toContain('script');
  });
});
