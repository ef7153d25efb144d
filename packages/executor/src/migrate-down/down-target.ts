// Which migration one step down reverts: the one the tracking table says was applied last, found in
// the migrations folder by its version, with its down part; and the version it leaves behind.
import { basename } from "node:path";
import type { Migration, MigrationSet } from "@rollsafe/parser";
import { MigrateDownRefusal } from "./refusal.js";
import type { DownSource, TrackingState } from "./tracking-table.js";

export interface DownTarget {
  /** The migration's place in the folder's order. */
  index: number;
  migration: Migration;
  version: string;
  down: { path: string; text: string };
  /** The version the tracking table holds afterwards (undefined: none left). */
  previous?: string;
}

/** The version in a migration's file name (`0003_add_age.up.sql` -> 0003, `20240101120000_x.sql`). */
export function fileVersion(migration: Migration): string | undefined {
  return /^(\d+)_/.exec(basename(migration.path))?.[1];
}

/** golang-migrate reads versions as numbers (`0003` is 3); dbmate compares them as text. */
function sameVersion(source: DownSource, file: string, applied: string): boolean {
  return source === "golang-migrate" ? BigInt(file) === BigInt(applied) : file === applied;
}

export function downTarget(set: MigrationSet, source: DownSource, state: TrackingState, table: string): DownTarget {
  if (state.dirty) throw new MigrateDownRefusal(`${table} marks version ${state.current} dirty: that migration failed halfway, so neither its up nor its down state can be trusted. Repair the schema by hand and run \`migrate force <version>\` first`);
  const matches = set.migrations.flatMap((m, i) => {
    const v = fileVersion(m);
    return v !== undefined && sameVersion(source, v, state.current) ? [i] : [];
  });
  // Two files of the applied version: which one ran cannot be known, and reverting the other loses data.
  if (matches.length > 1) throw new MigrateDownRefusal(`version ${state.current} is applied (${table}) but ${matches.map((i) => set.migrations[i]!.path).join(" and ")} both have that version: which one was applied cannot be told, so neither is reverted. Give one of them a new version (golang-migrate itself refuses such a folder)`);
  const index = matches[0] ?? -1;
  if (index < 0) throw new MigrateDownRefusal(`version ${state.current} is applied (${table}) but ${set.root} has no migration with that version: run migrate-down from the checkout of the release that applied it`);
  const migration = set.migrations[index]!;
  const down = migration.down;
  if (!down || !/\S/.test(down.text.replace(/--[^\n]*/g, ""))) throw new MigrateDownRefusal(`${migration.path} has no down migration${down ? " (its down part is empty)" : ""}: there is nothing to run one step down; roll forward with a corrective migration instead`);
  const target: DownTarget = { index, migration, version: state.current, down };
  const previous = source === "dbmate" ? state.applied[1] : set.migrations.slice(0, index).map(fileVersion).filter((v): v is string => v !== undefined).at(-1);
  if (previous !== undefined) target.previous = source === "golang-migrate" ? String(BigInt(previous)) : previous;
  return target;
}
