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
  const mods = type.mods.length > 0 && type.name !== "interval" ? `(${type.mods.join(",")})` : "";
  return `${name}${mods}${"[]".repeat(type.arrayDims)}`;
}

export function sameColumnType(a: ColumnType, b: ColumnType): boolean {
  return a.name === b.name && a.arrayDims === b.arrayDims && a.mods.join(",") === b.mods.join(",");
}

/** Why a type change is (or is not) safe for code written against the old type. */
export interface TypeChangeVerdict {
  /** Old code keeps working and PostgreSQL does not rewrite the table or its indexes. */
  compatible: boolean;
  reason: string;
}

/**
 * The changes PostgreSQL makes without a rewrite and old code cannot notice (docs/rules/changing-column-type.md
 * lists them). Anything else narrows, reinterprets or rewrites.
 */
export function typeChangeVerdict(from: ColumnType, to: ColumnType): TypeChangeVerdict {
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
    default:
      return { compatible: false, reason: `${formatColumnType(from)} and ${formatColumnType(to)} are stored differently` };
  }
}

function numericVerdict(from: number[], to: number[]): TypeChangeVerdict {
  if (to.length === 0) return { compatible: true, reason: "numeric without precision holds every value" };
  const [fp, fs = 0] = from;
  const [tp, ts = 0] = to;
  if (fp === undefined) return { compatible: false, reason: `a precision of ${tp} is added to an unconstrained numeric` };
  if (ts === fs && (tp ?? 0) >= fp) return { compatible: true, reason: `the precision grows from ${fp} to ${tp} at the same scale` };
  return { compatible: false, reason: ts !== fs ? `the scale changes from ${fs} to ${ts}` : `the precision shrinks from ${fp} to ${tp}` };
}
