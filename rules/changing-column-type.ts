import type { ColumnDef } from "@pgsql/types";
import { columnTypeOf, defineRule, displayName, formatColumnType, quoteIdent, quoteQualified, typeChangeVerdict, type RuleReport } from "@rollsafe/core";
import { alterTableCommands, columnIsNew, columnOf } from "./support/alter-table.js";

export default defineRule(import.meta.url, {
  meta: {
    description: "Changing a column's type on an existing table breaks old code and rewrites the table, unless the change is a known compatible widening.",
    category: "breaking",
    severity: "error",
    equivalents: { squawk: ["changing-column-type"], strongMigrations: ["change_column"], atlas: ["PG301"], eugene: ["E5"] },
    statementKinds: ["AlterTableStmt"],
    messages: {
      incompatible:
        'Column "{{column}}" of existing table "{{table}}" changes type from {{from}} to {{to}}: {{reason}}. The previous release may write values the new type rejects or read values it does not expect, and PostgreSQL rewrites the table under an ACCESS EXCLUSIVE lock.',
      unknownOldType:
        'Column "{{column}}" of existing table "{{table}}" changes type to {{to}}, and its current type is unknown to rollsafe (the migrations that created it were not seen), so this cannot be shown to be a compatible widening.',
    },
  },
  check(statement, context) {
    return alterTableCommands(statement, context).flatMap((command): RuleReport<"incompatible" | "unknownOldType">[] => {
      const column = command.cmd.name;
      if (command.cmd.subtype !== "AT_AlterColumnType" || !column || columnIsNew(command, column, context)) return [];
      const to = columnTypeOf((command.cmd.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef?.typeName);
      if (!to) return [];
      const from = columnOf(command, column)?.type;
      const data = { column, table: displayName(command.tableName), to: formatColumnType(to) };
      const table = quoteQualified(command.tableName);
      const temp = quoteIdent(`${column}_new`);
      const saferAlternative = [
        `-- Expand: add a new column of the new type, write both from the application, backfill in batches:`,
        `ALTER TABLE ${table} ADD COLUMN ${temp} ${formatColumnType(to)};`,
        `UPDATE ${table} SET ${temp} = ${quoteIdent(column)}::${formatColumnType(to)} WHERE ${temp} IS NULL; -- in batches`,
        `-- Contract (a later release, when no running version reads ${quoteIdent(column)}): switch reads, then drop the old column.`,
      ].join("\n");
      if (!from) return [{ messageId: "unknownOldType" as const, data, range: command.range(), saferAlternative }];
      const verdict = typeChangeVerdict(from, to);
      if (verdict.compatible) return [];
      return [{ messageId: "incompatible" as const, data: { ...data, from: formatColumnType(from), reason: verdict.reason }, range: command.range(), saferAlternative }];
    });
  },
});
