import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CloudExecutionError,
  InvalidParameterError,
  JobNotFoundError,
  JobStatus,
  NotSupportedError,
} from '@neural/integrations-core';
import { describe, expect, inject, it } from 'vitest';
import { LocalConnector } from '../src/index.js';
import { mapLocalState } from '../src/states.js';
import { finished, freshRoot, localConnector } from './support.js';

describe('LocalConnector runs a job as a local process', () => {
  it('runs Python code with python3 by default and returns what it printed as the output of a SUCCEEDED job', async () => {
    const connector = new LocalConnector({ root: await freshRoot(), runnerPath: inject('runnerPath') });
    expect(connector.interpreter).toEqual(['python3']);
    const jobId = await connector.submitJob({ code: 'print("hello from python")', jobName: 'greeting' });
    const result = await finished(connector, jobId);
    expect(result.status).toBe(JobStatus.SUCCEEDED);
    expect(result.rawState).toBe('EXITED');
    expect(result.output).toBe('hello from python\n');
    expect(result.error).toBeUndefined();
    expect(result.durationSeconds).toBeGreaterThanOrEqual(0);
    expect(result.logsUrl).toBe(`file://${join(connector.jobFolder(jobId), 'job.log')}`);
    expect(await connector.getLogs(jobId)).toBe('hello from python\n');
    const [summary] = await connector.listJobs();
    expect(summary).toMatchObject({
      id: jobId,
      name: 'greeting',
      status: JobStatus.SUCCEEDED,
      rawState: 'EXITED',
    });
  });

  it('reports a non-zero exit as FAILED, with the exit code and the end of stderr', async () => {
    const connector = await localConnector();
    const jobId = await connector.submitJob({
      code: 'import sys\nprint("partial")\nsys.stderr.write("ValueError: bad batch\\n")\nsys.exit(3)',
    });
    const result = await finished(connector, jobId);
    expect(result.status).toBe(JobStatus.FAILED);
    expect(result.rawState).toBe('EXITED');
    expect(result.output).toBe('partial\n');
    expect(result.error).toContain('exited with code 3');
    expect(result.error).toContain('ValueError: bad batch');
  });

  it('reports an interpreter that cannot be started as FAILED (START_FAILED)', async () => {
    const connector = await localConnector({ interpreter: ['/nonexistent/python9'] });
    const result = await finished(connector, await connector.submitJob({ code: 'print(1)' }));
    expect(result.status).toBe(JobStatus.FAILED);
    expect(result.rawState).toBe('START_FAILED');
    expect(result.error).toContain('/nonexistent/python9');
  });

  it("passes the request's environment and only safe variables of the submitting process", async () => {
    process.env.NEURAL_LOCAL_TEST_LEAK = 'must-not-leak';
    try {
      const connector = await localConnector();
      const jobId = await connector.submitJob({
        code: 'import os\nprint(os.environ["GREETING"], "NEURAL_LOCAL_TEST_LEAK" in os.environ, os.environ["NEURAL_JOB_ID"], "PATH" in os.environ)',
        environment: { GREETING: 'bonjour' },
      });
      const result = await finished(connector, jobId);
      expect(result.output).toBe(`bonjour False ${jobId} True\n`);
    } finally {
      delete process.env.NEURAL_LOCAL_TEST_LEAK;
    }
  });

  it('runs code with quotes, $(…) and backticks literally: nothing reaches a shell', async () => {
    const root = await freshRoot();
    const victim = join(root, 'victim');
    await writeFile(victim, 'still here');
    const connector = await localConnector({ root });
    const code = `print("it's \\"quoted\\" $(rm -rf ${victim}) \`rm -rf ${victim}\`; rm -rf ${victim}")`;
    const result = await finished(connector, await connector.submitJob({ code }));
    expect(result.status).toBe(JobStatus.SUCCEEDED);
    expect(result.output).toBe(`it's "quoted" $(rm -rf ${victim}) \`rm -rf ${victim}\`; rm -rf ${victim}\n`);
    expect(existsSync(victim)).toBe(true);
  });

  it('runs the code with another interpreter when one is configured', async () => {
    const node = await localConnector({ interpreter: ['node'] });
    const fromNode = await finished(node, await node.submitJob({ code: 'console.log(40 + 2)' }));
    expect(fromNode.output).toBe('42\n');
    const bash = await localConnector({ interpreter: ['bash'] });
    const fromBash = await finished(
      bash,
      await bash.submitJob({ code: 'echo "$GREETING from $0"', environment: { GREETING: 'hi' } }),
    );
    expect(fromBash.output).toMatch(/^hi from .*main\.sh\n$/);
  });

  it('runs each job in a working folder of its own', async () => {
    const connector = await localConnector();
    const first = await connector.submitJob({
      code: 'open("state.txt", "w").write("mine")\nimport os\nprint(os.getcwd())',
    });
    const second = await connector.submitJob({ code: 'import os\nprint(os.path.exists("state.txt"))' });
    const [a, b] = await Promise.all([finished(connector, first), finished(connector, second)]);
    expect(a.output?.trim()).toBe(join(connector.jobFolder(first), 'work'));
    expect(b.output).toBe('False\n');
  });

  it('collects NEURAL_METRIC lines into metrics, later values winning, malformed lines ignored', async () => {
    const connector = await localConnector();
    const code = [
      'import json',
      'print("NEURAL_METRIC " + json.dumps({"loss": 0.9, "epoch": 1}))',
      'print("NEURAL_METRIC {not json")',
      'print("NEURAL_METRIC [1, 2]")',
      'print("loss is not a metric line: NEURAL_METRIC {\\"x\\": 1}")',
      'print("NEURAL_METRIC " + json.dumps({"loss": 0.12, "accuracy": 0.97, "tags": ["a"]}))',
    ].join('\n');
    const result = await finished(connector, await connector.submitJob({ code }));
    expect(result.metrics).toEqual({ loss: 0.12, epoch: 1, accuracy: 0.97, tags: ['a'] });
  });

  it('lists the files a job writes under its artifacts folder', async () => {
    const connector = await localConnector();
    const code = [
      'import os',
      'os.makedirs("artifacts/checkpoints", exist_ok=True)',
      'open("artifacts/model.bin", "w").write("weights")',
      'open(os.path.join(os.environ["NEURAL_ARTIFACTS_DIR"], "checkpoints", "step-1.pt"), "w").write("ckpt")',
      'open("scratch.txt", "w").write("not an artifact")',
    ].join('\n');
    const jobId = await connector.submitJob({ code });
    const result = await finished(connector, jobId);
    const artifacts = join(connector.jobFolder(jobId), 'work', 'artifacts');
    expect(result.artifacts).toEqual([
      join(artifacts, 'checkpoints', 'step-1.pt'),
      join(artifacts, 'model.bin'),
    ]);
  });

  it('keeps output to the last 64 KiB of stdout', async () => {
    const connector = await localConnector();
    const code = 'import sys\nsys.stdout.write("a" * 100000 + "END")';
    const result = await finished(connector, await connector.submitJob({ code }));
    expect(result.output?.length).toBe(64 * 1024);
    expect(result.output?.endsWith('aEND')).toBe(true);
  });

  it('streams the log with followLogs and ends once the job has ended', async () => {
    const connector = await localConnector();
    const jobId = await connector.submitJob({
      code: 'import sys\nfor i in range(3):\n    print(f"line {i}", flush=True)\nsys.stderr.write("to stderr\\n")',
    });
    let text = '';
    for await (const chunk of connector.followLogs(jobId)) text += chunk;
    expect(text).toBe('line 0\nline 1\nline 2\nto stderr\n');
    expect(await connector.getJobStatus(jobId)).toBe(JobStatus.SUCCEEDED);
    let fromOffset = '';
    for await (const chunk of connector.followLogs(jobId, { fromOffset: 7 })) fromOffset += chunk;
    expect(fromOffset).toBe('line 1\nline 2\nto stderr\n');
  });
});

