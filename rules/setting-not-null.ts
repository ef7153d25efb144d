import { defineRule, displayName, quoteIdent, quoteQualified } from "@rollsafe/core";
import { alterTableCommands, columnOf } from "./support/alter-table.js";

export default defineRule(import.meta.url, {
  meta: {
    description: "SET NOT NULL on an existing column breaks the previous release's writes of NULL (and, on a column the change added without a default, its inserts).",
    category: "breaking",
    severity: "error",
    equivalents: { squawk: ["adding-not-nullable-field"], strongMigrations: ["change_column_null"], atlas: ["MF104", "PG303"], eugene: ["E2"] },
    statementKinds: ["AlterTableStmt"],
    messages: {
      existingColumn:
        'Column "{{column}}" of existing table "{{table}}" becomes NOT NULL: the previous release may still insert or update it with NULL, which now fails (and the statement fails if NULLs exist).',
      newColumnWithoutDefault:
        'Column "{{column}}" was added to existing table "{{table}}" in this change and becomes NOT NULL without a DEFAULT: the previous release does not know the column, so its INSERTs fail.',
    },
  },
  check(statement, context) {
    return alterTableCommands(statement, context).flatMap((command) => {
      const name = command.cmd.name;
      if (command.cmd.subtype !== "AT_SetNotNull" || !name || command.tableIsNew) return [];
      const column = columnOf(command, name);
      if (column?.notNull || column?.identity) return [];
      const addedNow = column?.origin === context.unit;
      // A column this change added gets a value in old code's INSERTs from its default or its expression.
      if (addedNow && (column?.hasDefault || column?.generated)) return [];
      const table = quoteQualified(command.tableName);
      const col = quoteIdent(name);
      const check = quoteIdent(`${command.tableName.split(".")[1]}_${name}_not_null`);
      return [
        {
          messageId: addedNow ? ("newColumnWithoutDefault" as const) : ("existingColumn" as const),
          data: { column: name, table: displayName(command.tableName) },
          range: command.range(),
          saferAlternative: [
            `-- Release 1: ship code that never writes NULL to ${col}${addedNow ? " (or give the column a DEFAULT)" : ""}; backfill old rows in batches:`,
            `UPDATE ${table} SET ${col} = <value> WHERE ${col} IS NULL;`,
            `-- Release 2: enforce without a long lock (PostgreSQL 12+ uses the validated CHECK to skip the scan):`,
            `ALTER TABLE ${table} ADD CONSTRAINT ${check} CHECK (${col} IS NOT NULL) NOT VALID;`,
            `ALTER TABLE ${table} VALIDATE CONSTRAINT ${check};`,
            `ALTER TABLE ${table} ALTER COLUMN ${col} SET NOT NULL;`,
            `ALTER TABLE ${table} DROP CONSTRAINT ${check};`,
          ].join("\n"),
        },
      ];
    });
  },
});
