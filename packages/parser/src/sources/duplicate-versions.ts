// Two migrations of one version: golang-migrate refuses such a folder ("duplicate migration file")
// and dbmate records versions, not names, so it applies one of them and never the other. rollsafe
// reports each pair as an error naming both files (lint then fails), and migrate-down refuses it:
// reverting "version 3" would pick one of the two, not necessarily the one applied.
import type { Migration, SourceProblem } from "./types.js";

/** The version in a migration's name (`0003_add_age` -> 0003); undefined without one. */
function versionOf(migration: Migration): string | undefined {
  return /^(\d+)_/.exec(migration.name)?.[1];
}

/** golang-migrate reads versions as numbers (`0003` is `3`); dbmate compares the digits as text. */
export function versionKey(version: string, numeric: boolean): string {
  return numeric ? String(BigInt(version)) : version;
}

export function duplicateVersionProblems(migrations: readonly Migration[], tool: "golang-migrate" | "dbmate"): SourceProblem[] {
  const first = new Map<string, Migration>();
  const problems: SourceProblem[] = [];
  for (const migration of migrations) {
    const version = versionOf(migration);
    if (version === undefined) continue;
    const key = versionKey(version, tool === "golang-migrate");
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, migration);
      continue;
    }
    const why = tool === "golang-migrate" ? "golang-migrate refuses a folder with two migrations of one version" : "dbmate records the version only, so it applies one of them and never the other";
    problems.push({ path: migration.path, message: `has version ${key}, as ${earlier.path} does: ${why}, and migrate-down cannot tell which one is applied. Give one of them a new version`, severity: "error" });
  }
  return problems;
}
