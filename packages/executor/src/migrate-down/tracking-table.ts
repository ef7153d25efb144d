// The migration tool's own record of what is applied, kept exactly as the tool keeps it:
// - golang-migrate: one row `(version bigint, dirty boolean)`; going down one step leaves the
//   previous version (dirty = false), or no row when none is left (its PostgreSQL driver's SetVersion);
// - dbmate: one row per applied migration `(version varchar)`; going down deletes the row.
import type { SourceKind } from "@rollsafe/parser";
import { quoteIdent } from "@rollsafe/core";

export type DownSource = Extract<SourceKind, "golang-migrate" | "dbmate">;

export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface TrackingState {
  /** The applied version that `migrate-down` reverts. */
  current: string;
  /** golang-migrate's dirty flag. */
  dirty: boolean;
  /** Every applied version (dbmate), newest first; golang-migrate has only the current one. */
  applied: string[];
}

/** `schema_migrations`, or `schema.table`, quoted for SQL. */
export function quoteTable(name: string): string {
  return name.split(".").map(quoteIdent).join(".");
}

/** The tracking table's state; undefined when no migration is applied. */
export async function readTracking(db: Queryable, source: DownSource, table: string): Promise<TrackingState | undefined> {
  const t = quoteTable(table);
  if (source === "golang-migrate") {
    const { rows } = await db.query(`SELECT version::text AS version, dirty FROM ${t}`);
    if (rows.length === 0) return undefined;
    const row = rows[0]!;
    return { current: String(row.version), dirty: row.dirty === true, applied: [String(row.version)] };
  }
  const { rows } = await db.query(`SELECT version FROM ${t} ORDER BY version DESC`);
  if (rows.length === 0) return undefined;
  const applied = rows.map((r) => String(r.version));
  return { current: applied[0]!, dirty: false, applied };
}

/** The statement(s) that record one step down, as the tool would. */
export function trackingUpdate(source: DownSource, table: string, current: string, previous: string | undefined): { text: string; values: unknown[] }[] {
  const t = quoteTable(table);
  if (source === "dbmate") return [{ text: `DELETE FROM ${t} WHERE version = $1`, values: [current] }];
  const clear = { text: `DELETE FROM ${t}`, values: [] };
  return previous === undefined ? [clear] : [clear, { text: `INSERT INTO ${t} (version, dirty) VALUES ($1, false)`, values: [previous] }];
}

/** What the tracking table must hold after the step; a sentence per disagreement. */
export async function checkTracking(db: Queryable, source: DownSource, table: string, before: TrackingState, previous: string | undefined): Promise<string[]> {
  const after = await readTracking(db, source, table);
  if (source === "golang-migrate") {
    if (previous === undefined) return after === undefined ? [] : [`${table} should be empty, and holds version ${after.current}`];
    if (!after) return [`${table} should hold version ${previous}, and is empty`];
    const problems: string[] = [];
    if (after.current !== previous) problems.push(`${table} holds version ${after.current}, not ${previous}`);
    if (after.dirty) problems.push(`${table} is marked dirty`);
    return problems;
  }
  const expected = before.applied.filter((v) => v !== before.current);
  const got = after?.applied ?? [];
  return got.length === expected.length && got.every((v, i) => v === expected[i]) ? [] : [`${table} holds ${got.join(", ") || "nothing"}, expected ${expected.join(", ") || "nothing"}`];
}
