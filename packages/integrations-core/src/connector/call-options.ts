/** Options every platform call accepts. */
export interface CallOptions {
  /** Aborts the call; it then rejects with `OperationAbortedError`. */
  signal?: AbortSignal | undefined;
}
