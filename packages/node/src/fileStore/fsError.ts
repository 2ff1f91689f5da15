import { StoreError } from '@breakwater/core';

export const FILE_DRIVER = 'file';

/**
 * A file-system failure as the store reports it: the driver prefix, what it was doing, the path, and the
 * system's own words (`file: cannot open /data/history-000002.jsonl: EACCES: permission denied, open …`),
 * with the original error kept as `cause` for its `code`.
 */
export function fsError(action: string, path: string, error: unknown): StoreError {
  const reason = error instanceof Error ? error.message : String(error);
  return new StoreError(FILE_DRIVER, `cannot ${action} ${path}: ${reason}`, { cause: error });
}

/** The `code` of a Node system error (`ENOENT`, `EEXIST`, …), if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
