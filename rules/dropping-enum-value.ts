import { defineRule, displayName, quoteIdent, quoteQualified } from "@rollsafe/core";
import { alterTableCommands, columnIsNew } from "./support/alter-table.js";
import { enumChange } from "./support/migration-scan.js";

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

export default defineRule(import.meta.url, {
  meta: {
    description: "Moving a column to an enum that lacks some values of its current enum (Prisma's recreate-the-enum) breaks the previous release's writes of those values.",
    category: "breaking",
    severity: "error",
    equivalents: { squawk: [], strongMigrations: [], atlas: [], eugene: [] },
    statementKinds: ["AlterTableStmt"],
    messages: {
      default:
        'Column "{{column}}" of existing table "{{table}}" moves from enum "{{from}}" to "{{to}}", which lacks {{missing}}: the previous release may still write {{them}}, which now fails, and the statement fails if rows hold {{them}}.{{renamed}}',
    },
  },
  check(statement, context) {
    return alterTableCommands(statement, context).flatMap((command) => {
      if (columnIsNew(command, command.cmd.name, context)) return [];
      const change = enumChange(command, context);
      if (!change || change.missing.length === 0 || change.from.origin === context.unit) return [];
      const table = quoteQualified(command.tableName);
      const column = quoteIdent(change.column);
      const missing = change.missing.map(literal).join(", ");
      return [
        {
          messageId: "default" as const,
          data: {
            column: change.column,
            table: displayName(command.tableName),
            from: displayName(change.from.name),
            to: displayName(change.to.name),
            missing: `${change.missing.length === 1 ? "value" : "values"} ${missing}`,
            them: change.missing.length === 1 ? "it" : "them",
            renamed: change.added.length > 0 ? ` If some were renamed (to ${change.added.map(literal).join(", ")}), the previous release still writes the old names.` : "",
          },
          range: command.range(),
          saferAlternative: [
            `-- Keep the values: an unused enum value costs nothing. Otherwise, release 1: ship code that no longer writes them,`,
            `-- then move the rows that hold them (in batches on big tables):`,
            `UPDATE ${table} SET ${column} = '<value>' WHERE ${column} IN (${missing});`,
            `-- Release 2, once no running or rollback-target version writes them: recreate the enum without them, as this migration does.`,
          ].join("\n"),
        },
      ];
    });
  },
});
