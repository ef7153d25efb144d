// Which migrations a release adds, and the lint of them against the ones before.
import { resolve } from "node:path";
import type { LintResult } from "../lint.js";
import type { Migration } from "@rollsafe/parser";
import { repoPath, type Snapshot } from "./snapshot.js";

export interface CheckedMigrations {
  migrations: Migration[];
  /** Their absolute paths in the snapshot (the engine's `newPaths`). */
  paths: Set<string>;
}

export interface ReleaseLint {
  snapshot: Snapshot;
  checked: CheckedMigrations;
  lint: LintResult;
}

/** The migrations at the new commit whose file the old commit does not have (by path). */
export function checkedMigrations(after: Snapshot, filesBefore: ReadonlySet<string>): CheckedMigrations {
  const migrations = after.sets.flatMap((s) => s.migrations).filter((m) => !filesBefore.has(repoPath(after, m)));
  return { migrations, paths: new Set(migrations.map((m) => resolve(after.cwd, m.path))) };
}
