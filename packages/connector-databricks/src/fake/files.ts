/** The fake's Files API: stored files, and the driver logs a run's cluster delivers to a volume. */
import { apiError, type FakeAnswer, invalidParameter } from './answers.js';
import { printedBy, runMoment } from './run.js';
import type { FakeWorkspaceState } from './state.js';

function checkFilePath(path: string): FakeAnswer | undefined {
  if (!/^\/(Volumes|Workspace)\/[^\0]+[^/]$/.test(path) || path.split('/').includes('..')) {
    return invalidParameter(
      `Invalid path: ${path} (must be an absolute /Volumes/… or /Workspace/… file path)`,
    );
  }
  return undefined;
}

/** `PUT /api/2.0/fs/files{path}`: stores the body; `overwrite=false` refuses an existing file. */
export function putFile(
  state: FakeWorkspaceState,
  path: string,
  query: URLSearchParams,
  body: Uint8Array,
): FakeAnswer {
  const refused = checkFilePath(path);
  if (refused) return refused;
  if (state.files.has(path) && query.get('overwrite') !== 'true') {
    return apiError(409, 'ALREADY_EXISTS', 'The file being created already exists.');
  }
  state.files.set(path, body);
  return { status: 204 };
}

/** `GET` or `HEAD /api/2.0/fs/files{path}`. */
export function getFile(state: FakeWorkspaceState, path: string, headOnly: boolean): FakeAnswer {
  const refused = checkFilePath(path);
  if (refused) return refused;
  const bytes = state.files.get(path) ?? driverLog(state, path);
  if (!bytes) return apiError(404, 'NOT_FOUND', 'The file being accessed is not found.');
  return {
    status: 200,
    bytes: headOnly ? undefined : bytes,
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(bytes.byteLength),
      'last-modified': new Date(state.now()).toUTCString(),
    },
  };
}

/**
 * The driver's stdout of a run whose job cluster delivers its logs to a volume
 * (`<destination>/<cluster id>/driver/stdout`), once the run has ended: delivery is periodic on Databricks,
 * so the fake delivers at the end.
 */
function driverLog(state: FakeWorkspaceState, path: string): Uint8Array | undefined {
  const now = state.now();
  for (const run of state.runs.values()) {
    const fresh = run.task.new_cluster as
      | { cluster_log_conf?: { volumes?: { destination?: string } } }
      | undefined;
    const destination = fresh?.cluster_log_conf?.volumes?.destination;
    if (destination === undefined || path !== `${destination}/${run.clusterId}/driver/stdout`) continue;
    if (runMoment(run, now).endedAt === undefined) return undefined;
    return new TextEncoder().encode(printedBy(run, now));
  }
  return undefined;
}
