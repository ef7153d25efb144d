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
  references?: ForeignKeyReference;
  origin: Origin;
}

/** What a foreign key references, and what it does when the referenced row goes or changes. */
export interface ForeignKeyReference {
  table: QualifiedName;
  /** Empty when the key names none (the referenced table's primary key). */
  columns: string[];
  /** PostgreSQL's action codes (`a` NO ACTION, `r` RESTRICT, `c` CASCADE, `n` SET NULL, `d` SET DEFAULT); absent means `a`. */
  onDelete?: string;
  onUpdate?: string;
  /** `s` MATCH SIMPLE (the default), `f` MATCH FULL, `p` MATCH PARTIAL. */
  match?: string;
}

/** A constraint that existed before a check unit and that unit dropped (kept so a re-add in the same change can be compared with it). */
export interface DroppedConstraint extends Constraint {
  droppedBy: number;
}

export interface Table {
  name: QualifiedName;
  columns: Map<string, Column>;
  constraints: Map<string, Constraint>;
  /**
   * Constraints that existed before a check unit and were dropped by it, oldest first. Replaced, never
   * changed in place, so clones and copies may share the array.
   */
  dropped?: readonly DroppedConstraint[];
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

/**
 * The schema as replayed from migrations: what exists before each statement. Indexes, relations and
 * enum types are never changed in place (the replay replaces them); tables are, through
 * `writableTable`/`ensureTable`, which copy a table shared with a clone first.
 */
export class SchemaModel {
  readonly tables = new Map<QualifiedName, Table>();
  readonly indexes = new Map<QualifiedName, Index>();
  readonly relations = new Map<QualifiedName, OtherRelation>();
  readonly enums = new Map<QualifiedName, EnumType>();
  /** Tables this model shares with a clone of it (or with the model it was cloned from). */
  readonly #shared = new WeakSet<Table>();

  /** The table, or a stand-in for one the model never saw created (it counts as existing). Read only. */
  tableOrUnknown(name: QualifiedName): Table {
    return this.tables.get(name) ?? { name, columns: new Map(), constraints: new Map(), columnsKnown: false, origin: "unknown" };
  }

  /** The table, to change in place (a copy when it was shared with a clone); undefined when there is none. */
  writableTable(name: QualifiedName): Table | undefined {
    const table = this.tables.get(name);
    if (!table || !this.#shared.has(table)) return table;
    const own = cloneTable(table);
    this.tables.set(name, own);
    return own;
  }

  /** The table to change in place, adding one the model has not seen, so that later statements refine it. */
  ensureTable(name: QualifiedName): Table {
    let table = this.writableTable(name);
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

  /**
   * A copy that replays independently of this model. It costs a copy of the maps, not of the
   * tables: each model copies a shared table the first time it changes it (an editor re-lints one
   * migration against the schema of hundreds before it, and that migration changes a few tables).
   */
  clone(): SchemaModel {
    const copy = new SchemaModel();
    for (const [name, table] of this.tables) {
      this.#shared.add(table);
      copy.#shared.add(table);
      copy.tables.set(name, table);
    }
    for (const [name, index] of this.indexes) copy.indexes.set(name, index);
    for (const [name, relation] of this.relations) copy.relations.set(name, relation);
    for (const [name, type] of this.enums) copy.enums.set(name, type);
    return copy;
  }

  renameTable(from: QualifiedName, to: QualifiedName): void {
    const table = this.writableTable(from);
    if (!table) return;
    this.tables.delete(from);
    table.name = to;
    this.tables.set(to, table);
    for (const [name, index] of this.indexes) if (index.table === from) this.indexes.set(name, { ...index, table: to });
    // Foreign keys that reference the table follow it (their tables copied first when shared with a clone).
    for (const other of [...this.tables.values()]) {
      if (![...other.constraints.values()].some((c) => c.references?.table === from)) continue;
      const own = this.writableTable(other.name)!;
      for (const c of own.constraints.values()) if (c.references?.table === from) c.references = { ...c.references, table: to };
    }
  }
}

function cloneTable(table: Table): Table {
  const columns = new Map<string, Column>();
  for (const [name, column] of table.columns) columns.set(name, { ...column });
  const constraints = new Map<string, Constraint>();
  for (const [name, c] of table.constraints) {
    const copy: Constraint = { ...c, columns: [...c.columns] };
    if (c.provesNotNull) copy.provesNotNull = [...c.provesNotNull];
    if (c.references) copy.references = { ...c.references, columns: [...c.references.columns] };
    constraints.set(name, copy);
  }
  return { ...table, columns, constraints };
}

/** Whether an object existed before the unit being checked. */
export function existedBefore(origin: Origin, unit: number): boolean {
  return origin !== unit;
}
