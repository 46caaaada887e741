/**
 * The conformance target: SageMakerConnector, through the official AWS SDK clients, against the fake AWS
 * services. The fake runs on the system clock here (the suite waits on real time); its jobs are the smallest
 * that show each behaviour.
 *
 * The fake runs no Python: it reads the job's `# @fake` directives, prints the string literals of `print(...)`
 * calls and the variables of `print(os.environ["NAME"])` (from the training job's `Environment`).
 *
 * No clause is skipped for a missing capability: the connector claims every optional method but
 * `waitForStatusChange` (SageMaker has no long-poll or watch of a training job; `optional.unclaimed-not-supported`
 * checks that it is absent). `jobs.requeue` is not given: the fake has no spot interruption to stand in for
 * one (a requeue reads `InProgress/Restarting`, mapped to pending, which states.test.ts covers).
 */
import { type ConformanceTarget, defineConformanceTarget } from '@neural/connector-conformance';
import { SageMakerConnector, type SageMakerCredentials } from '../src/index.js';

/** The execution role every target uses (the fake checks its shape only). */
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/SageMakerExecution';

/** Builds the target for a fake whose URL `endpoint()` gives (a loopback server's is known only after setup). */
export function sagemakerTarget(
  name: string,
  endpoint: () => string,
  hooks: Pick<ConformanceTarget<SageMakerCredentials>, 'setup' | 'teardown'> = {},
): ConformanceTarget<SageMakerCredentials> {
  return defineConformanceTarget<SageMakerCredentials>({
    name,
    ...hooks,
    create: (credentials) =>
      new SageMakerConnector(credentials, {
        endpoint: endpoint(),
        region: 'us-east-1',
        roleArn: ROLE_ARN,
        bucket: 'neural-sagemaker',
        retry: { initialDelayMs: 1 },
        logPollIntervalMs: 20,
      }),
    credentials: {
      valid: { accessKeyId: 'AKIACONFORMANCE00001', secretAccessKey: 'conformance-secret-KNOWN-value' },
      invalid: { accessKeyId: 'AKIAREFUSED000000001', secretAccessKey: 'conformance-secret-refused' },
    },
    jobs: {
      succeeds: {
        code: 'print("hello conformance")\n# @fake duration=100ms',
        expectedOutput: 'hello conformance',
      },
      fails: { code: 'print("about to fail")\n# @fake duration=100ms fail="deliberate failure"' },
      runsLong: { code: '# @fake forever' },
      echo: (text: string) => `print(${JSON.stringify(text)})\n# @fake duration=50ms`,
      printsEnv: (name: string) =>
        `import os\nprint(os.environ[${JSON.stringify(name)}])\n# @fake duration=50ms`,
    },
    unknownJobId: 'neural-k000000000000000000000000',
    timing: { jobTimeoutMs: 10_000, pollIntervalMs: 10, maxPollIntervalMs: 50, abortGraceMs: 500 },
  });
}

/** The fake's settings for conformance: the target's access key, short life cycles. */
export const CONFORMANCE_FAKE = {
  accessKeys: { AKIACONFORMANCE00001: 'conformance-secret-KNOWN-value' },
  defaultQueueMs: 10,
  defaultStartingMs: 10,
  stoppingMs: 10,
} as const;
