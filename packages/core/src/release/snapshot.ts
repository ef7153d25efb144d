// The migrations folder as a commit holds it, read from git objects into a temporary folder (the
// working tree is never touched) and then read by the same readers as `rollsafe lint`.
import { mkdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { readMigrationSets, type Migration, type MigrationSet, type SourceKind, type SourceProblem } from "@rollsafe/parser";
import { readBlobs } from "../git/read-blobs.js";
import { treeEntries } from "../git/tree-entries.js";
import { writeTreeFiles } from "../git/write-tree-files.js";

/** Where things are, relative to the repository root (forward slashes; `.` for the root itself). */
export interface RepoLayout {
  root: string;
  /** The working directory, relative to the root: display paths are relative to it, as in `rollsafe lint`. */
  cwd: string;
  /** The migrations folder, relative to the root. */
  dir: string;
  source?: SourceKind;
}

export interface Snapshot {
  commit: string;
  /** The folder the commit's files were written into, at their paths from the repository root. */
  base: string;
  /** Where it was written: `<scratch>/<commit>`; display paths are relative to `<folder>/<cwd>`. */
  cwd: string;
  sets: MigrationSet[];
  problems: SourceProblem[];
  /** Every file under the migrations folder, relative to the repository root. */
  files: Set<string>;
}

/**
 * Writes the commit's files under the migrations folder into `<scratch>/<commit>/` at their paths
 * from the repository root, and reads them. A folder the commit does not have holds no migration.
 */
export function snapshotAt(layout: RepoLayout, commit: string, scratch: string, blobs: Map<string, Buffer>): Snapshot {
  const entries = treeEntries(layout.root, commit, layout.dir);
  readBlobs(layout.root, entries.map((e) => e.blob), blobs);
  const base = join(scratch, commit);
  const cwd = join(base, layout.cwd);
  mkdirSync(cwd, { recursive: true });
  writeTreeFiles(base, commit, entries, blobs);
  const files = new Set(entries.map((e) => e.path));
  if (entries.length === 0) return { commit, base, cwd, sets: [], problems: [], files };
  const read = readMigrationSets([join(base, layout.dir)], { cwd, ...(layout.source ? { source: layout.source } : {}) });
  return { commit, base, cwd, sets: read.sets, problems: read.problems, files };
}

/** A migration's path relative to the repository root, as `treeEntries` gives it. */
export function repoPath(snapshot: Snapshot, migration: Migration): string {
  return relative(snapshot.base, resolve(snapshot.cwd, migration.path)).split("\\").join("/");
}
