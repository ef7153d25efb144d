// The snapshot drizzle-kit will diff the schema file against: the one of the journal's last entry. Used by
// `rollsafe drizzle diff`, `rollsafe compat` and the editor's Drizzle rules.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ConfigError } from "@rollsafe/core";
import { readSnapshotText, SnapshotError, type Snapshot } from "./read-snapshot.js";
import { snapshotFileName } from "./snapshot-checks.js";

export interface LatestSnapshot {
  /** As displayed; undefined when the folder has no migration yet. */
  path: string | undefined;
  /** Undefined when there is no migration yet, or when the last entry's snapshot file is missing (`missing`). */
  snapshot: Snapshot | undefined;
  missing?: { tag: string; path: string };
}

/**
 * Reads `<out>/meta/_journal.json` and the last entry's snapshot; no journal yet means no snapshot. `read`
 * returns a file's text, or undefined when it does not exist (a caller that caches can watch what is read).
 */
export function latestSnapshot(out: string, cwd: string, read: (path: string) => string | undefined = readOrUndefined): LatestSnapshot {
  const journalPath = join(out, "meta", "_journal.json");
  const journalText = read(journalPath);
  if (journalText === undefined) return { path: undefined, snapshot: undefined };
  let tags: string[];
  try {
    const journal = JSON.parse(journalText) as { entries?: { tag?: unknown }[] };
    tags = (journal.entries ?? []).map((e) => e.tag).filter((t): t is string => typeof t === "string");
  } catch (error) {
    throw new ConfigError(`${relative(cwd, journalPath)}: invalid JSON: ${(error as Error).message}`);
  }
  const last = tags.at(-1);
  if (last === undefined) return { path: undefined, snapshot: undefined };
  const path = join(out, "meta", snapshotFileName(last));
  const shown = relative(cwd, path) || path;
  const text = read(path);
  if (text === undefined) return { path: shown, snapshot: undefined, missing: { tag: last, path: shown } };
  try {
    return { path: shown, snapshot: readSnapshotText(text, shown, { locations: true }) };
  } catch (error) {
    if (error instanceof SnapshotError) throw new ConfigError(error.message);
    throw error;
  }
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
