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

/** Every method of the contract (core's list, from its build, which the run reads core from too). */
const CONTRACT = CONTRACT_METHODS;
/** The mock does not implement `waitForStatusChange`: core's capped polling of `getJobStatus` stands in. */
const MOCK_CONTRACT = CONTRACT_METHODS.filter((name) => name !== 'waitForStatusChange');

const mockFile = (name) => `packages/connector-mock/src/${name}`;
const mock = [
  // The contract methods, the class forwarding to them, and the machinery they run on.
  ...contractRanges(root, mockFile('mock-connector.ts'), MOCK_CONTRACT),
  ...contractRanges(root, mockFile('contract-methods.ts'), MOCK_CONTRACT),
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

const httpFile = (name) => `packages/connector-http/src/${name}`;
const http = [
  // The class: the contract methods (several forward to the operation modules below), the token exchange.
  ...contractRanges(root, httpFile('http-connector.ts'), [...CONTRACT, '#exchangeKeyForToken', 'toSummary']),
  // The operation modules the class forwards to: where logs, files, endpoints and the long-poll are done.
  ...contractRanges(root, httpFile('wait-for-status-change.ts'), ['waitForStatusChange']),
  ...contractRanges(root, httpFile('logs.ts'), ['getLogs', 'followLogs']),
  ...contractRanges(root, httpFile('files.ts'), ['uploadFile', 'downloadFile']),
  ...contractRanges(root, httpFile('endpoints.ts'), ['deployModel', 'deleteEndpoint', 'assertEndpointName']),
  ...contractRanges(root, httpFile('paths.ts'), ['jobPath']),
  // The state and error tables, whole: their lookups are core's (stateMapping, the transport's error rules), so
  // the tables' rows are the contract code: which platform state is which status, which answer which error.
  httpFile('states.ts'),
  httpFile('errors.ts'),
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

/**
 * Per connector: the lines to mutate. Its conformance run (test/<name>.conformance.ts) is chosen by
 * vitest.config.ts from the same variable, not by Stryker's `testFiles`: with `testFiles`, Stryker 9.6.1
 * activates a static mutant (a module-level table such as the state or error table) only after the module has
 * loaded, so every one of them "survives" (stryker-js#6144).
 */
const CONNECTORS = { mock, http };
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
  mutate: connectors.flatMap((name) => CONNECTORS[name]),
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
