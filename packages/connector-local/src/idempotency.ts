import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InvalidParameterError, JobNotFoundError } from '@neural/integrations-core';
import { errnoCode, sha256 } from './disk.js';
import type { LocalJobStore } from './job-store.js';
import type { LocalJobRecord } from './record.js';

/**
 * Idempotency keys on disk: `<root>/idempotency/<sha256 of the key>` holds the id of the job the key names,
 * created with `link()` so two submits racing for one key agree on a single winner.
 */
export class IdempotencyKeys {
  constructor(private readonly jobs: LocalJobStore) {}

  /** The file that holds the job a key names. */
  keyFile(key: string): string {
    return join(this.jobs.settings.root, 'idempotency', sha256(key));
  }

  /** The job a key already names for the same request; undefined when the key is free. */
  async jobForKey(keyFile: string, requestSha256: string): Promise<string | undefined> {
    let jobId: string;
    try {
      jobId = (await readFile(keyFile, 'utf8')).trim();
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return await this.checkSameRequest(jobId, requestSha256);
    } catch (error) {
      if (!JobNotFoundError.isInstance(error)) throw error;
      // The job this key named was deleted by hand: the key is free again.
      await rm(keyFile, { force: true });
      return undefined;
    }
  }

  /**
   * The job's idempotency key, when its record carries one and the key's file names this job. A record whose
   * submit lost the race for its key, or crashed before claiming it, never ran as that key's job: no tag.
   */
  async keyHeldBy(record: LocalJobRecord): Promise<string | undefined> {
    if (record.idempotencyKey === undefined) return undefined;
    try {
      const holder = await readFile(this.keyFile(record.idempotencyKey), 'utf8');
      return holder.trim() === record.id ? record.idempotencyKey : undefined;
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Records `key → jobId` unless the key is already taken; returns the job the key names. */
  async claimKey(keyFile: string, jobId: string): Promise<string> {
    await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
    const temporary = `${keyFile}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, `${jobId}\n`, { flag: 'wx', mode: 0o600 });
    try {
      // link() creates the name with its contents in one step and fails if the name exists (like O_EXCL).
      await link(temporary, keyFile);
      return jobId;
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw error;
      return (await readFile(keyFile, 'utf8')).trim();
    } finally {
      await rm(temporary, { force: true });
    }
  }

  /** `jobId`, when it was submitted with the same request; `InvalidParameterError` when not. */
  async checkSameRequest(jobId: string, requestSha256: string): Promise<string> {
    const record = await this.jobs.readRecordOf(jobId);
    if (record.requestSha256 !== requestSha256) {
      throw InvalidParameterError.fromIssues('submitJob request', [
        {
          field: 'idempotencyKey',
          rule: `was already used for a different request (job ${jobId}); use a new key for a new job`,
        },
      ]);
    }
    return jobId;
  }
}
