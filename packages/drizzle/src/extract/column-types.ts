// The SQL type drizzle-orm's pg-core column builders declare (each builder's getSQLType(), drizzle-orm
// 0.45), from the builder's name and its config object as written in the schema file.

/** A builder's config, as far as it is static: `{ length: 255 }`, `{ withTimezone: true, precision: 3 }`. */
export type BuilderConfig = Record<string, string | number | boolean | undefined>;

type TypeOf = (config: BuilderConfig) => string;

const fixed = (type: string): TypeOf => () => type;
const precision = (p: unknown) => (p === undefined ? "" : `(${String(p)})`);

export const BUILDER_TYPES: Record<string, TypeOf> = {
  integer: fixed("integer"),
  int: fixed("integer"),
  smallint: fixed("smallint"),
  bigint: fixed("bigint"),
  serial: fixed("serial"),
  smallserial: fixed("smallserial"),
  bigserial: fixed("bigserial"),
  boolean: fixed("boolean"),
  text: fixed("text"),
  varchar: (c) => (c.length === undefined ? "varchar" : `varchar(${c.length})`),
  char: (c) => (c.length === undefined ? "char" : `char(${c.length})`),
  numeric: numeric,
  decimal: numeric,
  real: fixed("real"),
  doublePrecision: fixed("double precision"),
  json: fixed("json"),
  jsonb: fixed("jsonb"),
  uuid: fixed("uuid"),
  date: fixed("date"),
  time: (c) => `time${precision(c.precision)}${c.withTimezone ? " with time zone" : ""}`,
  timestamp: (c) => `timestamp${c.precision === undefined ? "" : ` (${c.precision})`}${c.withTimezone ? " with time zone" : ""}`,
  interval: (c) => `interval${c.fields ? ` ${c.fields}` : ""}${c.precision ? `(${c.precision})` : ""}`,
  inet: fixed("inet"),
  cidr: fixed("cidr"),
  macaddr: fixed("macaddr"),
  macaddr8: fixed("macaddr8"),
  point: fixed("point"),
  line: fixed("line"),
  vector: (c) => `vector(${c.dimensions ?? ""})`,
  halfvec: (c) => `halfvec(${c.dimensions ?? ""})`,
  sparsevec: (c) => `sparsevec(${c.dimensions ?? ""})`,
  bit: (c) => `bit(${c.dimensions ?? ""})`,
  geometry: (c) => `geometry(${c.type ?? "point"}${c.srid === undefined ? "" : `,${c.srid}`})`,
};

function numeric(c: BuilderConfig): string {
  if (c.precision !== undefined && c.scale !== undefined) return `numeric(${c.precision}, ${c.scale})`;
  if (c.precision === undefined) return "numeric";
  return `numeric(${c.precision})`;
}

/** Builders whose column gets its value from a sequence: a NOT NULL column of these needs no default. */
export const SERIAL_TYPES = new Set(["serial", "smallserial", "bigserial"]);
