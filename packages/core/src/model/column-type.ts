import type { Node, TypeName } from "@pgsql/types";
import { stringValue } from "./names.js";

/** A column's type as the model keeps it: canonical base name, modifiers, array dimensions. */
export interface ColumnType {
  /** Canonical name: `int4`, `varchar`, `numeric`, `text`, or a user type such as `public.mood`. */
  name: string;
  /** Type modifiers: `varchar(20)` -> [20], `numeric(10,2)` -> [10, 2]; empty when none. */
  mods: number[];
  arrayDims: number;
}

/** Spellings that name the same type (the grammar already maps SQL-standard names to pg_catalog ones). */
const ALIASES: Record<string, string> = {
  integer: "int4",
  int: "int4",
  bigint: "int8",
  smallint: "int2",
  decimal: "numeric",
  "character varying": "varchar",
  character: "bpchar",
  char: "bpchar",
  boolean: "bool",
  real: "float4",
  "double precision": "float8",
  timestamptz: "timestamptz",
  serial: "int4",
  serial4: "int4",
  bigserial: "int8",
  serial8: "int8",
  smallserial: "int2",
  serial2: "int2",
  "bit varying": "varbit",
};

const SERIALS = new Set(["serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"]);

/** How messages and suggestions spell canonical names. */
const DISPLAY: Record<string, string> = {
  int4: "integer",
  int8: "bigint",
  int2: "smallint",
  bpchar: "char",
  bool: "boolean",
  float4: "real",
  float8: "double precision",
};

export function columnTypeOf(typeName: TypeName | undefined): ColumnType | undefined {
  const names = (typeName?.names ?? []).map(stringValue).filter((s): s is string => s !== undefined);
  if (names.length === 0) return undefined;
  const last = names[names.length - 1]!;
  const isCatalog = names.length === 1 || names[0] === "pg_catalog";
  // A user type in the default schema is spelled `mood` or `public.mood`: keep one spelling.
  const base = isCatalog ? (ALIASES[last] ?? last) : names[0] === "public" && names.length === 2 ? last : names.join(".");
  return { name: base, mods: (typeName?.typmods ?? []).map(intValue).filter((n): n is number => n !== undefined), arrayDims: typeName?.arrayBounds?.length ?? 0 };
}

/** Whether the type name is serial/bigserial/smallserial: an integer with a sequence default. */
export function isSerialType(typeName: TypeName | undefined): boolean {
  const names = (typeName?.names ?? []).map(stringValue);
  const last = names[names.length - 1];
  return last !== undefined && SERIALS.has(last);
}

function intValue(node: Node): number | undefined {
  if ("A_Const" in node) {
    const ival = node.A_Const.ival;
    return ival ? (ival.ival ?? 0) : undefined;
  }
  if ("Integer" in node) return node.Integer.ival ?? 0;
  return undefined;
}

export function formatColumnType(type: ColumnType): string {
  const name = DISPLAY[type.name] ?? type.name;
  const mods = type.name === "interval" ? intervalMods(type.mods) : type.mods.length > 0 ? `(${type.mods.join(",")})` : "";
  return `${name}${mods}${"[]".repeat(type.arrayDims)}`;
}

/** interval's fields, in the grammar's bit order (src/include/utils/datetime.h). */
const INTERVAL_FIELDS: [string, number][] = [
  ["year", 2],
  ["month", 1],
  ["day", 3],
  ["hour", 10],
  ["minute", 11],
  ["second", 12],
];

/** `interval(3)`, `interval day to second(2)`: the modifiers are a field mask and a precision. */
function intervalMods(mods: number[]): string {
  const [range, precision] = mods;
  const fields = range === undefined || range === INTERVAL_FULL_RANGE ? [] : INTERVAL_FIELDS.filter(([, bit]) => (range & (1 << bit)) !== 0).map(([f]) => f);
  const spelled = fields.length === 0 ? "" : fields.length === 1 ? ` ${fields[0]}` : ` ${fields[0]} to ${fields[fields.length - 1]}`;
  return `${spelled}${precision === undefined ? "" : `(${precision})`}`;
}

export function sameColumnType(a: ColumnType, b: ColumnType): boolean {
  return a.name === b.name && a.arrayDims === b.arrayDims && a.mods.join(",") === b.mods.join(",");
}

/** Why a type change is (or is not) safe for code written against the old type. */
export interface TypeChangeVerdict {
  /** Old code keeps working and PostgreSQL does not rewrite the table or its indexes. */
  compatible: boolean;
  reason: string;
  /**
   * Set for `timestamp` -> `timestamptz`: existing values are read as local time in the migration
   * session's TimeZone. Not a narrowing, but old code gets values of another type back, and the result
   * depends on a setting the migration file does not show (PostgreSQL 12+ skips the rewrite when it is UTC).
   */
  sessionTimeZone?: boolean;
}

/** What the model knows about the column beyond its type. */
export interface TypeChangeOptions {
  /** An index (or a UNIQUE / PRIMARY KEY / EXCLUDE constraint) covers the column. */
  indexed?: boolean;
}

