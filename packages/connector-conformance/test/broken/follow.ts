import { type FollowLogsOptions, InvalidParameterError, JobStatus } from '@neural/integrations-core';
import { ReferenceConnector } from '../support/reference-connector.js';

/** Its log stream waits for the job to succeed or fail, and a cancel is neither: it never ends. */
export class FollowIgnoresCancelConnector extends ReferenceConnector {
  override async *followLogs(jobId: string, options: FollowLogsOptions = {}): AsyncIterable<string> {
    let offset = this.followOffset(options);
    for (;;) {
      const status = await this.getJobStatus(jobId, options);
      const logs = await this.getLogs(jobId, options);
      if (logs.length > offset) {
        yield logs.slice(offset);
        offset = logs.length;
      }
      if (status === JobStatus.SUCCEEDED || status === JobStatus.FAILED) return;
      await this.platform.clock.sleep(2, options.signal);
    }
  }
}

/** Yields the whole log again whenever it grows, instead of only what is new. */
export class FollowRepeatsLogConnector extends ReferenceConnector {
  // Long enough a run that the stream sees the log grow at least once before the end.
  protected override minimumPhaseMs = { durationMs: 200 };
  override async *followLogs(jobId: string, options: FollowLogsOptions = {}): AsyncIterable<string> {
    let seen = this.followOffset(options);
    for (;;) {
      const status = await this.getJobStatus(jobId, options);
      const logs = await this.getLogs(jobId, options);
      if (logs.length > seen) {
        yield logs;
        seen = logs.length;
      }
      if (status !== JobStatus.PENDING && status !== JobStatus.RUNNING) return;
      await this.platform.clock.sleep(2, options.signal);
    }
  }
}

/** Takes any offset: -1 and 1.5 are sliced from as they are, with no error. */
export class FollowTakesAnyOffsetConnector extends ReferenceConnector {
  override async *followLogs(jobId: string, options: FollowLogsOptions = {}): AsyncIterable<string> {
    const logs = await this.getLogs(jobId, options);
    yield logs.slice(options.fromOffset ?? 0);
    yield* super.followLogs(jobId, { ...options, fromOffset: logs.length });
  }
}

/** Checks the offset it is given, then streams from the start anyway. */
export class FollowIgnoresOffsetConnector extends ReferenceConnector {
  override async *followLogs(jobId: string, options: FollowLogsOptions = {}): AsyncIterable<string> {
    this.followOffset(options);
    yield* super.followLogs(jobId, { ...options, fromOffset: 0 });
  }
}

/** Refuses an offset of 0 along with the negative ones (`offset <= 0`), so only a stream without one starts at 0. */
export class FollowRefusesOffsetZeroConnector extends ReferenceConnector {
  protected override followOffset(options: FollowLogsOptions): number {
    if (options.fromOffset === 0) {
      throw InvalidParameterError.fromIssues('followLogs options', [
        { field: 'fromOffset', rule: 'must be a whole number of characters, more than 0' },
      ]);
    }
    return super.followOffset(options);
  }
}

/** Reads a falsy `fromOffset` (0) as "follow new lines only", starting at the log's current end. */
export class FollowZeroMeansNewOnlyConnector extends ReferenceConnector {
  override followLogs(jobId: string, options: FollowLogsOptions = {}): AsyncIterable<string> {
    if (options.fromOffset !== 0) return super.followLogs(jobId, options);
    const self = this;
    return (async function* () {
      const end = (await self.getLogs(jobId, options)).length;
      yield* ReferenceConnector.prototype.followLogs.call(self, jobId, { ...options, fromOffset: end });
    })();
  }
}