describe('LocalConnector validates before it runs anything', () => {
  it('refuses a bad request with InvalidParameterError and creates no job', async () => {
    const connector = await localConnector();
    await expect(connector.submitJob({ code: '   ' })).rejects.toSatisfy(InvalidParameterError.isInstance);
    await expect(
      connector.submitJob({ code: 'print(1)', environment: { 'BAD NAME': 'x' } }),
    ).rejects.toSatisfy(InvalidParameterError.isInstance);
    await expect(connector.submitJob({ code: 'print(1)', dependencies: ['numpy'] })).rejects.toThrow(
      /dependencies/,
    );
    await expect(
      connector.submitJob({ code: 'print(1)', resourceConfig: { cpuCount: 100_000 } }),
    ).rejects.toThrow(/resourceConfig\.cpuCount: asks for 100000 CPUs/);
    await expect(
      connector.submitJob({ code: 'print(1)', resourceConfig: { maxRuntimeHours: -1 } }),
    ).rejects.toThrow(/resourceConfig\.maxRuntimeHours/);
    expect(await connector.listJobs()).toEqual([]);
  });

  it('refuses bad options with InvalidParameterError naming them', () => {
    expect(() => new LocalConnector({ interpreter: [] })).toThrow(/interpreter: must name a program/);
    expect(() => new LocalConnector({ cancelGracePeriodMs: -5 })).toThrow(/cancelGracePeriodMs/);
    expect(() => new LocalConnector({ codeFileName: '../escape.py' })).toThrow(/codeFileName/);
  });

  it('throws JobNotFoundError for unknown ids and InvalidParameterError for malformed ones', async () => {
    const connector = await localConnector();
    for (const id of ['local-zzzz-000000000000', '../../etc/passwd', 'no-such-job']) {
      await expect(connector.getJobStatus(id)).rejects.toSatisfy(JobNotFoundError.isInstance);
      await expect(connector.getJobResult(id)).rejects.toSatisfy(JobNotFoundError.isInstance);
      await expect(connector.getLogs(id)).rejects.toSatisfy(JobNotFoundError.isInstance);
      await expect(connector.cancelJob(id)).rejects.toSatisfy(JobNotFoundError.isInstance);
    }
    await expect(connector.getJobStatus('')).rejects.toSatisfy(InvalidParameterError.isInstance);
    await expect(connector.listJobs({ limit: 0 })).rejects.toSatisfy(InvalidParameterError.isInstance);
  });

  it('validates job records when reading them: a corrupt record is an error, and listJobs skips it', async () => {
    const connector = await localConnector();
    const jobId = await connector.submitJob({ code: 'print(1)' });
    await finished(connector, jobId);
    await writeFile(join(connector.jobFolder(jobId), 'job.json'), '{"version": 1, "state": "SOMETHING"}');
    await expect(connector.getJobStatus(jobId)).rejects.toSatisfy(
      (error: unknown) => CloudExecutionError.isInstance(error) && error.code === 'CORRUPT_RECORD',
    );
    expect(await connector.listJobs()).toEqual([]);
  });
});

