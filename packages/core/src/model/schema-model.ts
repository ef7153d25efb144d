import type { ColumnType } from "./column-type.js";
import type { QualifiedName } from "./names.js";

/**
 * When an object appeared. `history` is everything before the migrations being checked; a number
 * is the check unit (one migration, or the whole `--new` set) whose statements created it. Rules
 * compare it with the unit being checked: an object created in the same unit is new, anything
 * else exists, and so do objects the model never saw created.
 */
export type Origin = number | "history" | "unknown";

export interface Column {
  name: string;
  /** Undefined when the model cannot know it (CREATE TABLE AS, LIKE, a table it never saw created). */
  type: ColumnType | undefined;
  notNull: boolean;
  hasDefault: boolean;
  identity: boolean;
  generated: boolean;
  origin: Origin;
}

export type ConstraintKind = "primary-key" | "unique" | "foreign-key" | "check" | "exclusion" | "not-null";

export interface Constraint {
  name: string;
  kind: ConstraintKind;
  columns: string[];
  /** False while a NOT VALID constraint waits for VALIDATE CONSTRAINT. */
  validated: boolean;
  /** For a CHECK: the columns its expression proves non-null (`a IS NOT NULL AND b IS NOT NULL`). */
  provesNotNull?: string[];
  /** For a foreign key: the table and columns it references (PostgreSQL locks that table too when the key changes). */
  references?: { table: QualifiedName; columns: string[] };
  origin: Origin;
}

export interface Table {
  name: QualifiedName;
  columns: Map<string, Column>;
  constraints: Map<string, Constraint>;
  /** False when columns may exist that the model does not know (CREATE TABLE AS, LIKE, unseen tables). */
  columnsKnown: boolean;
  origin: Origin;
}

export interface Index {
  name: QualifiedName;
  table: QualifiedName;
  unique: boolean;
  partial: boolean;
  columns: string[];
  origin: Origin;
}

export type RelationKind = "view" | "materialized-view";

export interface OtherRelation {
  name: QualifiedName;
  kind: RelationKind;
  origin: Origin;
}

export interface EnumType {
  name: QualifiedName;
  values: string[];
  origin: Origin;
}

/** The schema as replayed from migrations: what exists before each statement. */
export class SchemaModel {
  readonly tables = new Map<QualifiedName, Table>();
  readonly indexes = new Map<QualifiedName, Index>();
  readonly relations = new Map<QualifiedName, OtherRelation>();
  readonly enums = new Map<QualifiedName, EnumType>();

  /** The table, or a stand-in for one the model never saw created (it counts as existing). */
  tableOrUnknown(name: QualifiedName): Table {
    return this.tables.get(name) ?? { name, columns: new Map(), constraints: new Map(), columnsKnown: false, origin: "unknown" };
  }

  /** Adds a table the model has not seen, so that later statements refine it. */
  ensureTable(name: QualifiedName): Table {
    let table = this.tables.get(name);
    if (!table) {
      table = this.tableOrUnknown(name);
      this.tables.set(name, table);
    }
    return table;
  }

  dropTable(name: QualifiedName): void {
    this.tables.delete(name);
    for (const [indexName, index] of this.indexes) if (index.table === name) this.indexes.delete(indexName);
  }

  renameTable(from: QualifiedName, to: QualifiedName): void {
    const table = this.tables.get(from);
    if (!table) return;
    this.tables.delete(from);
    table.name = to;
    this.tables.set(to, table);
    for (const index of this.indexes.values()) if (index.table === from) index.table = to;
    for (const other of this.tables.values()) for (const c of other.constraints.values()) if (c.references?.table === from) c.references.table = to;
  }
}

/** Whether an object existed before the unit being checked. */
export function existedBefore(origin: Origin, unit: number): boolean {
  return origin !== unit;
}
