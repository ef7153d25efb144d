import type { RenameStmt } from "@pgsql/types";
import { defineRule, displayName, formatColumnType, nameOfRangeVar, quoteIdent, quoteQualified } from "@rollsafe/core";

export default defineRule(import.meta.url, {
  meta: {
    description: "Renaming a column of an existing table breaks the previous release, which still uses the old name.",
    category: "breaking",
    severity: "error",
    equivalents: { squawk: ["renaming-column"], strongMigrations: ["rename_column"], atlas: ["BC102"], eugene: [] },
    statementKinds: ["RenameStmt"],
    messages: {
      default: 'Column "{{from}}" of existing table "{{table}}" is renamed to "{{to}}": the previous release still uses "{{from}}" and fails, so rolling the code back no longer works.',
    },
  },
  check(statement, context) {
    const stmt = (statement.node as { RenameStmt?: RenameStmt }).RenameStmt;
    const tableName = nameOfRangeVar(stmt?.relation);
    if (stmt?.renameType !== "OBJECT_COLUMN" || stmt.relationType !== "OBJECT_TABLE" || !tableName || !stmt.subname || !stmt.newname) return [];
    const table = context.model.tableOrUnknown(tableName);
    const column = table.columns.get(stmt.subname);
    if (table.origin === context.unit || column?.origin === context.unit) return [];
    const t = quoteQualified(tableName);
    const [from, to] = [quoteIdent(stmt.subname), quoteIdent(stmt.newname)];
    const type = column?.type ? formatColumnType(column.type) : `<type of ${stmt.subname}>`;
    return [
      {
        messageId: "default" as const,
        data: { from: stmt.subname, to: stmt.newname, table: displayName(tableName) },
        saferAlternative: [
          `-- Expand: add the new column and keep both in sync (application dual-writes, or a trigger), then backfill:`,
          `ALTER TABLE ${t} ADD COLUMN ${to} ${type};`,
          `UPDATE ${t} SET ${to} = ${from} WHERE ${to} IS NULL; -- in batches`,
          `-- Ship code that reads ${to}. Contract, in a later release when no running version uses ${from}:`,
          `ALTER TABLE ${t} DROP COLUMN ${from};`,
        ].join("\n"),
      },
    ];
  },
});