describe('LocalConnector capabilities and credentials', () => {
  it('declares idempotency, files, usage, followLogs and waitForStatusChange, and refuses deployments', async () => {
    const connector = await localConnector();
    expect(connector.capabilities).toEqual({
      deployModel: false,
      deleteEndpoint: false,
      uploadFile: true,
      downloadFile: true,
      getResourceUsage: true,
      followLogs: true,
      idempotency: true,
      waitForStatusChange: true,
    });
    await expect(connector.deployModel('model.pt', 'endpoint')).rejects.toSatisfy(
      NotSupportedError.isInstance,
    );
    await expect(connector.deleteEndpoint('endpoint')).rejects.toSatisfy(NotSupportedError.isInstance);
  });

  it('authenticates when the interpreter exists and the root is writable, and not otherwise', async () => {
    expect(await (await localConnector()).authenticate()).toBe(true);
    expect(await (await localConnector({ interpreter: ['no-such-interpreter-xyz'] })).authenticate()).toBe(
      false,
    );
    const root = await freshRoot();
    await writeFile(join(root, 'a-file'), '');
    expect(await (await localConnector({ root: join(root, 'a-file', 'jobs') })).authenticate()).toBe(false);
  });

  it('maps every raw state onto a JobStatus', () => {
    expect(mapLocalState({ state: 'QUEUED' })).toBe(JobStatus.PENDING);
    expect(mapLocalState({ state: 'RUNNING' })).toBe(JobStatus.RUNNING);
    expect(mapLocalState({ state: 'EXITED', exitCode: 0 })).toBe(JobStatus.SUCCEEDED);
    expect(mapLocalState({ state: 'EXITED', exitCode: 1 })).toBe(JobStatus.FAILED);
    expect(mapLocalState({ state: 'SIGNALED', exitCode: null })).toBe(JobStatus.FAILED);
    expect(mapLocalState({ state: 'TIMEOUT' })).toBe(JobStatus.FAILED);
    expect(mapLocalState({ state: 'START_FAILED' })).toBe(JobStatus.FAILED);
    expect(mapLocalState({ state: 'LOST' })).toBe(JobStatus.FAILED);
    expect(mapLocalState({ state: 'KILLED' })).toBe(JobStatus.CANCELLED);
  });
});
