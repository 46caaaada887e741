import type { Clock } from '@neural/integrations-core';
import { AwsServiceError, validationError } from './aws-error.js';
import { arnOf, type Json, type JsonObject, required, str } from './json.js';
import type { ResolvedFakeAwsOptions } from './options.js';
import type { FakeTrainingJob } from './sagemaker-training-jobs.js';

const LOG_GROUP = '/aws/sagemaker/TrainingJobs';

/** The fake's CloudWatch Logs: the log streams of the training jobs, read from their timelines. */
export class FakeCloudWatchLogs {
  constructor(
    readonly options: ResolvedFakeAwsOptions,
    readonly clock: Clock,
    readonly jobs: ReadonlyMap<string, FakeTrainingJob>,
  ) {}

  #arn(service: string, resource: string): string {
    return arnOf(this.options, service, resource);
  }

  /** Every log stream that exists now: a job's instances write theirs once its container started. */
  #streams(now: number): { job: FakeTrainingJob; streamName: string }[] {
    return [...this.jobs.values()]
      .filter(
        (job) =>
          !job.timeline.scenario.clientError &&
          job.timeline.trainAt <= now &&
          job.timeline.logEnd() >= job.timeline.trainAt,
      )
      .flatMap((job) => job.streamNames.map((streamName) => ({ job, streamName })));
  }

  #logGroup(name: Json | undefined, now: number): void {
    const group = required(str(name), 'logGroupName');
    if (group !== LOG_GROUP || this.#streams(now).length === 0) {
      throw new AwsServiceError('ResourceNotFoundException', 'The specified log group does not exist.');
    }
  }

  describeLogStreams(request: JsonObject): JsonObject {
    const now = this.clock.now();
    this.#logGroup(request.logGroupName, now);
    const prefix = str(request.logStreamNamePrefix) ?? '';
    const limit = typeof request.limit === 'number' ? request.limit : 50;
    if (limit < 1 || limit > 50)
      throw validationError('limit', limit, 'Member must have value between 1 and 50');
    const streams = this.#streams(now)
      .filter(({ streamName }) => streamName.startsWith(prefix))
      .sort((a, b) => a.streamName.localeCompare(b.streamName));
    const start =
      request.nextToken === undefined ? 0 : Number(String(request.nextToken).replace(/^streams-/, ''));
    const page = streams.slice(start, start + limit);
    return {
      logStreams: page.map(({ job, streamName }) => {
        const events = job.timeline.logEvents().filter((event) => event.at <= now);
        return {
          logStreamName: streamName,
          creationTime: job.timeline.trainAt,
          arn: this.#arn('logs', `log-group:${LOG_GROUP}:log-stream:${streamName}`),
          ...(events.length > 0
            ? {
                firstEventTimestamp: (events[0] as { at: number }).at,
                lastEventTimestamp: (events.at(-1) as { at: number }).at,
                lastIngestionTime: (events.at(-1) as { at: number }).at,
              }
            : {}),
        };
      }),
      ...(start + limit < streams.length ? { nextToken: `streams-${start + limit}` } : {}),
    };
  }

  getLogEvents(request: JsonObject): JsonObject {
    const now = this.clock.now();
    this.#logGroup(request.logGroupName, now);
    const streamName = required(str(request.logStreamName), 'logStreamName');
    const job = this.#streams(now).find((candidate) => candidate.streamName === streamName)?.job;
    if (!job)
      throw new AwsServiceError('ResourceNotFoundException', 'The specified log stream does not exist.');
    const limit = typeof request.limit === 'number' ? request.limit : this.options.logPageSize;
    if (limit < 1 || limit > 10_000)
      throw validationError('limit', limit, 'Member must have value between 1 and 10000');
    const events = job.timeline.logEvents().filter((event) => event.at <= now);
    const token = str(request.nextToken);
    let start = 0;
    if (token !== undefined) {
      const match = /^f\/(\d{20})$/.exec(token);
      if (!match)
        throw new AwsServiceError('InvalidParameterException', 'The specified nextToken is invalid.');
      start = Number(match[1]);
    } else if (request.startFromHead !== true) {
      start = Math.max(0, events.length - limit);
    }
    const page = events.slice(start, start + limit);
    const next = start + page.length;
    return {
      events: page.map((event) => ({ timestamp: event.at, message: event.message, ingestionTime: event.at })),
      nextForwardToken: `f/${String(next).padStart(20, '0')}`,
      nextBackwardToken: `b/${String(start).padStart(20, '0')}`,
    };
  }
}
