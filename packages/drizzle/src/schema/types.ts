// The neutral Drizzle schema: plain data (JSON-serialisable, no ts-morph node, no class), produced
// from a schema file (extract/) or from a drizzle-kit snapshot (snapshot/), and compared by diff/.
// Another front end (a typescript-eslint rule) can build the same shape from its own AST.

/** Where something is declared: 1-based line and column (UTF-16), as editors count them. */
export interface SourceLocation {
  /** The file, as displayed (relative to the working directory when inside it). */
  file: string;
  line: number;
  column: number;
}

export interface DrizzleSchema {
  /** What the schema was read from. */
  source: "schema-file" | "snapshot";
  tables: DrizzleTable[];
  enums: DrizzleEnum[];
}

export interface DrizzleTable {
  /** The PostgreSQL schema (`public` unless `pgSchema("...")` or the snapshot says otherwise). */
  schema: string;
  /** The table's SQL name. */
  name: string;
  /** The TypeScript name it is exported as (schema files only): `db.query.<tsName>`. */
  tsName?: string;
  columns: DrizzleColumn[];
  /** A composite primary key (`primaryKey({ columns })`); a single-column one is on the column. */
  primaryKey?: { name?: string; columns: string[] };
  /** Unique constraints over several columns, or named ones (`unique().on(...)`); `.unique()` on a column is on the column. */
  uniques: DrizzleUnique[];
  indexes: DrizzleIndex[];
  location?: SourceLocation;
}

export interface DrizzleColumn {
  /** The SQL name, after drizzle's casing mapping (an explicit name wins). */
  name: string;
  /** The property key in the schema file (schema files only). */
  key?: string;
  /** The SQL type as drizzle-kit writes it in snapshots (`varchar(255)`, `timestamp with time zone`, `mood`, `text[]`); undefined when it cannot be known statically. */
  type: string | undefined;
  /** The schema of a user type (enums outside `public`). */
  typeSchema?: string;
  notNull: boolean;
  /** The database default as SQL text (`now()`, `'draft'`); undefined when there is none. */
  default?: string;
  /** The value comes from the application (`$defaultFn`, `$default`, `$onUpdate`): drizzle fills it in, the database does not. */
  appDefault?: boolean;
  primaryKey: boolean;
  unique: boolean;
  /** `generatedAlwaysAsIdentity()` / `generatedByDefaultAsIdentity()`. */
  identity?: boolean;
  /** `generatedAlwaysAs(...)`: a stored generated column. */
  generated?: boolean;
  references?: DrizzleReference;
  location?: SourceLocation;
}

export interface DrizzleReference {
  /** Qualified as `schema.table`. */
  table: string;
  column: string;
  onDelete?: string;
  onUpdate?: string;
}

export interface DrizzleUnique {
  name?: string;
  columns: string[];
  nullsNotDistinct?: boolean;
  location?: SourceLocation;
}

export interface DrizzleIndex {
  name?: string;
  /** Column names; expressions are left out. */
  columns: string[];
  unique: boolean;
  location?: SourceLocation;
}

export interface DrizzleEnum {
  schema: string;
  name: string;
  values: string[];
  location?: SourceLocation;
}

/** `schema.table`, the key tables are matched by. */
export function tableKey(table: Pick<DrizzleTable, "schema" | "name">): string {
  return `${table.schema || "public"}.${table.name}`;
}
