import { defineRule, displayName, quoteIdent, quoteQualified } from "@rollsafe/core";
import { alterTableCommands, columnIsNew, columnOf } from "./support/alter-table.js";

export default defineRule(import.meta.url, {
  meta: {
    description: "Dropping NOT NULL from an existing column lets the new release write NULLs that the previous release may not expect when it reads them.",
    category: "breaking",
    severity: "warn",
    equivalents: { squawk: ["ban-drop-not-null"], strongMigrations: [], atlas: [], eugene: [] },
    statementKinds: ["AlterTableStmt"],
    messages: {
      default:
        'Column "{{column}}" of existing table "{{table}}" may now hold NULL: the previous release may assume it never does (a required field in its models, no NULL check) and fail on the first NULL the new release writes, also after a rollback.',
    },
  },
  check(statement, context) {
    return alterTableCommands(statement, context).flatMap((command) => {
      const name = command.cmd.name;
      if (command.cmd.subtype !== "AT_DropNotNull" || !name || columnIsNew(command, name, context)) return [];
      const column = columnOf(command, name);
      // Known to be nullable already: nothing changes. A column the model never saw is assumed NOT NULL.
      if (column && column.origin !== "unknown" && !column.notNull) return [];
      const table = quoteQualified(command.tableName);
      return [
        {
          messageId: "default" as const,
          data: { column: name, table: displayName(command.tableName) },
          range: command.range(),
          saferAlternative: [
            `-- Release 1: ship code that copes with NULL in ${quoteIdent(name)} (an optional field) while still writing it.`,
            `-- Release 2, once every running or rollback-target version copes with NULL:`,
            `ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(name)} DROP NOT NULL;`,
          ].join("\n"),
        },
      ];
    });
  },
});