/** Maximum fractional-second precision of timestamp, time and interval (and what no precision means). */
const MAX_SECONDS_PRECISION = 6;
/** `interval`'s first modifier when no fields (YEAR, DAY TO SECOND, ...) are given. */
const INTERVAL_FULL_RANGE = 32767;

/**
 * The changes PostgreSQL makes without a rewrite and old code cannot notice (docs/rules/changing-column-type.md
 * lists them). Anything else narrows, reinterprets or rewrites.
 */
export function typeChangeVerdict(from: ColumnType, to: ColumnType, options: TypeChangeOptions = {}): TypeChangeVerdict {
  if (sameColumnType(from, to)) return { compatible: true, reason: "the type does not change" };
  if (from.arrayDims !== to.arrayDims) return { compatible: false, reason: "array dimensions change" };
  const [fromLen] = from.mods;
  const [toLen] = to.mods;
  const pair = `${from.name}->${to.name}`;
  switch (pair) {
    case "varchar->varchar":
    case "varbit->varbit":
      if (toLen === undefined) return { compatible: true, reason: "the length limit is removed" };
      if (fromLen !== undefined && toLen >= fromLen) return { compatible: true, reason: `the length limit grows from ${fromLen} to ${toLen}` };
      return { compatible: false, reason: fromLen === undefined ? `a length limit of ${toLen} is added` : `the length limit shrinks from ${fromLen} to ${toLen}` };
    case "varchar->text":
      return { compatible: true, reason: "text holds every varchar value" };
    case "text->varchar":
      if (toLen === undefined) return { compatible: true, reason: "varchar without a length holds every text value" };
      return { compatible: false, reason: `text values longer than ${toLen} characters no longer fit` };
    case "numeric->numeric":
      return numericVerdict(from.mods, to.mods);
    case "cidr->inet":
      return { compatible: true, reason: "inet holds every cidr value" };
    case "timestamp->timestamp":
    case "timestamptz->timestamptz":
    case "time->time":
    case "timetz->timetz":
      return secondsPrecisionVerdict(fromLen, toLen);
    case "interval->interval":
      return intervalVerdict(from.mods, to.mods);
    case "timestamp->timestamptz":
      return {
        compatible: false,
        sessionTimeZone: true,
        reason: "existing values are taken as local time in the migration session's TimeZone, and the previous release reads timestamptz values",
      };
    case "text->citext":
    case "citext->text":
      if (options.indexed) return { compatible: false, reason: "citext stores the same bytes as text, but every index on the column is rebuilt (and a unique one changes meaning: citext compares case-insensitively)" };
      return { compatible: true, reason: "citext stores the same bytes as text and no index on the column needs a rebuild (comparisons become case-insensitive or case-sensitive, which old code's queries may notice)" };
    default:
      return { compatible: false, reason: `${formatColumnType(from)} and ${formatColumnType(to)} are stored differently` };
  }
}

/** timestamp(p), time(p): PostgreSQL relabels without a rewrite when the precision does not shrink. */
function secondsPrecisionVerdict(from: number | undefined, to: number | undefined): TypeChangeVerdict {
  const fromP = from ?? MAX_SECONDS_PRECISION;
  if (to === undefined) return { compatible: true, reason: "the fractional-second precision limit is removed" };
  if (to >= MAX_SECONDS_PRECISION) return { compatible: true, reason: `the fractional-second precision becomes the maximum, ${MAX_SECONDS_PRECISION}` };
  if (from !== undefined && to >= from) return { compatible: true, reason: `the fractional-second precision grows from ${from} to ${to}` };
  return { compatible: false, reason: `fractional seconds are rounded from ${fromP} to ${to} digits` };
}

/** interval(p) and interval <fields>(p): compatible when the fields stay and the precision does not shrink. */
function intervalVerdict(from: number[], to: number[]): TypeChangeVerdict {
  if (to.length === 0) return { compatible: true, reason: "interval without fields or precision holds every value" };
  const [fromRange = INTERVAL_FULL_RANGE, fromP = MAX_SECONDS_PRECISION] = from;
  const [toRange = INTERVAL_FULL_RANGE, toP = MAX_SECONDS_PRECISION] = to;
  if (fromRange !== toRange) return { compatible: false, reason: "the interval's fields change" };
  if (toP >= fromP) return { compatible: true, reason: `the fractional-second precision grows from ${fromP} to ${toP}` };
  return { compatible: false, reason: `fractional seconds are rounded from ${fromP} to ${toP} digits` };
}

function numericVerdict(from: number[], to: number[]): TypeChangeVerdict {
  if (to.length === 0) return { compatible: true, reason: "numeric without precision holds every value" };
  const [fp, fs = 0] = from;
  const [tp, ts = 0] = to;
  if (fp === undefined) return { compatible: false, reason: `a precision of ${tp} is added to an unconstrained numeric` };
  if (ts === fs && (tp ?? 0) >= fp) return { compatible: true, reason: `the precision grows from ${fp} to ${tp} at the same scale` };
  return { compatible: false, reason: ts !== fs ? `the scale changes from ${fs} to ${ts}` : `the precision shrinks from ${fp} to ${tp}` };
}
