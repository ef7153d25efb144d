import type { RenameStmt } from "@pgsql/types";
import { defineRule, displayName, nameOfRangeVar, qualify, quoteIdent, quoteQualified } from "@rollsafe/core";

export default defineRule(import.meta.url, {
  meta: {
    description: "Renaming an existing table breaks the previous release, which still uses the old name.",
    category: "breaking",
    severity: "error",
    equivalents: { squawk: ["renaming-table"], strongMigrations: ["rename_table"], atlas: ["BC101"], eugene: [] },
    statementKinds: ["RenameStmt"],
    messages: {
      default: 'Existing table "{{from}}" is renamed to "{{to}}": the previous release still queries "{{from}}" and fails, so rolling the code back no longer works.',
    },
  },
  check(statement, context) {
    const stmt = (statement.node as { RenameStmt?: RenameStmt }).RenameStmt;
    const tableName = nameOfRangeVar(stmt?.relation);
    if (stmt?.renameType !== "OBJECT_TABLE" || !tableName || !stmt.newname) return [];
    if (context.model.tableOrUnknown(tableName).origin === context.unit) return [];
    const newName = qualify(stmt.relation?.schemaname, stmt.newname);
    return [
      {
        messageId: "default" as const,
        data: { from: displayName(tableName), to: displayName(newName) },
        saferAlternative: [
          `-- Rename, and leave an updatable view under the old name for the previous release (simple views are writable):`,
          `ALTER TABLE ${quoteQualified(tableName)} RENAME TO ${quoteIdent(stmt.newname)};`,
          `CREATE VIEW ${quoteQualified(tableName)} AS SELECT * FROM ${quoteQualified(newName)};`,
          `-- Drop the view in a later release, when no running version uses the old name:`,
          `DROP VIEW ${quoteQualified(tableName)};`,
        ].join("\n"),
      },
    ];
  },
});
