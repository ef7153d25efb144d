// Looks behind and ahead in the migration around a statement: a DROP followed by a re-creation of the
// same object, a DEFAULT dropped and set again, an object created earlier in the same file. The schema
// model knows tables, indexes, views and enums; this covers what it does not (schemas, functions) and
// what happens after the statement.
import type { AlterTableStmt, ColumnDef, ColumnRef, Node } from "@pgsql/types";
import { columnTypeOf, nameOfList, nameOfRangeVar, qualify, stringValue, type ColumnType, type EnumType, type QualifiedName, type RuleContext } from "@rollsafe/core";
import type { Statement } from "@rollsafe/parser";
import { columnOf, type AlterCommand } from "./alter-table.js";

/** The statements of the migration before the current one. */
export function statementsBefore(context: RuleContext): readonly Statement[] {
  return context.migration.statements.slice(0, context.migration.index);
}

/** The statements of the migration after the current one. */
export function statementsAfter(context: RuleContext): readonly Statement[] {
  return context.migration.statements.slice(context.migration.index + 1);
}

/** The node of a statement of the given kind (`statement.node` is `{ Kind: {...} }`). */
export function nodeOf<T>(statement: Statement, kind: string): T | undefined {
  return statement.kind === kind ? ((statement.node as Record<string, unknown>)[kind] as T) : undefined;
}

/** The ALTER TABLE sub-commands of a statement, if it alters the given table. */
export function alterCommandsOn(statement: Statement, table: QualifiedName): { subtype?: string; name?: string; def?: unknown }[] {
  const stmt = nodeOf<AlterTableStmt>(statement, "AlterTableStmt");
  if (!stmt || (stmt.objtype && stmt.objtype !== "OBJECT_TABLE") || nameOfRangeVar(stmt.relation) !== table) return [];
  return (stmt.cmds ?? []).flatMap((c) => ("AlterTableCmd" in c ? [c.AlterTableCmd] : []));
}

/** The columns an expression names (`a`, `t.a`), without duplicates. */
export function referencedColumns(node: unknown): string[] {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
      return;
    }
    if (!value || typeof value !== "object") return;
    const record = value as Record<string, unknown>;
    if ("ColumnRef" in record) {
      const fields = ((record.ColumnRef as ColumnRef).fields ?? []).map((f) => stringValue(f as Node));
      const last = fields[fields.length - 1];
      if (last) found.add(last);
      return;
    }
    for (const child of Object.values(record)) walk(child);
  };
  walk(node);
  return [...found];
}

/** The text of an ALTER TABLE sub-command, from its range in the source. */
export function commandText(command: AlterCommand, context: RuleContext): string {
  const range = command.range();
  return context.source.text.slice(range.start.offset, range.end.offset).replace(/;\s*$/, "");
}

/** The model's key of a column type that may be a user type: `mood` -> `public.mood`. */
export function enumOfType(type: ColumnType | undefined, context: RuleContext): EnumType | undefined {
  if (!type) return undefined;
  return context.model.enums.get(type.name.includes(".") ? type.name : qualify(undefined, type.name));
}

/** A column moved from one enum the model knows to another (Prisma recreates an enum to drop values). */
export interface EnumChange {
  column: string;
  from: EnumType;
  to: EnumType;
  /** Values of the old enum the new one lacks. */
  missing: string[];
  /** Values of the new enum the old one lacks. */
  added: string[];
}

/**
 * `ALTER COLUMN c TYPE "X_new" USING (...)` where the column's type and the new type are both enums
 * the model knows. When the column's type is unknown (a table from before the first migration), an
 * enum `X_new` created in this change stands for a replacement of the known enum `X`: Prisma's
 * pattern is `CREATE TYPE "X_new" AS ENUM (...)`, the ALTER COLUMN, then renames and `DROP TYPE`.
 */
export function enumChange(command: AlterCommand, context: RuleContext): EnumChange | undefined {
  const column = command.cmd.name;
  if (command.cmd.subtype !== "AT_AlterColumnType" || !column) return undefined;
  const toType = columnTypeOf((command.cmd.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef?.typeName);
  const to = enumOfType(toType, context);
  if (!toType || !to) return undefined;
  const fromType = columnOf(command, column)?.type;
  let from = enumOfType(fromType, context);
  if (fromType && fromType.arrayDims !== toType.arrayDims) return undefined;
  if (!fromType && to.origin === context.unit && to.name.endsWith("_new")) from = context.model.enums.get(to.name.slice(0, -"_new".length));
  if (!from || from === to) return undefined;
  return { column, from, to, missing: from.values.filter((v) => !to.values.includes(v)), added: to.values.filter((v) => !from.values.includes(v)) };
}

/** `CREATE [OR REPLACE] FUNCTION/PROCEDURE` of the given name, if the statement is one. */
export function createdFunction(statement: Statement): QualifiedName | undefined {
  return nameOfList(nodeOf<{ funcname?: Node[] }>(statement, "CreateFunctionStmt")?.funcname);
}
