// A vitest reporter, added by scripts/test.sh to every package's `vitest run` (next to the default one), that
// writes what the run did to <package>/.test-report.json: how many tests passed, failed and were skipped, and
// each skipped test with its reason, for scripts/test-summary.mjs to print at the end of the run. The file is
// the test task's turbo output, so a cached task restores it. Without NEURAL_TEST_REPORT=1 it writes nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where, in the package's folder, the report goes (scripts/test-summary.mjs reads the same name). */
export const REPORT_FILE = '.test-report.json';

/** Why a test was skipped: the note given to `ctx.skip(note)`, else how it was skipped. */
function skipReason(test) {
  const result = test.result();
  if (result.note) return result.note;
  const mode = test.options.mode;
  if (mode === 'todo') return 'todo';
  if (mode === 'skip') return 'skipped by .skip/.skipIf (the reason, by convention, is in the name)';
  return 'not selected (.only or a name filter)';
}

export default class NeuralReportReporter {
  onInit(vitest) {
    this.root = vitest.config.root;
  }

  onTestRunEnd(testModules, unhandledErrors) {
    if (process.env.NEURAL_TEST_REPORT !== '1') return;
    let name = this.root;
    try {
      name = JSON.parse(readFileSync(join(this.root, 'package.json'), 'utf8')).name ?? name;
    } catch {
      // A root without package.json is reported by its path.
    }
    const report = {
      package: name,
      passed: 0,
      failed: 0,
      skipped: 0,
      failedTests: [],
      skippedTests: [],
      // A file that did not load (an import error, a throw at the top level) runs no test: a failure.
      brokenFiles: [],
      unhandledErrors: unhandledErrors.map((error) => String(error.message ?? error).split('\n')[0]),
    };
    for (const module of testModules) {
      const file = module.relativeModuleId;
      const moduleErrors = module.errors();
      if (moduleErrors.length > 0) {
        report.brokenFiles.push({ file, error: String(moduleErrors[0].message ?? '').split('\n')[0] });
      }
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') report.passed++;
        else if (state === 'failed') {
          report.failed++;
          report.failedTests.push({ file, name: test.fullName });
        } else if (state === 'skipped') {
          report.skipped++;
          report.skippedTests.push({ file, name: test.fullName, reason: skipReason(test) });
        }
      }
    }
    writeFileSync(join(this.root, REPORT_FILE), `${JSON.stringify(report, null, 2)}\n`);
  }
}
