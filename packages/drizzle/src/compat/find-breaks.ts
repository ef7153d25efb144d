// The core of `rollsafe compat`: replay the migrations the previous release shipped with, then apply the
// new ones statement by statement, and after each one check what the previous release's code expects
// (its schema file or snapshot at the base ref). An expectation that held before the statement and no
// longer holds after it is a break, pointing at both the declaration and the statement. Expectations that
// did not hold even before (drift the old code already lived with) are never blamed on the new migrations.
// Needs the parser loaded (loadParser()).
import { formatColumnType, replayStatement, sameColumnType, SchemaModel, typeChangeVerdict, type Column, type QualifiedName, type Table } from "@rollsafe/core";
import { parseSqlText, type Ast, type Migration, type MigrationSet, type Statement } from "@rollsafe/parser";
import { columnTypeFromSql, parseTypes, typeSpelling } from "../schema/sql-type.js";
import { tableKey, type DrizzleColumn, type DrizzleSchema, type DrizzleTable, type SourceLocation } from "../schema/types.js";
import { touchedTables } from "../snapshot/touched-tables.js";
import type { BreakKind, CompatBreak } from "./types.js";

export interface CompatInput {
  /** The migration sets as they are now (the base's migrations and the new ones). */
  sets: readonly MigrationSet[];
  /** Whether a migration was added since the base (the others are what the previous release shipped with). */
  isNew: (migration: Migration) => boolean;
  /** What the previous release's code expects. */
  expected: DrizzleSchema;
}

/** Objects the new migrations create have a number as origin (each new migration its own); the rest are history. */
const isNewOrigin = (origin: unknown) => typeof origin === "number";

interface Broken {
  kind: BreakKind;
  column?: string;
  message: string;
  declaredAt?: SourceLocation;
}

export function findCompatBreaks(input: CompatInput): CompatBreak[] {
  const expected = new Map(input.expected.tables.map((t) => [tableKey(t), t]));
  parseTypes(input.expected.tables.flatMap((t) => t.columns.flatMap((c) => (c.type ? [typeSpelling(c.type, c.typeSchema)] : []))));
  const breaks: CompatBreak[] = [];
  for (const set of input.sets) {
    const model = new SchemaModel();
    let unit = 0;
    for (const migration of set.migrations) {
      const isNew = input.isNew(migration);
      if (isNew) unit++;
      for (const statement of parseSqlText(migration.text).statements) {
        if (!isNew) {
          replayStatement(model, statement, "history");
          continue;
        }
        const touched = [...new Set(touchedTables(statement))].filter((k) => expected.has(k));
        // Unique indexes come only from CREATE INDEX: the model's index list is read for those statements only.
        const indexes = statement.kind === "IndexStmt";
        const before = new Map(touched.map((k) => [k, evaluate(expected.get(k)!, k, model, unit, indexes)]));
        replayStatement(model, statement, unit);
        for (const key of touched) {
          const after = evaluate(expected.get(key)!, key, model, unit, indexes);
          for (const [id, broken] of after) {
            if (before.get(key)!.has(id)) continue;
            breaks.push({ ...broken, ...renamed(broken, statement), table: key, ...(broken.column ? { column: broken.column } : {}), statement: statementAt(migration, statement) });
          }
        }
      }
    }
  }
  return breaks;
}

/** What of the table's expectations fails against the model, keyed so that the same failure has the same key. */
function evaluate(table: DrizzleTable, key: QualifiedName, model: SchemaModel, unit: number, indexes: boolean): Map<string, Broken> {
  const broken = new Map<string, Broken>();
  const t = show(key);
  const modelled = model.tables.get(key);
  if (!modelled) {
    broken.set("table", { kind: "table-dropped", message: `table ${t} is dropped: every query of the previous release on it fails`, ...declared(table) });
    return broken;
  }
  const known = new Set(table.columns.map((c) => c.name));
  const alreadyUnique = uniqueSets(table);
  // A column the old code does not know and that is nullable without a default is NULL in every row it
  // writes, and NULLs never collide in a unique index (unless NULLS NOT DISTINCT, which the model does not keep).
  const nullForOldCode = (columns: readonly string[]) => columns.some((c) => !known.has(c) && modelled.columns.get(c)?.notNull === false && !modelled.columns.get(c)?.hasDefault);
  for (const column of table.columns) {
    const replayed = modelled.columns.get(column.name);
    const c = `column "${column.name}" of ${t}`;
    if (!replayed) {
      // A table the migrations never created (only altered) may have columns rollsafe has not seen.
      if (modelled.columnsKnown) broken.set(`dropped:${column.name}`, { kind: "column-dropped", column: column.name, message: `${c} is dropped: the previous release still selects, inserts and returns it (drizzle lists every declared column)${addedInstead(modelled, known, unit)}`, ...declared(column) });
      continue;
    }
    const typeBreak = typeChange(column, replayed);
    if (typeBreak) broken.set(`type:${column.name}:${typeBreak.to}`, { kind: "type-changed", column: column.name, message: `${c} changes from ${column.type} to ${typeBreak.to} (${typeBreak.reason}): the previous release reads and writes it as ${column.type}`, ...declared(column) });
    const expectsNotNull = column.notNull || column.primaryKey || !!column.identity || (table.primaryKey?.columns.includes(column.name) ?? false);
    if (!expectsNotNull && replayed.notNull) {
      broken.set(`notnull:${column.name}`, { kind: "now-not-null", column: column.name, message: `${c} becomes NOT NULL: the previous release declares it nullable, so it may write NULL into it or leave it out of its inserts${replayed.hasDefault ? "" : " (it has no default)"}`, ...declared(column) });
    }
  }
  for (const [name, replayed] of modelled.columns) {
    if (known.has(name) || !replayed.notNull || replayed.hasDefault || replayed.identity || replayed.generated) continue;
    broken.set(`required:${name}`, { kind: "required-column", column: name, message: `column "${name}" of ${t} is NOT NULL without a default, and the previous release does not know it: its inserts into ${t} leave it out and fail`, ...declared(table) });
  }
  for (const constraint of modelled.constraints.values()) {
    if (!isNewOrigin(constraint.origin)) continue;
    const cols = constraint.columns.map((c) => `"${c}"`).join(", ");
    if ((constraint.kind === "unique" || constraint.kind === "primary-key") && constraint.columns.some((c) => known.has(c)) && !impliedBy(constraint.columns, alreadyUnique) && !nullForOldCode(constraint.columns)) {
      broken.set(`unique:${constraint.name}`, { kind: "new-unique", column: constraint.columns[0]!, message: `a new ${constraint.kind === "unique" ? "unique" : "primary key"} constraint "${constraint.name}" on ${t} (${cols}): the previous release's writes of duplicate values fail`, ...declared(columnOf(table, constraint.columns[0]!) ?? table) });
    } else if (constraint.kind === "check") {
      // The model does not keep a CHECK's columns: any new CHECK on a table the old code writes can reject its writes.
      broken.set(`check:${constraint.name}`, { kind: "new-check", message: `a new CHECK constraint "${constraint.name}" on ${t}: the previous release's writes that violate it fail`, ...declared(table) });
    }
  }
  for (const index of indexes ? model.indexes.values() : []) {
    if (index.table !== key || !index.unique || !isNewOrigin(index.origin) || !index.columns.some((c) => known.has(c)) || impliedBy(index.columns, alreadyUnique) || nullForOldCode(index.columns)) continue;
    const name = index.name.slice(index.name.indexOf(".") + 1);
    broken.set(`unique:${name}`, { kind: "new-unique", column: index.columns[0]!, message: `a new unique index "${name}" on ${t} (${index.columns.map((c) => `"${c}"`).join(", ")}): the previous release's writes of duplicate values fail`, ...declared(columnOf(table, index.columns[0]!) ?? table) });
  }
  return broken;
}

