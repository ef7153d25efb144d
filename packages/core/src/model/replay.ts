// Replays DDL into the SchemaModel, one statement at a time. Rules run before a statement is
// replayed, so they see the schema as it was; then the statement is applied here.
import type { AlterTableCmd, AlterTableStmt, ColumnDef, Constraint as ConstraintNode, CreateStmt, DropStmt, IndexStmt, Node, RenameStmt } from "@pgsql/types";
import type { Statement } from "@rollsafe/parser";
import { columnTypeOf, isSerialType } from "./column-type.js";
import { nameOfList, nameOfRangeVar, qualify, stringValue, type QualifiedName } from "./names.js";
import type { Column, Constraint, ConstraintKind, ForeignKeyReference, Origin, SchemaModel, Table } from "./schema-model.js";

/** Statement kinds that can change the schema in ways the model cannot follow. */
const UNMODELED: Record<string, string> = {
  DoStmt: "a DO block runs procedural code",
  CreateFunctionStmt: "a function body may run DDL when it is called",
  CallStmt: "a procedure may run DDL",
  ExecuteStmt: "EXECUTE runs a prepared statement whose SQL is not in the migration (dynamic SQL)",
};

/**
 * Statements that run code on every write or query of a table (a trigger's function, a rule's
 * rewrite), the previous release's included: not modelled, unless the table is new in the same change.
 */
const CODE_ON_TABLE: Record<string, string> = {
  CreateTrigStmt: "a trigger runs a function on the table's writes, the previous release's included",
  RuleStmt: "a rule rewrites the queries on the table, the previous release's included",
};

/**
 * Applies a statement; returns why it could not be modelled, if so. An idempotent DO block (drizzle-kit's
 * guarded foreign keys) applies the statement it runs.
 */
export function replayStatement(model: SchemaModel, given: Statement, origin: Origin): string | undefined {
  const statement = given.guarded ?? given;
  const node = statement.node as Record<string, unknown>;
  const unmodeled = UNMODELED[statement.kind];
  if (unmodeled) return unmodeled;
  const onTable = CODE_ON_TABLE[statement.kind];
  if (onTable) {
    const table = nameOfRangeVar((node[statement.kind] as { relation?: { relname?: string; schemaname?: string } }).relation);
    return typeof origin === "number" && table && model.tables.get(table)?.origin === origin ? undefined : onTable;
  }
  switch (statement.kind) {
    case "CreateStmt":
      createTable(model, node.CreateStmt as CreateStmt, origin);
      break;
    case "AlterTableStmt":
      alterTable(model, node.AlterTableStmt as AlterTableStmt, origin);
      break;
    case "RenameStmt":
      rename(model, node.RenameStmt as RenameStmt);
      break;
    case "IndexStmt":
      createIndex(model, node.IndexStmt as IndexStmt, origin);
      break;
    case "DropStmt":
      drop(model, node.DropStmt as DropStmt);
      break;
    case "CreateEnumStmt": {
      const stmt = (node as { CreateEnumStmt: { typeName?: Node[]; vals?: Node[] } }).CreateEnumStmt;
      const name = nameOfList(stmt.typeName);
      if (name) model.enums.set(name, { name, values: (stmt.vals ?? []).map(stringValue).filter((v): v is string => !!v), origin });
      break;
    }
    case "AlterEnumStmt":
      alterEnum(model, (node as { AlterEnumStmt: { typeName?: Node[]; oldVal?: string; newVal?: string } }).AlterEnumStmt);
      break;
    case "ViewStmt": {
      const name = nameOfRangeVar((node as { ViewStmt: { view?: { relname?: string; schemaname?: string } } }).ViewStmt.view);
      if (name) model.relations.set(name, { name, kind: "view", origin });
      break;
    }
    case "CreateTableAsStmt":
      createTableAs(model, (node as { CreateTableAsStmt: { objtype?: string; into?: { rel?: { relname?: string; schemaname?: string } } } }).CreateTableAsStmt, origin);
      break;
  }
  return undefined;
}

function createTable(model: SchemaModel, stmt: CreateStmt, origin: Origin): void {
  const name = nameOfRangeVar(stmt.relation);
  if (!name || (stmt.if_not_exists && model.tables.has(name))) return;
  const table: Table = { name, columns: new Map(), constraints: new Map(), columnsKnown: true, origin };
  for (const element of stmt.tableElts ?? []) {
    if ("ColumnDef" in element) addColumn(table, element.ColumnDef, origin);
    else if ("Constraint" in element) addConstraint(table, element.Constraint, origin);
    else table.columnsKnown = false; // LIKE other_table
  }
  // Partitions and inherited tables get columns from their parent.
  if ((stmt.inhRelations?.length ?? 0) > 0 || stmt.partbound) table.columnsKnown = false;
  model.tables.set(name, table);
}

