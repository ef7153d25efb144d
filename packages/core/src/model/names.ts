import type { Node, RangeVar } from "@pgsql/types";

/** Unqualified names resolve to `public`; search_path changes inside migrations are not followed. */
export const DEFAULT_SCHEMA = "public";

/** A schema-qualified name: `public.users`. Identifiers are as PostgreSQL stores them (unquoted ones lower-cased by the parser). */
export type QualifiedName = string;

export function qualify(schema: string | undefined, name: string): QualifiedName {
  return `${schema || DEFAULT_SCHEMA}.${name}`;
}

export function nameOfRangeVar(relation: RangeVar | undefined): QualifiedName | undefined {
  if (!relation?.relname) return undefined;
  return qualify(relation.schemaname, relation.relname);
}

/** `["public", "mood"]`-style name lists of DROP TYPE, CREATE TYPE, ... */
export function nameOfList(items: Node[] | undefined): QualifiedName | undefined {
  const parts = (items ?? []).map(stringValue).filter((s): s is string => s !== undefined);
  if (parts.length === 0) return undefined;
  const name = parts[parts.length - 1]!;
  return qualify(parts.length > 1 ? parts[parts.length - 2] : undefined, name);
}

export function stringValue(node: Node | undefined): string | undefined {
  if (node && "String" in node) return node.String.sval;
  return undefined;
}

/** `public.users` -> `"users"`, `audit.log` -> `"audit"."log"`: how suggestions spell a table. */
export function quoteQualified(name: QualifiedName): string {
  const dot = name.indexOf(".");
  const schema = name.slice(0, dot);
  const rel = name.slice(dot + 1);
  return schema === DEFAULT_SCHEMA ? quoteIdent(rel) : `${quoteIdent(schema)}.${quoteIdent(rel)}`;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `public.users` -> `users`; other schemas keep their prefix. For messages. */
export function displayName(name: QualifiedName): string {
  return name.startsWith(`${DEFAULT_SCHEMA}.`) ? name.slice(DEFAULT_SCHEMA.length + 1) : name;
}
