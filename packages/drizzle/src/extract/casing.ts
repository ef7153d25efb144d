// drizzle-orm's column-name mapping for columns declared without a name (drizzle-orm/casing.js,
// `toSnakeCase` and `toCamelCase`), so that a key maps to the SQL name drizzle-kit writes.
import type { DrizzleCasing } from "../config/read-config.js";

const WORDS = /[\da-z]+|[A-Z]+(?![a-z])|[A-Z][\da-z]+/g;

export function toSnakeCase(input: string): string {
  return (input.replace(/['\u2019]/g, "").match(WORDS) ?? []).map((word) => word.toLowerCase()).join("_");
}

export function toCamelCase(input: string): string {
  const words = input.replace(/['\u2019]/g, "").match(WORDS) ?? [];
  return words.reduce((acc, word, i) => acc + (i === 0 ? word.toLowerCase() : `${word[0]!.toUpperCase()}${word.slice(1)}`), "");
}

/** The SQL name of a column: its explicit name, else its key through the casing option. */
export function columnName(key: string, explicit: string | undefined, casing: DrizzleCasing | undefined): string {
  if (explicit !== undefined && explicit !== "") return explicit;
  return casing === "snake_case" ? toSnakeCase(key) : casing === "camelCase" ? toCamelCase(key) : key;
}