function createTableAs(model: SchemaModel, stmt: { objtype?: string; into?: { rel?: { relname?: string; schemaname?: string } } }, origin: Origin): void {
  const name = nameOfRangeVar(stmt.into?.rel);
  if (!name) return;
  if (stmt.objtype === "OBJECT_MATVIEW") model.relations.set(name, { name, kind: "materialized-view", origin });
  else model.tables.set(name, { name, columns: new Map(), constraints: new Map(), columnsKnown: false, origin });
}

export function columnFromDef(def: ColumnDef, origin: Origin): Column {
  const constraints = (def.constraints ?? []).map((c) => ("Constraint" in c ? c.Constraint.contype : undefined));
  return {
    name: def.colname ?? "",
    type: columnTypeOf(def.typeName),
    notNull: constraints.includes("CONSTR_NOTNULL") || constraints.includes("CONSTR_PRIMARY") || constraints.includes("CONSTR_IDENTITY"),
    hasDefault: constraints.includes("CONSTR_DEFAULT") || isSerialType(def.typeName),
    identity: constraints.includes("CONSTR_IDENTITY"),
    generated: constraints.includes("CONSTR_GENERATED"),
    origin,
  };
}

function addColumn(table: Table, def: ColumnDef, origin: Origin): void {
  const column = columnFromDef(def, origin);
  table.columns.set(column.name, column);
  for (const c of def.constraints ?? []) {
    if ("Constraint" in c) addConstraint(table, { ...c.Constraint, keys: c.Constraint.keys ?? [{ String: { sval: column.name } }] }, origin);
  }
}

const CONSTRAINT_KINDS: Record<string, ConstraintKind> = {
  CONSTR_PRIMARY: "primary-key",
  CONSTR_UNIQUE: "unique",
  CONSTR_FOREIGN: "foreign-key",
  CONSTR_CHECK: "check",
  CONSTR_EXCLUSION: "exclusion",
};

/** The name PostgreSQL would give an unnamed constraint. */
function defaultConstraintName(table: Table, kind: ConstraintKind, columns: string[]): string {
  const rel = table.name.slice(table.name.indexOf(".") + 1);
  const suffix = { "primary-key": "pkey", unique: "key", "foreign-key": "fkey", check: "check", exclusion: "excl", "not-null": "not_null" }[kind];
  return kind === "primary-key" ? `${rel}_pkey` : `${[rel, ...columns].join("_")}_${suffix}`;
}

function addConstraint(table: Table, node: ConstraintNode, origin: Origin): void {
  const kind = node.contype ? CONSTRAINT_KINDS[node.contype] : undefined;
  if (!kind) return;
  // An inline REFERENCES on a column has no fk_attrs: the column itself (passed as keys) is the key.
  const columns = (kind === "foreign-key" ? (node.fk_attrs ?? node.keys) : node.keys)?.map(stringValue).filter((s): s is string => !!s) ?? [];
  const name = node.conname ?? defaultConstraintName(table, kind, columns);
  const constraint: Constraint = { name, kind, columns, validated: !node.skip_validation, origin };
  if (kind === "check") constraint.provesNotNull = provenNotNull(node.raw_expr);
  const referenced = kind === "foreign-key" ? nameOfRangeVar(node.pktable) : undefined;
  if (referenced) constraint.references = { table: referenced, columns: (node.pk_attrs ?? []).map(stringValue).filter((s): s is string => !!s), ...foreignKeyActions(node) };
  table.constraints.set(name, constraint);
  if (kind === "primary-key") for (const col of columns) markNotNull(table, col);
}

/** The key's actions and match type, left out when they are PostgreSQL's defaults. */
function foreignKeyActions(node: ConstraintNode): Pick<ForeignKeyReference, "onDelete" | "onUpdate" | "match"> {
  return {
    ...(node.fk_del_action && node.fk_del_action !== "a" ? { onDelete: node.fk_del_action } : {}),
    ...(node.fk_upd_action && node.fk_upd_action !== "a" ? { onUpdate: node.fk_upd_action } : {}),
    ...(node.fk_matchtype && node.fk_matchtype !== "s" ? { match: node.fk_matchtype } : {}),
  };
}

function markNotNull(table: Table, column: string): void {
  const col = table.columns.get(column);
  if (col) col.notNull = true;
}