/** The column sets the old code already keeps unique: its unique columns, unique constraints and indexes, primary key. */
function uniqueSets(table: DrizzleTable): string[][] {
  return [
    ...table.columns.filter((c) => c.unique || c.primaryKey).map((c) => [c.name]),
    ...table.uniques.map((u) => u.columns),
    ...table.indexes.filter((i) => i.unique && i.columns.length > 0).map((i) => i.columns),
    ...(table.primaryKey ? [table.primaryKey.columns] : []),
  ];
}

/**
 * A new unique over `columns` that the old code already respects: it keeps some subset of them unique (a
 * constraint recreated as an index, or widened with a column), so none of its writes can now collide.
 */
function impliedBy(columns: readonly string[], unique: readonly string[][]): boolean {
  return unique.some((set) => set.length > 0 && set.every((c) => columns.includes(c)));
}

function typeChange(column: DrizzleColumn, replayed: Column): { to: string; reason: string } | undefined {
  if (!column.type || !replayed.type) return undefined;
  const expected = columnTypeFromSql(typeSpelling(column.type, column.typeSchema));
  if (!expected || sameColumnType(expected, replayed.type)) return undefined;
  const verdict = typeChangeVerdict(expected, replayed.type);
  return verdict.compatible ? undefined : { to: formatColumnType(replayed.type), reason: verdict.reason };
}

/** A dropped column next to a column the same migration adds, unknown to the old code: a rename done as drop + add. */
function addedInstead(table: Table, known: Set<string>, unit: number): string {
  const added = [...table.columns.values()].filter((c) => c.origin === unit && !known.has(c.name)).map((c) => `"${c.name}"`);
  return added.length > 0 ? `; the same migration adds ${added.join(", ")}: if that is a rename done as DROP + ADD, the data is lost too` : "";
}

/** Turns a drop into a rename when the statement is `RENAME`. */
function renamed(broken: Broken, statement: Statement): Partial<Broken> {
  if (statement.kind !== "RenameStmt") return {};
  const rename = (statement.node as { RenameStmt: Ast.RenameStmt }).RenameStmt;
  if (broken.kind === "table-dropped" && rename.renameType === "OBJECT_TABLE") {
    return { kind: "table-renamed", message: broken.message.replace(/is dropped: every query/, `is renamed to "${rename.newname}": every query`) };
  }
  if (broken.kind === "column-dropped" && rename.renameType === "OBJECT_COLUMN" && rename.subname === broken.column) {
    return { kind: "column-renamed", message: `${broken.message.replace(/ is dropped: .*$/, "")} is renamed to "${rename.newname}": the previous release still selects, inserts and returns "${broken.column}"` };
  }
  return {};
}

function statementAt(migration: Migration, statement: Statement): CompatBreak["statement"] {
  const firstLine = statement.text.split(/\r?\n/)[0]!.trim();
  return { migration: migration.name, location: { file: migration.path, line: statement.range.start.line, column: statement.range.start.column }, sql: firstLine.length > 200 ? `${firstLine.slice(0, 200)}...` : firstLine };
}

function declared(item: { location?: SourceLocation }): { declaredAt?: SourceLocation } {
  return item.location ? { declaredAt: item.location } : {};
}

function columnOf(table: DrizzleTable, name: string): DrizzleColumn | undefined {
  return table.columns.find((c) => c.name === name);
}

function show(key: QualifiedName): string {
  return key.startsWith("public.") ? `"${key.slice(7)}"` : `"${key.replace(".", '"."')}"`;
}
