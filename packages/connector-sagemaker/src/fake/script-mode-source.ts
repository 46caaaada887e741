import { unpackTarGz } from '../archive.js';
import { type Json, type JsonObject, obj, str } from './json.js';
import type { ResolvedFakeAwsOptions } from './options.js';
import type { FakeS3Store } from './s3-store.js';
import { failedDownload, readTrainingScenario, type TrainingScenario } from './training-job.js';

const S3_URI = /^s3:\/\/([^/]+)\/(.*)$/;

/**
 * What a script-mode training job will do: its entry script (`sagemaker_program`) read out of the source
 * archive its `sagemaker_submit_directory` hyperparameter names on the fake's S3, or why it cannot run.
 */
export function scenarioFromSource(
  request: JsonObject,
  options: ResolvedFakeAwsOptions,
  s3: FakeS3Store,
): TrainingScenario {
  const defaults = {
    queueMs: options.defaultQueueMs,
    startingMs: options.defaultStartingMs,
    durationMs: options.defaultDurationMs,
  };
  const hyper = obj(request.HyperParameters) ?? {};
  const decode = (value: Json | undefined) => {
    const text = str(value);
    if (text === undefined) return undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === 'string' ? parsed : text;
    } catch {
      return text;
    }
  };
  const program = decode(hyper.sagemaker_program);
  const directory = decode(hyper.sagemaker_submit_directory);
  const match = directory ? S3_URI.exec(directory) : null;
  if (!program || !match) {
    return failedDownload(
      'ClientError: no sagemaker_program / sagemaker_submit_directory hyperparameters (script mode)',
      defaults,
    );
  }
  let files: Map<string, Buffer>;
  try {
    files = unpackTarGz(s3.getObject(match[1] as string, match[2] as string).data);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return failedDownload(
      `ClientError: Data download failed: could not read ${directory} (${why})`,
      defaults,
    );
  }
  const script = files.get(program);
  if (!script) return failedDownload(`ClientError: ${program} is not in ${directory}`, defaults);
  const code = script.toString('utf8');
  const scenario = readTrainingScenario(code, defaults);
  // `print(os.environ["NAME"])` prints the job's environment variable: what reaches the container is checked.
  const environment = obj(request.Environment) ?? {};
  const printedEnv = [
    ...code.matchAll(/print\(\s*os\.environ\[\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\1\s*\]\s*\)/g),
  ].map((match) => str(environment[match[2] as string]) ?? `KeyError: '${match[2]}'`);
  return printedEnv.length > 0 ? { ...scenario, logLines: [...scenario.logLines, ...printedEnv] } : scenario;
}
