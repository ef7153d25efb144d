// Where the schema replayed from a drizzle folder's SQL disagrees with the snapshot drizzle-kit stored
// for the same migration (docs/rules/snapshot-drift.md): tables, columns, types and nullability.
import { displayName, formatColumnType, sameColumnType, type QualifiedName, type SchemaModel } from "@rollsafe/core";
import { tableKey, type DrizzleSchema, type DrizzleTable } from "../schema/types.js";
import { columnTypeFromSql, parseTypes, typeSpelling } from "../schema/sql-type.js";

export type DriftKind = "tableOnlyInSql" | "tableOnlyInSnapshot" | "columnOnlyInSql" | "columnOnlyInSnapshot" | "type" | "notNull";

export interface Drift {
  kind: DriftKind;
  table: QualifiedName;
  column?: string;
  /** Message data: table, column, and the two sides' types or nullability. */
  data: Record<string, string>;
}

/** The disagreements between the model and the snapshot, tables in the snapshot's order. */
export function compareWithSnapshot(model: SchemaModel, snapshot: DrizzleSchema): Drift[] {
  // Every type spelling of the snapshot through the grammar in one call (compareTable then finds them cached).
  parseTypes(snapshot.tables.flatMap((t) => t.columns.flatMap((c) => (c.type ? [typeSpelling(c.type, c.typeSchema)] : []))));
  const drifts = snapshot.tables.flatMap((table) => compareTable(model, table));
  return [...drifts, ...tablesOnlyInSql(model, snapshot.tables.map(tableKey))];
}

/** One table of the snapshot against the model: missing there, or its columns. */
export function compareTable(model: SchemaModel, table: DrizzleTable): Drift[] {
  const key = tableKey(table);
  parseTypes(table.columns.flatMap((c) => (c.type ? [typeSpelling(c.type, c.typeSchema)] : [])));
  const modelled = model.tables.get(key);
  // A table the SQL only altered (never created) may still exist: say nothing about its columns either.
  if (!modelled) return [{ kind: "tableOnlyInSnapshot", table: key, data: { table: quote(key) } }];
  if (modelled.origin === "unknown") return [];
  return compareColumns(key, table, modelled);
}

/**
 * Tables the SQL created that the snapshot does not have, in the schemas drizzle-kit manages (those the
 * snapshot has tables in, and public): tables of other schemas (auth, extensions) are outside its schemaFilter.
 */
export function tablesOnlyInSql(model: SchemaModel, snapshotTables: readonly QualifiedName[]): Drift[] {
  const inSnapshot = new Set(snapshotTables);
  const schemas = new Set(["public", ...snapshotTables.map((k) => k.slice(0, k.indexOf(".")))]);
  const drifts: Drift[] = [];
  for (const [key, table] of model.tables) {
    if (inSnapshot.has(key) || table.origin === "unknown" || !schemas.has(key.slice(0, key.indexOf(".")))) continue;
    drifts.push({ kind: "tableOnlyInSql", table: key, data: { table: quote(key) } });
  }
  return drifts;
}

function compareColumns(key: QualifiedName, table: DrizzleTable, modelled: NonNullable<ReturnType<SchemaModel["tables"]["get"]>>): Drift[] {
  const drifts: Drift[] = [];
  const data = (column: string, extra: Record<string, string> = {}) => ({ table: quote(key), column: `"${column}"`, ...extra });
  const compositeKey = new Set(table.primaryKey?.columns ?? []);
  for (const column of table.columns) {
    const replayed = modelled.columns.get(column.name);
    if (!replayed) {
      if (modelled.columnsKnown) drifts.push({ kind: "columnOnlyInSnapshot", table: key, column: column.name, data: data(column.name) });
      continue;
    }
    const expected = column.type ? columnTypeFromSql(typeSpelling(column.type, column.typeSchema)) : undefined;
    if (expected && replayed.type && !sameColumnType(expected, replayed.type)) {
      drifts.push({ kind: "type", table: key, column: column.name, data: data(column.name, { sqlType: formatColumnType(replayed.type), snapshotType: column.type! }) });
    }
    // PostgreSQL makes primary-key and identity columns NOT NULL whatever the snapshot's notNull says.
    const snapshotNotNull = column.notNull || column.primaryKey || !!column.identity || compositeKey.has(column.name);
    if (snapshotNotNull !== replayed.notNull) {
      drifts.push({ kind: "notNull", table: key, column: column.name, data: data(column.name, { sqlNullability: nullability(replayed.notNull), snapshotNullability: nullability(snapshotNotNull) }) });
    }
  }
  const declared = new Set(table.columns.map((c) => c.name));
  for (const name of modelled.columns.keys()) {
    if (!declared.has(name) && modelled.columns.get(name)!.origin !== "unknown") drifts.push({ kind: "columnOnlyInSql", table: key, column: name, data: data(name) });
  }
  return drifts;
}

function nullability(notNull: boolean): string {
  return notNull ? "NOT NULL" : "nullable";
}

function quote(name: QualifiedName): string {
  return `"${displayName(name)}"`;
}

/** A key that stays the same while the same disagreement goes on from one migration to the next. */
export function driftKey(drift: Drift): string {
  return [drift.kind, drift.table, drift.column ?? "", drift.data.sqlType ?? "", drift.data.snapshotType ?? "", drift.data.sqlNullability ?? ""].join("\u0000");
}
