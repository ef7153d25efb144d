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

// One query, one row: the four lists as JSON text. Parsing one JSON string costs a fraction of what the
// client spends on thousands of rows (a large schema has thousands of columns).
const CATALOG_SQL = `SELECT json_build_object(
  'columns', (SELECT coalesce(json_agg(json_build_array(x.oid, x.tbl, x.attnum, x.attname, x.type, x.attnotnull, x.dflt)), '[]') FROM (${COLUMNS_SQL}) x),
  'constraints', (SELECT coalesce(json_agg(json_build_array(x.name, x.def)), '[]') FROM (${CONSTRAINTS_SQL}) x),
  'indexes', (SELECT coalesce(json_agg(json_build_array(x.name, x.def)), '[]') FROM (${INDEXES_SQL}) x),
  'enums', (SELECT coalesce(json_agg(json_build_array(x.name, x.labels)), '[]') FROM (${ENUMS_SQL}) x)
)::text AS catalog`;

type ColumnRow = [oid: number, table: string, attnum: number | null, attname: string | null, type: string | null, attnotnull: boolean | null, dflt: string | null];

interface CatalogRows {
  columns: ColumnRow[];
  constraints: [string, string][];
  indexes: [string, string][];
  enums: [string, string][];
}

export async function readCatalog(engine: Engine): Promise<Catalog> {
  const [row] = await engine.query<{ catalog: string }>(CATALOG_SQL);
  const rows = JSON.parse(row?.catalog ?? "{}") as Partial<CatalogRows>;
  const catalog: Catalog = { tables: new Map(), constraints: new Map(rows.constraints ?? []), indexes: new Map(rows.indexes ?? []), enums: new Map() };
  for (const [oid, name, attnum, attname, type, attnotnull, dflt] of rows.columns ?? []) {
    let table = catalog.tables.get(name);
    if (!table) catalog.tables.set(name, (table = { oid: Number(oid), columns: new Map() }));
    if (attname !== null) table.columns.set(attname, { attnum: Number(attnum), type: type ?? "", notNull: !!attnotnull, default: dflt });
  }
  for (const [name, labels] of rows.enums ?? []) catalog.enums.set(name, labels.split("\u001f"));
  return catalog;
}
