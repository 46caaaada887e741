/**
 * The root entry as Node.js resolves it (the `node` export condition) in this release: the edge-safe root
 * (`./index.ts`), plus the names that moved to `@neural/integrations-core/node` and
 * `@neural/integrations-core/testing`, still exported here, deprecated, so code that imports them from the root
 * keeps working until it moves. Runtimes without the `node` condition get the root alone.
 *
 * @packageDocumentation
 */
import {
  type AtomicWriteOptions as NodeAtomicWriteOptions,
  FileJobJournal as NodeFileJobJournal,
  type FileJobJournalOptions as NodeFileJobJournalOptions,
  type StoredCredentials as NodeStoredCredentials,
  expandHome as nodeExpandHome,
  loadCredentialsFromFile as nodeLoadCredentialsFromFile,
  replaceFileAtomically as nodeReplaceFileAtomically,
  saveCredentialsToFile as nodeSaveCredentialsToFile,
  temporaryPathBeside as nodeTemporaryPathBeside,
  writeFileAtomic as nodeWriteFileAtomic,
} from './node/index.js';
import {
  type ManualClock as TestingManualClock,
  createManualClock as testingCreateManualClock,
} from './testing/index.js';

export * from './index.js';

/** @deprecated Import from '@neural/integrations-core/node'. */
export const FileJobJournal = NodeFileJobJournal;
/** @deprecated Import from '@neural/integrations-core/node'. */
export type FileJobJournal = NodeFileJobJournal;
/** @deprecated Import from '@neural/integrations-core/node'. */
export type FileJobJournalOptions = NodeFileJobJournalOptions;
/** @deprecated Import from '@neural/integrations-core/node'. */
export const expandHome = nodeExpandHome;
/** @deprecated Import from '@neural/integrations-core/node'. */
export const loadCredentialsFromFile = nodeLoadCredentialsFromFile;
/** @deprecated Import from '@neural/integrations-core/node'. */
export const saveCredentialsToFile = nodeSaveCredentialsToFile;
/** @deprecated Import from '@neural/integrations-core/node'. */
export type StoredCredentials = NodeStoredCredentials;
/** @deprecated Import from '@neural/integrations-core/node'. */
export const writeFileAtomic = nodeWriteFileAtomic;
/** @deprecated Import from '@neural/integrations-core/node'. */
export const replaceFileAtomically = nodeReplaceFileAtomically;
/** @deprecated Import from '@neural/integrations-core/node'. */
export const temporaryPathBeside = nodeTemporaryPathBeside;
/** @deprecated Import from '@neural/integrations-core/node'. */
export type AtomicWriteOptions = NodeAtomicWriteOptions;
/** @deprecated Import from '@neural/integrations-core/testing'. */
export const createManualClock = testingCreateManualClock;
/** @deprecated Import from '@neural/integrations-core/testing'. */
export type ManualClock = TestingManualClock;
