/**
 * Stryker mutates the contract code of the reference connectors and runs the conformance suite alone
 * (test/*.conformance.ts) against each mutant. Run from the repository root (`pnpm mutation` does): Stryker
 * only mutates files under its working directory, and its sandbox copies just the packages listed below.
 */
import { fileURLToPath } from 'node:url';
import { CONTRACT_METHODS } from '@neural/integrations-core';
import { contractRanges } from './scripts/contract-ranges.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = 'tests/mutation';

/**
 * Every method of the contract (core's list, from its build, which the run reads core from too) but
 * `waitForStatusChange`: the mock does not implement it, and HttpConnector's is not in the measured scope yet
 * (packages/connector-conformance/MUTATION.md).
 */
const CONTRACT = CONTRACT_METHODS.filter((name) => name !== 'waitForStatusChange');

const mockFile = (name) => `packages/connector-mock/src/${name}`;
const mock = [
  // The contract methods, the class forwarding to them, and the machinery they run on.
  ...contractRanges(root, mockFile('mock-connector.ts'), CONTRACT),
  ...contractRanges(root, mockFile('contract-methods.ts'), CONTRACT),
  ...contractRanges(root, mockFile('call-pipeline.ts'), ['call', 'callStream', '#prepare']),
  ...contractRanges(root, mockFile('api-keys.ts'), ['apiKeyAccepted']),
  ...contractRanges(root, mockFile('mock-platform.ts'), [
    'submit',
    'status',
    'result',
    'endEarly',
    'list',
    'logText',
    'followLog',
    'deploy',
    'usage',
  ]),
  ...contractRanges(root, mockFile('job-store.ts'), ['submit', 'get']),
  ...contractRanges(root, mockFile('job-state.ts'), ['viewJob', 'endJobEarly']),
  ...contractRanges(root, mockFile('job-result.ts'), ['jobResult']),
  ...contractRanges(root, mockFile('job-listing.ts'), ['listMockJobs']),
  ...contractRanges(root, mockFile('job-log.ts'), ['plannedLog', 'logEntries', 'logText']),
  ...contractRanges(root, mockFile('log-follow.ts'), ['streamLogs', '#streamFrom', '#waitForChange']),
  ...contractRanges(root, mockFile('mock-job.ts'), ['wakeStreams']),
  ...contractRanges(root, mockFile('file-store.ts'), ['upload', 'download']),
  ...contractRanges(root, mockFile('endpoints.ts'), ['checkDeployment', 'deploy', 'delete']),
  ...contractRanges(root, mockFile('resource-usage.ts'), ['mockResourceUsage']),
];

const http = [
  ...contractRanges(root, 'packages/connector-http/src/http-connector.ts', [
    ...CONTRACT,
    '#exchangeKeyForToken',
    'toSummary',
  ]),
  ...contractRanges(root, 'packages/connector-http/src/paths.ts', ['jobPath']),
  ...contractRanges(root, 'packages/connector-http/src/endpoints.ts', ['assertEndpointName']),
  // The state table, whole: its lookups are core's stateMapping now, so the table's rows are the contract code.
  'packages/connector-http/src/states.ts',
];

/** The connectors named in NEURAL_MUTATION_CONNECTORS (comma-separated), or all of them. */
function selected() {
  const names = (process.env.NEURAL_MUTATION_CONNECTORS ?? '').split(',').filter(Boolean);
  for (const name of names) {
    if (!(name in CONNECTORS)) {
      throw new Error(`unknown connector "${name}": one of ${Object.keys(CONNECTORS).join(', ')}`);
    }
  }
  return names.length > 0 ? names : Object.keys(CONNECTORS);
}

/** Per connector: the lines to mutate, and the conformance run that must kill the mutants. */
const CONNECTORS = {
  mock: { mutate: mock, testFile: `${here}/test/mock.conformance.ts` },
  http: { mutate: http, testFile: `${here}/test/http.conformance.ts` },
};
const connectors = selected();

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  $schema: '../../node_modules/@stryker-mutator/core/schema/stryker-schema.json',
  testRunner: 'vitest',
  vitest: { configFile: `${here}/vitest.config.ts`, related: false },
  plugins: [
    fileURLToPath(import.meta.resolve('@stryker-mutator/vitest-runner')),
    fileURLToPath(new URL('./scripts/ignore-non-contract.mjs', import.meta.url)),
  ],
  ignorers: ['non-contract'],
  // `pnpm mutation mock` (or `http`) measures one connector; the default is both.
  mutate: connectors.flatMap((name) => CONNECTORS[name].mutate),
  testFiles: connectors.map((name) => CONNECTORS[name].testFile),
  coverageAnalysis: 'perTest',
  // Two cores, shared: one mutant at a time.
  concurrency: 1,
  incremental: true,
  incrementalFile: `${here}/reports/stryker-incremental.json`,
  reporters: ['clear-text', 'progress-append-only', 'json'],
  jsonReporter: { fileName: `${here}/reports/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // The sandbox holds the three packages the run reads from source and this one; node_modules are linked.
  ignorePatterns: [
    '/*',
    '!/tsconfig.base.json',
    '!/packages',
    '!/tests',
    '/packages/*',
    '!/packages/connector-mock',
    '!/packages/connector-http',
    '!/packages/connector-conformance',
    '/tests/*',
    `!/${here}`,
    '/packages/*/dist',
    '/packages/*/test',
    '/packages/*/docs',
    `/${here}/reports`,
  ],
  timeoutMS: 10_000,
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