function alterTable(model: SchemaModel, stmt: AlterTableStmt, origin: Origin): void {
  if (stmt.objtype && stmt.objtype !== "OBJECT_TABLE") return;
  const name = nameOfRangeVar(stmt.relation);
  if (!name) return;
  if (stmt.missing_ok && !model.tables.has(name)) return;
  const table = model.ensureTable(name);
  for (const item of stmt.cmds ?? []) {
    if ("AlterTableCmd" in item) applyAlterCommand(table, item.AlterTableCmd, origin);
  }
}

/** Applies one ALTER TABLE sub-command to a table (exported so rules can follow a multi-command statement). */
export function applyAlterCommand(table: Table, cmd: AlterTableCmd, origin: Origin): void {
  const column = cmd.name ? table.columns.get(cmd.name) : undefined;
  const def = cmd.def as Record<string, unknown> | undefined;
  switch (cmd.subtype) {
    case "AT_AddColumn":
      if (def && "ColumnDef" in def) {
        const colDef = def.ColumnDef as ColumnDef;
        if (!(cmd.missing_ok && table.columns.has(colDef.colname ?? ""))) addColumn(table, colDef, origin);
      }
      break;
    case "AT_DropColumn":
      if (cmd.name) {
        table.columns.delete(cmd.name);
        for (const [key, c] of table.constraints) if (c.columns.includes(cmd.name)) table.constraints.delete(key);
      }
      break;
    case "AT_AlterColumnType": {
      const type = def && "ColumnDef" in def ? columnTypeOf((def.ColumnDef as ColumnDef).typeName) : undefined;
      if (cmd.name) ensureColumn(table, cmd.name).type = type;
      break;
    }
    case "AT_SetNotNull":
      if (cmd.name) ensureColumn(table, cmd.name).notNull = true;
      break;
    case "AT_DropNotNull":
      if (column) column.notNull = false;
      break;
    case "AT_ColumnDefault":
      if (cmd.name) ensureColumn(table, cmd.name).hasDefault = def !== undefined;
      break;
    case "AT_AddIdentity":
      if (cmd.name) Object.assign(ensureColumn(table, cmd.name), { identity: true, notNull: true });
      break;
    case "AT_DropIdentity":
      if (column) column.identity = false;
      break;
    case "AT_AddConstraint":
      if (def && "Constraint" in def) addConstraint(table, def.Constraint as ConstraintNode, origin);
      break;
    case "AT_ValidateConstraint": {
      const constraint = cmd.name ? table.constraints.get(cmd.name) : undefined;
      if (constraint) constraint.validated = true;
      break;
    }
    case "AT_DropConstraint":
      if (cmd.name) dropConstraint(table, cmd.name, origin);
      break;
  }
}

/**
 * Removes the constraint. One that existed before the check unit dropping it is remembered on the
 * table: drizzle-kit changes a foreign key's ON DELETE by dropping and re-adding it in one migration,
 * and the re-add is only a new restriction if it is stricter than the key the previous release had.
 */
function dropConstraint(table: Table, name: string, origin: Origin): void {
  const constraint = table.constraints.get(name);
  if (!constraint) return;
  table.constraints.delete(name);
  if (typeof origin === "number" && constraint.origin !== origin) table.dropped = [...(table.dropped ?? []), { ...constraint, droppedBy: origin }];
}

/** A column the model has not seen (on a table it never saw created): assume it existed. */
function ensureColumn(table: Table, name: string): Column {
  let column = table.columns.get(name);
  if (!column) {
    column = { name, type: undefined, notNull: false, hasDefault: false, identity: false, generated: false, origin: "unknown" };
    table.columns.set(name, column);
  }
  return column;
}

function rename(model: SchemaModel, stmt: RenameStmt): void {
  const relation = nameOfRangeVar(stmt.relation);
  const newName = stmt.newname;
  if (!newName) return;
  const sameSchema = qualify(stmt.relation?.schemaname, newName);
  switch (stmt.renameType) {
    case "OBJECT_TABLE":
      if (relation) model.renameTable(relation, sameSchema);
      break;
    case "OBJECT_COLUMN": {
      const table = relation ? model.writableTable(relation) : undefined;
      if (table && stmt.subname && renameEntry(table.columns, stmt.subname, newName)) {
        for (const c of table.constraints.values()) c.columns = c.columns.map((n) => (n === stmt.subname ? newName : n));
        // Foreign keys that reference the column follow it (their tables copied first when shared with a clone).
        const rename = (n: string) => (n === stmt.subname ? newName : n);
        for (const other of [...model.tables.values()]) {
          if (![...other.constraints.values()].some((c) => c.references !== undefined && c.references.table === relation && c.references.columns.includes(stmt.subname!))) continue;
          for (const c of model.writableTable(other.name)!.constraints.values()) {
            if (c.references !== undefined && c.references.table === relation) c.references = { table: c.references.table, columns: c.references.columns.map(rename) };
          }
        }
      }
      break;
    }
    case "OBJECT_TABCONSTRAINT": {
      const table = relation ? model.writableTable(relation) : undefined;
      if (table && stmt.subname) renameEntry(table.constraints, stmt.subname, newName);
      break;
    }
    case "OBJECT_INDEX":
      if (relation) renameEntry(model.indexes, relation, sameSchema);
      break;
    case "OBJECT_VIEW":
    case "OBJECT_MATVIEW":
      if (relation) renameEntry(model.relations, relation, sameSchema);
      break;
    case "OBJECT_TYPE": {
      const from = nameOfList((stmt.object as { List?: { items?: Node[] } } | undefined)?.List?.items);
      if (from) renameEntry(model.enums, from, qualify(from.slice(0, from.indexOf(".")), newName));
      break;
    }
  }
}

