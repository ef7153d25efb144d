import type { ColumnDef } from "@pgsql/types";
import { columnTypeOf, defineRule, displayName, formatColumnType, quoteIdent, quoteQualified, typeChangeVerdict, type RuleContext, type RuleReport } from "@rollsafe/core";
import { alterTableCommands, columnIsNew, columnOf, type AlterCommand } from "./support/alter-table.js";
import { enumChange } from "./support/migration-scan.js";

type MessageId = "incompatible" | "unknownOldType" | "sessionTimeZone";

/** Whether an index, or a constraint backed by one, covers the column (text <-> citext rebuilds it). */
function indexed(command: AlterCommand, column: string, context: RuleContext): boolean {
  for (const index of context.model.indexes.values()) if (index.table === command.tableName && index.columns.includes(column)) return true;
  for (const c of command.tableBefore.constraints.values()) if ((c.kind === "unique" || c.kind === "primary-key" || c.kind === "exclusion") && c.columns.includes(column)) return true;
  return false;
}

export default defineRule(import.meta.url, {
  meta: {
    description: "Changing a column's type on an existing table breaks old code and rewrites the table, unless the change is a known compatible widening.",
    category: "breaking",
    severity: "error",
    alsoCategories: ["data-loss"],
    equivalents: { squawk: ["changing-column-type"], strongMigrations: ["change_column"], atlas: ["PG301"], eugene: ["E5"] },
    statementKinds: ["AlterTableStmt"],
    messages: {
      incompatible:
        'Column "{{column}}" of existing table "{{table}}" changes type from {{from}} to {{to}}: {{reason}}. The previous release may write values the new type rejects or read values it does not expect, and PostgreSQL rewrites the table under an ACCESS EXCLUSIVE lock.',
      sessionTimeZone:
        'Column "{{column}}" of existing table "{{table}}" changes type from {{from}} to {{to}}: existing values are taken as local time in the TimeZone of the session that runs the migration (set it explicitly, e.g. to UTC if they hold UTC; PostgreSQL 12+ then skips the rewrite), and the previous release reads timestamptz values, which drivers map differently. Treat this as a warning once the session TimeZone is pinned.',
      unknownOldType:
        'Column "{{column}}" of existing table "{{table}}" changes type to {{to}}, and its current type is unknown to rollsafe (the migrations that created it were not seen), so this cannot be shown to be a compatible widening.',
    },
  },
  check(statement, context) {
    return alterTableCommands(statement, context).flatMap((command): RuleReport<MessageId>[] => {
      const column = command.cmd.name;
      if (command.cmd.subtype !== "AT_AlterColumnType" || !column || columnIsNew(command, column, context)) return [];
      // One enum for another (Prisma's recreate-the-enum): dropping-enum-value reports lost values; the rest is compatible.
      if (enumChange(command, context)) return [];
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
      const verdict = typeChangeVerdict(from, to, { indexed: indexed(command, column, context) });
      if (verdict.compatible) return [];
      const reported = { ...data, from: formatColumnType(from), reason: verdict.reason };
      if (verdict.sessionTimeZone) {
        const col = quoteIdent(column);
        return [
          {
            messageId: "sessionTimeZone" as const,
            data: reported,
            range: command.range(),
            saferAlternative: [
              `-- Say which zone the stored values are in instead of relying on the session's (ship code that reads timestamptz first):`,
              `SET TimeZone = 'UTC'; -- PostgreSQL 12+ then changes the type without a rewrite`,
              `ALTER TABLE ${table} ALTER COLUMN ${col} TYPE ${formatColumnType(to)};`,
              `-- Values stored in another zone (rewrites the table):`,
              `-- ALTER TABLE ${table} ALTER COLUMN ${col} TYPE ${formatColumnType(to)} USING ${col} AT TIME ZONE '<zone>';`,
            ].join("\n"),
          },
        ];
      }
      return [{ messageId: "incompatible" as const, data: reported, range: command.range(), saferAlternative }];
    });
  },
});
