/**
 * `@neural/integrations-core/node`: the parts of core that need Node.js (a file system, `node_modules`):
 * private credentials files, the file job journal, atomic file writes, streaming files to and from a platform
 * over HTTP, and finding installed connector packages. The root entry stays free of `node:` imports, so a bundler for an edge runtime can take it.
 *
 * @packageDocumentation
 */
export {
  type AtomicWriteOptions,
  replaceFileAtomically,
  temporaryPathBeside,
  writeFileAtomic,
} from './atomic-write.js';
export { findConnectorPackage } from './connector-packages.js';
export {
  expandHome,
  loadCredentialsFromFile,
  type StoredCredentials,
  saveCredentialsToFile,
} from './credentials.js';
export { FileJobJournal, type FileJobJournalOptions } from './file-journal.js';
export {
  describeLocalFile,
  fileBody,
  type ResponseDownloadOptions,
  writeDownload,
  writeResponseDownload,
} from './http-files.js';
