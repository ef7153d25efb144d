// What a path looked like when it was read (modification time and size), to tell cheaply whether
// it may have changed since: a few microseconds per path, against re-reading and re-parsing it.
import { statSync } from "node:fs";

export interface FileStamp {
  path: string;
  /** -1 when the path did not exist. */
  mtimeMs: number;
  size: number;
}

export function stampOf(path: string): FileStamp {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? { path, mtimeMs: stat.mtimeMs, size: stat.size } : { path, mtimeMs: -1, size: -1 };
}

export function unchanged(stamp: FileStamp): boolean {
  const now = stampOf(stamp.path);
  return now.mtimeMs === stamp.mtimeMs && now.size === stamp.size;
}
