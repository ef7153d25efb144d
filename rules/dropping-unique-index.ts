import type { DropStmt, IndexStmt } from "@pgsql/types";
import { defineRule, displayName, droppedNames, nameOfRangeVar, quoteIdent, quoteQualified, type RuleContext, type RuleReport } from "@rollsafe/core";
import type { Statement } from "@rollsafe/parser";
import { alterTableCommands } from "./support/alter-table.js";
import { nodeOf, statementsAfter } from "./support/migration-scan.js";

type MessageId = "index" | "constraint";

/** A unique index on the same table and columns created later in the migration: the guarantee stays. */
function recreated(table: string, columns: readonly string[], context: RuleContext): boolean {
  return statementsAfter(context).some((s) => {
    const stmt = nodeOf<IndexStmt>(s, "IndexStmt");
    const cols = (stmt?.indexParams ?? []).map((p) => ("IndexElem" in p ? (p.IndexElem.name ?? "") : ""));
    return !!stmt?.unique && !stmt.whereClause && nameOfRangeVar(stmt.relation) === table && cols.join(",") === columns.join(",");
  });
}

function alternative(table: string, name: string, columns: readonly string[], drop: string): string {
  return [
    `-- Release 1: ship code that neither relies on ${quoteIdent(name)} to reject duplicates nor names its columns in ON CONFLICT.`,
    `--   (ON CONFLICT (${columns.join(", ") || "<columns>"}) fails without a unique index to infer: "there is no unique or exclusion constraint matching".)`,
    `-- Release 2, once no running or rollback-target version needs it:`,
    drop,
    `-- To keep fast lookups without uniqueness, build a plain index first: CREATE INDEX CONCURRENTLY ... ON ${table} (...);`,
  ].join("\n");
}

function fromDropIndex(statement: Statement, context: RuleContext): RuleReport<MessageId>[] {
  const stmt = (statement.node as { DropStmt?: DropStmt }).DropStmt;
  if (stmt?.removeType !== "OBJECT_INDEX") return [];
  return droppedNames(stmt).flatMap((name) => {
    const index = context.model.indexes.get(name);
    if (!index?.unique || index.origin === context.unit || recreated(index.table, index.columns, context)) return [];
    return [
      {
        messageId: "index" as const,
        data: { name: displayName(name), table: displayName(index.table), columns: index.columns.join(", ") || "an expression" },
        saferAlternative: alternative(quoteQualified(index.table), name.slice(name.indexOf(".") + 1), index.columns, `DROP INDEX CONCURRENTLY ${quoteQualified(name)};`),
      },
    ];
  });
}

function fromDropConstraint(statement: Statement, context: RuleContext): RuleReport<MessageId>[] {
  return alterTableCommands(statement, context).flatMap((command) => {
    const name = command.cmd.name;
    if (command.cmd.subtype !== "AT_DropConstraint" || !name || command.tableIsNew) return [];
    const constraint = command.tableBefore.constraints.get(name);
    if (constraint?.kind !== "unique" || constraint.origin === context.unit || recreated(command.tableName, constraint.columns, context)) return [];
    return [
      {
        messageId: "constraint" as const,
        data: { name, table: displayName(command.tableName), columns: constraint.columns.join(", ") },
        range: command.range(),
        saferAlternative: alternative(quoteQualified(command.tableName), name, constraint.columns, `ALTER TABLE ${quoteQualified(command.tableName)} DROP CONSTRAINT ${quoteIdent(name)};`),
      },
    ];
  });
}

export default defineRule(import.meta.url, {
  meta: {
    description: "Dropping a unique index or UNIQUE constraint of an existing table can break the previous release's ON CONFLICT upserts and let duplicates in that it assumes never happen.",
    category: "breaking",
    severity: "warn",
    equivalents: { squawk: ["require-concurrent-index-deletion"], strongMigrations: ["remove_index"], atlas: ["PG102"], eugene: [] },
    statementKinds: ["DropStmt", "AlterTableStmt"],
    messages: {
      index:
        'Unique index "{{name}}" on "{{table}}" ({{columns}}) is dropped: an INSERT ... ON CONFLICT ({{columns}}) of the previous release fails without it, and duplicates it assumes impossible can now be written.',
      constraint:
        'UNIQUE constraint "{{name}}" on "{{table}}" ({{columns}}) is dropped: an INSERT ... ON CONFLICT of the previous release that names it or its columns fails, and duplicates it assumes impossible can now be written.',
    },
  },
  check(statement, context) {
    return statement.kind === "DropStmt" ? fromDropIndex(statement, context) : fromDropConstraint(statement, context);
  },
});
