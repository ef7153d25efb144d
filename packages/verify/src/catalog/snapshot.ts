// The parts of the catalog a migration's effect is judged by: tables, columns (type, nullability,
// default), constraints, indexes and enums, read with PostgreSQL's own formatting functions so that
// two snapshots compare as text.
import type { Engine } from "../engine/engine.js";
import { FIRST_USER_OID } from "../trace/relations.js";

export interface ColumnInfo {
  attnum: number;
  type: string;
  notNull: boolean;
  default: string | null;
}

export interface TableInfo {
  oid: number;
  columns: Map<string, ColumnInfo>;
}

export interface Catalog {
  tables: Map<string, TableInfo>;
  /** `schema.table.constraint` -> its definition. NOT NULL constraints are left out (they are column nullability; PostgreSQL 18 also lists them here). */
  constraints: Map<string, string>;
  /** `schema.index` -> CREATE INDEX statement. */
  indexes: Map<string, string>;
  /** `schema.type` -> labels in order. */
  enums: Map<string, string[]>;
}

const USER = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`;

const COLUMNS_SQL = `SELECT c.oid::int8::float8 AS oid, n.nspname || '.' || c.relname AS tbl, a.attnum::int AS attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS dflt
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
WHERE c.relkind IN ('r', 'p') AND c.oid >= ${FIRST_USER_OID} AND ${USER}`;

const CONSTRAINTS_SQL = `SELECT n.nspname || '.' || c.relname || '.' || k.conname AS name, pg_get_constraintdef(k.oid) AS def
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE k.contype <> 'n' AND c.oid >= ${FIRST_USER_OID} AND ${USER}`;

const INDEXES_SQL = `SELECT n.nspname || '.' || c.relname AS name, pg_get_indexdef(c.oid) AS def
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('i', 'I') AND c.oid >= ${FIRST_USER_OID} AND ${USER}`;

const ENUMS_SQL = `SELECT n.nspname || '.' || t.typname AS name, array_to_string(array_agg(e.enumlabel ORDER BY e.enumsortorder), chr(31)) AS labels
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
WHERE ${USER} GROUP BY 1`;

interface ColumnRow {
  oid: number;
  tbl: string;
  attnum: number | null;
  attname: string | null;
  type: string | null;
  attnotnull: boolean | null;
  dflt: string | null;
}

export async function readCatalog(engine: Engine): Promise<Catalog> {
  const catalog: Catalog = { tables: new Map(), constraints: new Map(), indexes: new Map(), enums: new Map() };
  for (const row of await engine.query<ColumnRow>(COLUMNS_SQL)) {
    let table = catalog.tables.get(row.tbl);
    if (!table) catalog.tables.set(row.tbl, (table = { oid: Number(row.oid), columns: new Map() }));
    if (row.attname !== null) table.columns.set(row.attname, { attnum: Number(row.attnum), type: row.type ?? "", notNull: !!row.attnotnull, default: row.dflt });
  }
  for (const row of await engine.query<{ name: string; def: string }>(CONSTRAINTS_SQL)) catalog.constraints.set(row.name, row.def);
  for (const row of await engine.query<{ name: string; def: string }>(INDEXES_SQL)) catalog.indexes.set(row.name, row.def);
  for (const row of await engine.query<{ name: string; labels: string }>(ENUMS_SQL)) catalog.enums.set(row.name, row.labels.split("\u001f"));
  return catalog;
}
