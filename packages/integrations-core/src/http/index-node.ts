/**
 * `@neural/integrations-core/http` as Node.js resolves it (the `node` export condition) in this release: the
 * edge-safe HTTP plumbing, plus the file helpers that moved to `@neural/integrations-core/node`, still
 * exported here, deprecated, so code that imports them from `./http` keeps working until it moves.
 *
 * @packageDocumentation
 */
import {
  type ResponseDownloadOptions as NodeResponseDownloadOptions,
  describeLocalFile as nodeDescribeLocalFile,
  fileBody as nodeFileBody,
  writeDownload as nodeWriteDownload,
  writeResponseDownload as nodeWriteResponseDownload,
} from '../node/http-files.js';

export * from './index.js';

/** @deprecated Import from '@neural/integrations-core/node'. */
export const describeLocalFile = nodeDescribeLocalFile;
/** @deprecated Import from '@neural/integrations-core/node'. */
export const fileBody = nodeFileBody;
/** @deprecated Import from '@neural/integrations-core/node'. */
export const writeDownload = nodeWriteDownload;
/** @deprecated Import from '@neural/integrations-core/node'. */
export const writeResponseDownload = nodeWriteResponseDownload;
/** @deprecated Import from '@neural/integrations-core/node'. */
export type ResponseDownloadOptions = NodeResponseDownloadOptions;
