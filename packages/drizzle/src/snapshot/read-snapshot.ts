// drizzle-kit's meta/<prefix>_snapshot.json (PostgreSQL, versions 5 to 7) read straight from the file
// (never through drizzle-kit's API: importing it costs ~2 s and it prompts on rename ambiguity) into the
// neutral DrizzleSchema.
import type { DrizzleColumn, DrizzleEnum, DrizzleIndex, DrizzleSchema, DrizzleTable, DrizzleUnique } from "../schema/types.js";
import { locator } from "./locate.js";

export interface Snapshot {
  id: string | undefined;
  prevId: string | undefined;
  version: string | undefined;
  dialect: string | undefined;
  schema: DrizzleSchema;
}

/** A snapshot that is not JSON, or not a drizzle-kit snapshot: the message says where and why. */
export class SnapshotError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    /** UTF-16 offset of the error in the text, when JSON.parse says it. */
    readonly offset: number | undefined,
  ) {
    super(`${file}: ${reason}`);
  }
}

export interface ReadSnapshotOptions {
  /** Record where each table and column is in the text (for messages that point into the snapshot). */
  locations?: boolean;
}

type Json = Record<string, unknown>;

/** Reads a snapshot's text; `file` is how it is displayed. Throws SnapshotError. */
export function readSnapshotText(text: string, file: string, options: ReadSnapshotOptions = {}): Snapshot {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    throw new SnapshotError(file, `is not valid JSON: ${message}`, position === undefined ? undefined : Number(position));
  }
  if (!isObject(raw) || !isObject(raw.tables)) throw new SnapshotError(file, "is not a drizzle-kit snapshot (no tables object)", 0);
  const locate = options.locations ? locator(text, file) : undefined;
  const tables = Object.entries(raw.tables).flatMap(([key, table]) => (isObject(table) ? [readTable(key, table, locate)] : []));
  return {
    id: str(raw.id),
    prevId: str(raw.prevId),
    version: str(raw.version),
    dialect: str(raw.dialect),
    schema: { source: "snapshot", tables, enums: readEnums(raw.enums) },
  };
}

type Locate = ReturnType<typeof locator>;

/** One table of a snapshot's `tables`, from its parsed value (for callers that parse tables one at a time). */
export function readSnapshotTable(key: string, raw: unknown): DrizzleTable | undefined {
  return isObject(raw) ? readTable(key, raw, undefined) : undefined;
}

function readTable(key: string, raw: Json, locate: Locate | undefined): DrizzleTable {
  const name = str(raw.name) ?? key.slice(key.indexOf(".") + 1);
  const schema = str(raw.schema) || "public";
  const tableAt = locate?.key(JSON.stringify(key), 0);
  const compositeKeys = values(raw.compositePrimaryKeys).map(readKey).filter((k): k is { name?: string; columns: string[] } => k !== undefined);
  const columns = values(raw.columns).filter(isObject).map((c) => readColumn(c, locate, tableAt?.offset));
  for (const fk of values(raw.foreignKeys).filter(isObject)) {
    const from = strings(fk.columnsFrom);
    const to = strings(fk.columnsTo);
    // A single-column foreign key is the column's `.references()`; composite ones are left out.
    if (from.length !== 1 || to.length !== 1) continue;
    const column = columns.find((c) => c.name === from[0]);
    if (!column) continue;
    // "no action" is PostgreSQL's default, which a schema file leaves unsaid: keep only real actions.
    const action = (value: unknown) => (typeof value === "string" && value.toLowerCase() !== "no action" ? value.toLowerCase() : undefined);
    const onDelete = action(fk.onDelete);
    const onUpdate = action(fk.onUpdate);
    column.references = { table: `${str(fk.schemaTo) || "public"}.${str(fk.tableTo) ?? ""}`, column: to[0]!, ...(onDelete ? { onDelete } : {}), ...(onUpdate ? { onUpdate } : {}) };
  }
  const table: DrizzleTable = { schema, name, columns, uniques: values(raw.uniqueConstraints).map(readUnique).filter((u): u is DrizzleUnique => u !== undefined), indexes: values(raw.indexes).filter(isObject).map(readIndex) };
  // drizzle-kit writes composite primary keys apart; a one-column one is the column's primaryKey.
  const composite = compositeKeys[0];
  if (composite && composite.columns.length > 1) table.primaryKey = composite;
  else if (composite?.columns.length === 1) for (const c of columns) if (c.name === composite.columns[0]) c.primaryKey = true;
  if (tableAt) table.location = tableAt.location;
  return table;
}

function readColumn(raw: Json, locate: Locate | undefined, tableOffset: number | undefined): DrizzleColumn {
  const name = str(raw.name) ?? "";
  const column: DrizzleColumn = {
    name,
    type: str(raw.type),
    notNull: raw.notNull === true,
    primaryKey: raw.primaryKey === true,
    unique: raw.isUnique === true,
  };
  const typeSchema = str(raw.typeSchema);
  if (typeSchema) column.typeSchema = typeSchema;
  // A boolean or number default comes out as JSON (`false`, `0`); text defaults are SQL already.
  if (raw.default !== undefined && raw.default !== null) column.default = String(raw.default);
  if (raw.identity !== undefined) column.identity = true;
  if (raw.generated !== undefined) column.generated = true;
  const at = locate && tableOffset !== undefined ? locate.key(JSON.stringify(name), tableOffset) : undefined;
  if (at) column.location = at.location;
  return column;
}

/** v6+: `{ name, columns: [...] }`; v5 and older wrote `"col1,col2"` strings (squashed). */
function readKey(raw: unknown): { name?: string; columns: string[] } | undefined {
  if (typeof raw === "string") {
    const [name, columns] = raw.includes(";") ? raw.split(";") : [undefined, raw];
    return { ...(name ? { name } : {}), columns: (columns ?? "").split(",").filter(Boolean) };
  }
  if (!isObject(raw)) return undefined;
  return { ...(str(raw.name) ? { name: str(raw.name)! } : {}), columns: strings(raw.columns) };
}

function readUnique(raw: unknown): DrizzleUnique | undefined {
  const key = readKey(raw);
  if (!key) return undefined;
  const unique: DrizzleUnique = { ...key };
  if (isObject(raw) && raw.nullsNotDistinct === true) unique.nullsNotDistinct = true;
  return unique;
}

function readIndex(raw: Json): DrizzleIndex {
  // v7: columns are `{ expression, isExpression, ... }`; before: plain names.
  const columns = Array.isArray(raw.columns)
    ? raw.columns.flatMap((c: unknown) => (typeof c === "string" ? [c] : isObject(c) && c.isExpression !== true && typeof c.expression === "string" ? [c.expression] : []))
    : [];
  return { ...(str(raw.name) ? { name: str(raw.name)! } : {}), columns, unique: raw.isUnique === true };
}

function readEnums(raw: unknown): DrizzleEnum[] {
  return Object.entries(isObject(raw) ? raw : {}).flatMap(([key, value]) => {
    if (!isObject(value)) return [];
    // v6+: values is an array; v5 and older: an object whose values are the labels.
    const labels = Array.isArray(value.values) ? strings(value.values) : Object.values(isObject(value.values) ? value.values : {}).filter((v): v is string => typeof v === "string");
    return [{ schema: str(value.schema) || (key.includes(".") ? key.slice(0, key.indexOf(".")) : "public"), name: str(value.name) ?? key, values: labels }];
  });
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function values(value: unknown): unknown[] {
  return isObject(value) ? Object.values(value) : [];
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}


