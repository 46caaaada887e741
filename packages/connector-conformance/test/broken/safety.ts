import { readFile } from 'node:fs/promises';
import {
  AuthenticationError,
  type CallOptions,
  type FollowLogsOptions,
  isTerminalStatus,
} from '@neural/integrations-core';
import { ReferenceConnector } from '../support/reference-connector.js';

/**
 * Names the refused key in its error "to help debugging", and freezes the error. (Core's BaseConnector scrubs
 * secrets from the errors its methods throw, in place; a frozen message is beyond its reach, so the suite
 * itself must catch the leak.)
 */
export class LeaksKeyInErrorConnector extends ReferenceConnector {
  override async authenticate(options?: CallOptions): Promise<boolean> {
    const accepted = await super.authenticate(options);
    if (!accepted) {
      throw Object.freeze(
        new AuthenticationError(`The platform refused the API key ${this.credentials.apiKey}`),
      );
    }
    return true;
  }
}

/** Serialises its credentials as they are. */
export class LeaksKeyInJsonConnector extends ReferenceConnector {
  override toJSON(): Record<string, unknown> {
    return { connector: 'LeaksKeyInJsonConnector', credentials: this.credentials };
  }
}

/** Never looks at the signal before doing the work. */
export class IgnoresPreAbortedSignalConnector extends ReferenceConnector {
  protected override async enter(_signal: AbortSignal | undefined): Promise<void> {
    await super.enter(undefined);
  }
}

/** Follows logs without ever looking at the signal: only the job's end stops it. */
export class FollowIgnoresAbortConnector extends ReferenceConnector {
  override async *followLogs(jobId: string, options: FollowLogsOptions = {}): AsyncIterable<string> {
    await this.enter(options.signal);
    let offset = this.followOffset(options);
    for (;;) {
      const status = await this.getJobStatus(jobId);
      const logs = await this.getLogs(jobId);
      if (logs.length > offset) {
        yield logs.slice(offset);
        offset = logs.length;
      }
      if (isTerminalStatus(status)) return;
      await this.platform.clock.sleep(2);
    }
  }
}

/** Lets the file system's ENOENT escape instead of wrapping it. */
export class LetsNodeErrorsEscapeConnector extends ReferenceConnector {
  override async uploadFile(localPath: string, remotePath: string, options?: CallOptions): Promise<boolean> {
    await this.enter(options?.signal);
    this.platform.files.set(remotePath, await readFile(localPath));
    return true;
  }
}
