import type { ColumnDef } from "@pgsql/types";
import { columnFromDef, defineRule, displayName, formatColumnType, quoteIdent, quoteQualified } from "@rollsafe/core";
import { alterTableCommands, columnOf } from "./support/alter-table.js";

export default defineRule(import.meta.url, {
  meta: {
    description: "Adding a NOT NULL column without a DEFAULT to an existing table breaks the previous release's inserts.",
    category: "breaking",
    severity: "error",
    equivalents: { squawk: ["adding-required-field"], strongMigrations: [], atlas: ["MF103"], eugene: [] },
    statementKinds: ["AlterTableStmt"],
    messages: {
      default:
        'Column "{{column}}" is added to existing table "{{table}}" as NOT NULL without a DEFAULT: the previous release does not know the column, so its INSERTs into "{{table}}" fail (and the ALTER itself fails if the table has rows).',
    },
  },
  check(statement, context) {
    return alterTableCommands(statement, context).flatMap((command) => {
      if (command.cmd.subtype !== "AT_AddColumn" || command.tableIsNew) return [];
      const def = (command.cmd.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef;
      if (!def) return [];
      const column = columnFromDef(def, context.unit);
      // ADD COLUMN IF NOT EXISTS of a column that already exists does nothing.
      if (command.cmd.missing_ok && columnOf(command, column.name)) return [];
      if (!column.notNull || column.hasDefault || column.identity || column.generated) return [];
      const table = quoteQualified(command.tableName);
      const col = quoteIdent(column.name);
      const type = column.type ? formatColumnType(column.type) : "<type>";
      const check = quoteIdent(`${command.tableName.split(".")[1]}_${column.name}_not_null`);
      return [
        {
          messageId: "default" as const,
          data: { column: column.name, table: displayName(command.tableName) },
          range: command.range(),
          saferAlternative: [
            `-- Either give it a default (instant since PostgreSQL 11; old code's inserts get the default):`,
            `ALTER TABLE ${table} ADD COLUMN ${col} ${type} NOT NULL DEFAULT <value>;`,
            `-- Or expand/contract: add it nullable, ship code that writes it, backfill, then enforce.`,
            `ALTER TABLE ${table} ADD COLUMN ${col} ${type};`,
            `-- (next release, once every running version writes ${col} and old rows are backfilled)`,
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