/**
 * Moves a named object to its new name (key and `name` field); false when there is none. The entry
 * is replaced, not changed: a clone of the model may share it.
 */
function renameEntry<T extends { name: string }>(map: Map<string, T>, from: string, to: string): boolean {
  const entry = map.get(from);
  if (!entry) return false;
  map.delete(from);
  map.set(to, { ...entry, name: to });
  return true;
}

function createIndex(model: SchemaModel, stmt: IndexStmt, origin: Origin): void {
  const table = nameOfRangeVar(stmt.relation);
  if (!table) return;
  const columns = (stmt.indexParams ?? []).map((p) => ("IndexElem" in p ? (p.IndexElem.name ?? "") : "")).filter(Boolean);
  const rel = table.slice(table.indexOf(".") + 1);
  const name = qualify(stmt.relation?.schemaname, stmt.idxname ?? `${[rel, ...columns].join("_")}_idx`);
  if (stmt.if_not_exists && model.indexes.has(name)) return;
  model.indexes.set(name, { name, table, unique: !!stmt.unique, partial: !!stmt.whereClause, columns, origin });
}

/** The qualified names a DROP statement names. */
export function droppedNames(stmt: DropStmt): QualifiedName[] {
  const names: QualifiedName[] = [];
  for (const object of stmt.objects ?? []) {
    const o = object as Record<string, unknown>;
    let name: QualifiedName | undefined;
    if ("List" in o) name = nameOfList((o.List as { items?: Node[] }).items);
    else if ("TypeName" in o) name = nameOfList((o.TypeName as { names?: Node[] }).names);
    else if ("String" in o) name = qualify(undefined, (o.String as { sval?: string }).sval ?? "");
    if (name) names.push(name);
  }
  return names;
}

function drop(model: SchemaModel, stmt: DropStmt): void {
  for (const name of droppedNames(stmt)) {
    switch (stmt.removeType) {
      case "OBJECT_TABLE":
        model.dropTable(name);
        break;
      case "OBJECT_INDEX":
        model.indexes.delete(name);
        break;
      case "OBJECT_VIEW":
      case "OBJECT_MATVIEW":
        model.relations.delete(name);
        break;
      case "OBJECT_TYPE":
        model.enums.delete(name);
        break;
    }
  }
}

function alterEnum(model: SchemaModel, stmt: { typeName?: Node[]; oldVal?: string; newVal?: string }): void {
  const name = nameOfList(stmt.typeName);
  const type = name ? model.enums.get(name) : undefined;
  if (!name || !type || !stmt.newVal) return;
  // Replaced, not changed: a clone of the model may share it.
  if (stmt.oldVal) model.enums.set(name, { ...type, values: type.values.map((v) => (v === stmt.oldVal ? stmt.newVal! : v)) });
  else if (!type.values.includes(stmt.newVal)) model.enums.set(name, { ...type, values: [...type.values, stmt.newVal] });
}

/** The columns an expression proves non-null: `a IS NOT NULL`, `a IS NOT NULL AND b IS NOT NULL`. */
export function provenNotNull(expr: Node | undefined): string[] {
  if (!expr) return [];
  if ("NullTest" in expr && expr.NullTest.nulltesttype === "IS_NOT_NULL") {
    const fields = (expr.NullTest.arg as { ColumnRef?: { fields?: Node[] } } | undefined)?.ColumnRef?.fields ?? [];
    const column = fields.length > 0 ? stringValue(fields[fields.length - 1]!) : undefined;
    return column ? [column] : [];
  }
  if ("BoolExpr" in expr && expr.BoolExpr.boolop === "AND_EXPR") return (expr.BoolExpr.args ?? []).flatMap(provenNotNull);
  return [];
}
