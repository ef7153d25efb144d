import { defineRule, displayName, quoteIdent, quoteQualified } from "@rollsafe/core";
import { alterTableCommands, columnIsNew, columnOf } from "./support/alter-table.js";

export default defineRule(import.meta.url, {
  meta: {
    description: "Dropping a column of an existing table breaks the previous release, which still reads and writes it, and destroys its data.",
    category: "breaking",
    severity: "error",
    alsoCategories: ["data-loss"],
    equivalents: { squawk: ["ban-drop-column"], strongMigrations: ["remove_column"], atlas: ["DS103"], eugene: [] },
    statementKinds: ["AlterTableStmt"],
    messages: {
      default:
        'Column "{{column}}" of existing table "{{table}}" is dropped: the previous release still selects or inserts it and fails, so rolling the code back no longer works. Its data is gone for good.',
    },
  },
  check(statement, context) {
    return alterTableCommands(statement, context).flatMap((command) => {
      const column = command.cmd.name;
      if (command.cmd.subtype !== "AT_DropColumn" || !column || columnIsNew(command, column, context)) return [];
      if (command.cmd.missing_ok && command.table.columnsKnown && !columnOf(command, column)) return [];
      const table = quoteQualified(command.tableName);
      return [
        {
          messageId: "default" as const,
          data: { column, table: displayName(command.tableName) },
          range: command.range(),
          saferAlternative: [
            `-- Release 1: ship code that no longer reads or writes ${quoteIdent(column)} (e.g. Drizzle: remove it from the schema;`,
            `-- Rails: ignored_columns; Prisma: remove the field). If the column is NOT NULL, let old and new code coexist:`,
            `ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(column)} DROP NOT NULL;`,
            `-- Release 2, once no running or rollback-target version uses it (back up the data if it matters):`,
            `ALTER TABLE ${table} DROP COLUMN ${quoteIdent(column)};`,
          ].join("\n"),
        },
      ];
    });
  },
});
